//! The lifecycle view: a line per stage, then the accounts that have
//! stayed longer than their stage expects; Enter opens one.

use super::Ctx;
use crate::app::held::Row as AccountRow;
use crate::app::lifecycle::LifecycleView;
use crate::app::list::window_start;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// Lines above the overstays' table: title, stage header and stages, gap,
/// the table's title.
fn top(v: &LifecycleView) -> u16 {
    v.stages.len() as u16 + 4
}

/// The overstays' accounts are read from the portfolio's rows.
pub fn draw(frame: &mut Frame, cx: &Ctx, v: &LifecycleView, accounts: &[AccountRow], area: Rect) {
    let [title, stages, gap, list_title, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(v.stages.len() as u16 + 1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let scope = super::widgets::scope_label(cx, v.mine_only);
    frame.render_widget(
        Paragraph::new(super::widgets::title_line(
            cx,
            "Lifecycle ",
            format!("· {scope}"),
        )),
        title,
    );
    let muted = cx.theme.style(Role::Muted);
    stages_table(frame, cx, v, stages);
    let _ = gap;
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "Past the expected time in their stage: {} · Enter opens",
                v.overstays.len()
            ),
            cx.theme.style(Role::Header),
        )),
        list_title,
    );
    let height = list.height as usize;
    let start = window_start(v.list.selected, v.overstays.len(), height);
    let lines: Vec<Line> = v
        .overstays
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, o)| {
            let Some(a) = accounts.get(o.row).map(|r| &r.account) else {
                return Line::default();
            };
            let line = Line::from(vec![
                Span::styled(
                    format!("@{:<14} ", a.handle()),
                    cx.theme.style(Role::Accent),
                ),
                Span::raw(format!("{:<32} ", a.name())),
                Span::styled(format!("{:<16} ", a.owner().unwrap_or("—")), muted),
                Span::raw(format!("{:<15} {:>5}d ", a.stage(), o.days)),
                Span::styled(format!("{}d over", o.over), cx.theme.style(Role::Warn)),
            ]);
            if i == v.list.selected {
                line.style(cx.theme.style(Role::Selection))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The stages: how many accounts are in each, for how long, and how many
/// past the time expected there.
fn stages_table(frame: &mut Frame, cx: &Ctx, v: &LifecycleView, stages: Rect) {
    let muted = cx.theme.style(Role::Muted);
    let rows: Vec<Row> = v
        .stages
        .iter()
        .map(|s| {
            let days = |d: Option<i64>| d.map_or("—".to_string(), |d| format!("{d}d"));
            Row::new(vec![
                Cell::from(s.stage.clone()),
                Cell::from(Line::from(s.accounts.to_string()).right_aligned()),
                Cell::from(Line::from(days(s.median_days)).right_aligned()),
                Cell::from(
                    Line::from(match &s.longest {
                        Some((d, h)) => format!("{d}d @{h}"),
                        None => "—".into(),
                    })
                    .right_aligned(),
                ),
                Cell::from(
                    Line::from(match s.expected_days {
                        Some(e) => vec![
                            Span::styled(
                                s.past_expected.to_string(),
                                cx.theme.style(if s.past_expected > 0 {
                                    Role::Warn
                                } else {
                                    Role::Muted
                                }),
                            ),
                            Span::styled(format!(" (over {e}d)"), muted),
                        ],
                        None => vec![Span::styled("no limit set", muted)],
                    })
                    .right_aligned(),
                ),
            ])
        })
        .collect();
    let header = Row::new(vec![
        Cell::from("Stage"),
        Cell::from(Line::from("Accounts").right_aligned()),
        Cell::from(Line::from("Median").right_aligned()),
        Cell::from(Line::from("Longest").right_aligned()),
        Cell::from(Line::from("Past expected").right_aligned()),
    ])
    .style(cx.theme.style(Role::Header));
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Min(16),
                Constraint::Length(9),
                Constraint::Length(8),
                Constraint::Length(24),
                Constraint::Length(20),
            ],
        )
        .header(header)
        .column_spacing(1),
        stages,
    );
}

pub fn row_at(v: &LifecycleView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + top(v);
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(top(v)) as usize;
    let i = window_start(v.list.selected, v.overstays.len(), height) + (y - first) as usize;
    (i < v.overstays.len()).then_some(i)
}
