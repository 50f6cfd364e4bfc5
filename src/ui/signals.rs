//! The signals inbox: newest first, each with its account, metric, rule
//! and value; Enter opens the metric, `n` writes the note that
//! acknowledges it.

use super::Ctx;
use crate::app::labels::Labels;
use crate::app::list::window_start;
use crate::app::portfolio::PortfolioView;
use crate::app::signals::SignalsView;
use crate::app::signals::HORIZON_DAYS;
use crate::domain::dates::shown;
use crate::domain::figures::with_unit;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

/// The signals' accounts are named from the portfolio's rows, their
/// metrics from the labels read around the cursor.
pub fn draw(
    frame: &mut Frame,
    cx: &Ctx,
    v: &SignalsView,
    p: &PortfolioView,
    labels: &Labels,
    area: Rect,
) {
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    heading(frame, cx, v, title);
    if v.shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                super::widgets::not_counted_yet(cx).unwrap_or_else(|| {
                    if v.acknowledged {
                        "No signal has a note yet (A shows those waiting for one).".to_string()
                    } else {
                        "No signal waits for a note: every metric behaves like itself.".to_string()
                    }
                }),
                cx.theme.style(Role::Muted),
            )),
            table,
        );
        return;
    }
    // The acknowledged list gives the notes a column of their own.
    let mut widths = vec![
        Constraint::Length(12),
        Constraint::Length(14),
        Constraint::Min(20),
        Constraint::Length(50),
        Constraint::Length(12),
    ];
    let mut header = vec!["Last point", "Account", "Metric", "Signal", "Value"];
    if v.acknowledged {
        widths[2] = Constraint::Length(22);
        widths[3] = Constraint::Length(26);
        widths.push(Constraint::Min(20));
        header.push("Note");
    }
    let cols = super::widgets::column_widths(&widths, 1, table.width);
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.shown.len(), height);
    let rows: Vec<Row> = v
        .shown
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, n)| {
            let cells = signal_cells(cx, v, p, labels, *n as usize);
            let row = super::widgets::fitted_row(cells, &cols);
            if i == v.list.selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(
        Table::new(rows, super::widgets::lengths(&cols))
            .header(Row::new(header).style(cx.theme.style(Role::Header)))
            .column_spacing(1),
        table,
    );
    super::widgets::scrollbar(frame, cx, table, v.shown.len(), v.list.selected);
}

/// The title: whose signals, how many, and which list this is.
fn heading(frame: &mut Frame, cx: &Ctx, v: &SignalsView, title: Rect) {
    let scope = super::widgets::scope_label(cx, v.mine_only);
    frame.render_widget(
        Paragraph::new(super::widgets::title_line(
            cx,
            "Signals ",
            if v.acknowledged {
                    format!(
                        "· {scope} · {} acknowledged, with their notes (last {HORIZON_DAYS} days) · A: those waiting",
                        v.shown.len()
                    )
                } else {
                    format!(
                        "· {scope} · {} without a note (last {HORIZON_DAYS} days) · n notes and acknowledges · A: acknowledged",
                        v.shown.len()
                    )
                },
        )),
        title,
    );
}

/// A signal's cells: when, where, which metric, the rule it broke and
/// how (or, acknowledged, the note that answers it).
fn signal_cells(
    cx: &Ctx,
    v: &SignalsView,
    p: &PortfolioView,
    labels: &Labels,
    n: usize,
) -> Vec<Line<'static>> {
    let s = &v.all[n];
    let (name, unit) = labels.metric(s.metric).unwrap_or(("…", ""));
    let mut cells = vec![
        Line::from(Span::styled(
            shown(cx.today, s.on),
            cx.theme.style(Role::Muted),
        )),
        Line::from(Span::styled(
            format!("@{}", p.handle(s.account)),
            cx.theme.style(Role::Accent),
        )),
        Line::from(name.to_string()),
        Line::from(vec![
            Span::styled(
                format!("◆ {}", s.rule.describe()),
                cx.theme.style(Role::Signal),
            ),
            Span::styled(
                if v.acknowledged {
                    String::new()
                } else {
                    format!(" · {}", s.reading())
                },
                cx.theme.style(if s.better { Role::Ok } else { Role::Bad }),
            ),
        ]),
        Line::from(with_unit(Some(s.value), unit)).right_aligned(),
    ];
    if v.acknowledged {
        cells.push(Line::from(Span::styled(
            v.note(s)
                .map(|n| format!("“{}”", crate::domain::text::visible(n).replace('\n', " ")))
                .unwrap_or_default(),
            cx.theme.style(Role::Muted),
        )));
    }
    cells
}

pub fn row_at(v: &SignalsView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + 2;
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(2) as usize;
    let i = window_start(v.list.selected, v.shown.len(), height) + (y - first) as usize;
    (i < v.shown.len()).then_some(i)
}
