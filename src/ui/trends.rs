//! Trends: for the whole portfolio and each director, say/do, proactive
//! share and visits per month over the last twelve, as bars.

use crate::app::list::window_start;
use crate::app::trends::Months;
use crate::app::App;
use crate::domain::figures::{percent, sparkline};
use crate::domain::Date;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// The months' initials, oldest first: "DJFMAMJJASON".
pub fn initials(months: &[Date]) -> String {
    months
        .iter()
        .map(|d| d.strftime("%b").to_string().chars().next().unwrap_or(' '))
        .collect()
}

/// The three bars of a set of months and their latest figures:
/// (say/do, proactive share, visits).
pub fn bars(m: &Months) -> [(String, String); 3] {
    let say: Vec<Option<f64>> = m.iter().map(|x| x.say_do.ratio()).collect();
    let pro: Vec<Option<f64>> = m.iter().map(|x| x.visits.share()).collect();
    let visits: Vec<Option<f64>> = m
        .iter()
        .map(|x| (x.visits.total > 0).then_some(x.visits.total as f64))
        .collect();
    let most = m.iter().map(|x| x.visits.total).max().unwrap_or(0) as f64;
    let last = m.last().copied().unwrap_or_default();
    [
        (sparkline(&say, 1.0), percent(last.say_do.ratio())),
        (sparkline(&pro, 1.0), percent(last.visits.share())),
        (sparkline(&visits, most), last.visits.total.to_string()),
    ]
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let v = &app.trends;
    let [title, info, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let months = &v.trends.months;
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{} – {}", a.strftime("%b %Y"), b.strftime("%b %Y")),
        _ => "loading…".into(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(
            vec![
                Span::styled("Trends ", app.theme.style(Role::Title)),
                Span::styled(
                    format!("· per month, {span} · the figure after each bar is this month's"),
                    app.theme.style(Role::Header),
                ),
            ]
            .into_iter()
            .chain(super::widgets::counting_span(app))
            .collect::<Vec<_>>(),
        )),
        title,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            "say/do: the commitments on the accounts, judged that month · proactive: share of that month's visits · · = nothing that month",
            app.theme.style(Role::Muted),
        )),
        info,
    );
    let rows = v.rows();
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, rows.len(), height);
    let accent = app.theme.style(Role::Accent);
    let muted = app.theme.style(Role::Muted);
    let out: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (label, m))| {
            let [s, p, n] = bars(m);
            let cell = |(bar, last): (String, String)| {
                Cell::from(Line::from(vec![
                    Span::styled(bar, accent),
                    Span::styled(format!(" {last:>4}"), muted),
                ]))
            };
            let row = Row::new(vec![Cell::from(label.clone()), cell(s), cell(p), cell(n)]);
            if i == v.list.selected {
                row.style(app.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    let head = initials(months);
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(format!("Say/do\n{head}")),
        Cell::from(format!("Proactive\n{head}")),
        Cell::from(format!("Visits\n{head}")),
    ])
    .height(2)
    .style(app.theme.style(Role::Header));
    let widths = [
        Constraint::Min(16),
        Constraint::Length(18),
        Constraint::Length(18),
        Constraint::Length(18),
    ];
    frame.render_widget(
        Table::new(out, widths).header(header).column_spacing(2),
        table,
    );
}
