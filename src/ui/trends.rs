//! Trends: for the whole portfolio and each director, say/do, proactive
//! share and visits per month over the last twelve, as bars.

use super::Ctx;
use crate::app::list::window_start;
use crate::app::trends::Months;
use crate::app::trends::TrendsView;
use crate::domain::figures::{percent, sparkline};
use crate::domain::Date;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// The months' initials, oldest first: "DJFMAMJJASON".
pub fn initials(months: &[Date]) -> String {
    months
        .iter()
        .map(|d| d.strftime("%b").to_string().chars().next().unwrap_or(' '))
        .collect()
}

/// The three bars of a set of months and the figures of month `at`:
/// (say/do, proactive share, visits).
pub fn bars_at(m: &Months, at: usize) -> [(String, String); 3] {
    let say: Vec<Option<f64>> = m.iter().map(|x| x.say_do.ratio()).collect();
    let pro: Vec<Option<f64>> = m.iter().map(|x| x.visits.share()).collect();
    let visits: Vec<Option<f64>> = m
        .iter()
        .map(|x| (x.visits.total > 0).then_some(x.visits.total as f64))
        .collect();
    let most = m.iter().map(|x| x.visits.total).max().unwrap_or(0) as f64;
    let month = m.get(at).copied().unwrap_or_default();
    [
        (sparkline(&say, 1.0), percent(month.say_do.ratio())),
        (sparkline(&pro, 1.0), percent(month.visits.share())),
        (sparkline(&visits, most), month.visits.total.to_string()),
    ]
}

/// The three bars of a set of months and their latest figures:
/// (say/do, proactive share, visits).
pub fn bars(m: &Months) -> [(String, String); 3] {
    bars_at(m, m.len().saturating_sub(1))
}

pub fn draw(frame: &mut Frame, cx: &Ctx, v: &TrendsView, area: Rect) {
    let [title, info, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let months = &v.trends.months;
    let at = v.month();
    heading(frame, cx, months, at, title, info);
    let rows = v.rows();
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, rows.len(), height);
    let accent = cx.theme.style(Role::Accent);
    let muted = cx.theme.style(Role::Muted);
    let out: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (label, m))| {
            let [s, p, n] = bars_at(m, at);
            let cell = |(bar, last): (String, String)| {
                Cell::from(Line::from(vec![
                    Span::styled(bar, accent),
                    Span::styled(format!(" {last:>4}"), muted),
                ]))
            };
            let row = Row::new(vec![Cell::from(label.clone()), cell(s), cell(p), cell(n)]);
            if i == v.list.selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    // The months' initials, the one shown marked, the current one last.
    let head = initials(months);
    let marked = |title: &str| -> Text<'static> {
        let mut spans = Vec::new();
        for (i, c) in head.chars().enumerate() {
            let style = if i == at {
                cx.theme.style(Role::Selection)
            } else {
                cx.theme.style(Role::Header)
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        Text::from(vec![Line::from(title.to_string()), Line::from(spans)])
    };
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(marked("Say/do")),
        Cell::from(marked("Proactive")),
        Cell::from(marked("Visits")),
    ])
    .height(2)
    .style(cx.theme.style(Role::Header));
    let longest = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(12);
    let widths = [
        Constraint::Length(longest.clamp(12, 28) as u16),
        Constraint::Length(18),
        Constraint::Length(18),
        Constraint::Length(18),
    ];
    frame.render_widget(
        Table::new(out, widths).header(header).column_spacing(2),
        table,
    );
}

/// The title (the months shown, the one after each bar) and the key to
/// the bars.
fn heading(
    frame: &mut Frame,
    cx: &Ctx,
    months: &[crate::domain::Date],
    at: usize,
    title: Rect,
    info: Rect,
) {
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{} – {}", a.strftime("%b %Y"), b.strftime("%b %Y")),
        _ => "loading…".into(),
    };
    frame.render_widget(
        Paragraph::new(super::widgets::title_line(
            cx,
            "Trends ",
            format!(
                "· per month, {span} (this month so far) · after each bar: {} · ←/→ another month",
                months.get(at).map_or(String::new(), |m| {
                    if at + 1 == months.len() {
                        format!("{} so far", m.strftime("%b %Y"))
                    } else {
                        m.strftime("%b %Y").to_string()
                    }
                })
            ),
        )),
        title,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            "bars ▁ low … █ high: say/do, proactive 0–100% · visits up to the row's busiest month · · nothing that month · say/do: commitments judged that month",
            cx.theme.style(Role::Muted),
        )),
        info,
    );
}
