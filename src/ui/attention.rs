//! What needs attention, across my accounts or all; Enter opens the item
//! in its account.

use super::Ctx;
use crate::app::attention::AttentionView;
use crate::app::labels::Labels;
use crate::app::list::window_start;
use crate::app::portfolio::PortfolioView;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

/// The items' accounts are named from the portfolio's rows, their words
/// from the labels read around the cursor.
pub fn draw(
    frame: &mut Frame,
    cx: &Ctx,
    v: &AttentionView,
    p: &PortfolioView,
    labels: &Labels,
    area: Rect,
) {
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    heading(frame, cx, v, title);
    if v.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                super::widgets::not_counted_yet(cx).unwrap_or_else(|| {
                    "Nothing needs attention: no overdue promises, nobody neglected, no signals."
                        .to_string()
                }),
                cx.theme.style(Role::Muted),
            )),
            table,
        );
        return;
    }
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.items.len(), height);
    let muted = cx.theme.style(Role::Muted);
    let cols = super::widgets::column_widths(&attention_widths(table.width), 1, table.width);
    let at = |i: usize| &v.all[v.items[i] as usize];
    let rows: Vec<Row> = v
        .items
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, n)| {
            let item = &v.all[*n as usize];
            let first_of_kind = i == 0 || at(i - 1).kind != item.kind;
            let role = role_of(item.kind);
            let when_style = if item.kind == crate::app::attention::Kind::Overdue {
                cx.theme.style(Role::Bad)
            } else {
                muted
            };
            let row = super::widgets::fitted_row(
                vec![
                    Line::from(Span::styled(
                        kind_title(item.kind, first_of_kind || i == start, cols[0]),
                        cx.theme.style(role),
                    )),
                    Line::from(Span::styled(
                        format!("@{}", p.handle(item.account)),
                        cx.theme.style(Role::Accent),
                    )),
                    Line::from(item.what(p, labels)),
                    Line::from(Span::styled(item.when(), when_style)).right_aligned(),
                ],
                &cols,
            );
            if i == v.list.selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(
        Table::new(rows, super::widgets::lengths(&cols))
            .header(
                Row::new(vec!["", "Account", "What", "When"]).style(cx.theme.style(Role::Header)),
            )
            .column_spacing(1),
        table,
    );
    super::widgets::scrollbar(frame, cx, table, v.items.len(), v.list.selected);
}

/// The kind's title on the first of its items (and the first on screen),
/// whole where there is room for it.
fn kind_title(kind: crate::app::attention::Kind, shown: bool, width: u16) -> &'static str {
    if shown {
        if width as usize >= kind.title().len() {
            kind.title()
        } else {
            kind.short()
        }
    } else {
        ""
    }
}

/// The title: whose items, how many (and "counting…" while they come in).
fn heading(frame: &mut Frame, cx: &Ctx, v: &AttentionView, title: Rect) {
    let scope = super::widgets::scope_label(cx, v.mine_only);
    frame.render_widget(
        Paragraph::new(super::widgets::title_line(
            cx,
            "Attention ",
            format!(
                "· {scope} · {}",
                crate::domain::plural(v.items.len(), "item")
            ),
        )),
        title,
    );
}

/// How an item of each kind stands out.
fn role_of(kind: crate::app::attention::Kind) -> Role {
    match kind {
        crate::app::attention::Kind::Overdue => Role::Bad,
        crate::app::attention::Kind::DueSoon | crate::app::attention::Kind::Unvisited => Role::Warn,
        crate::app::attention::Kind::Metric => Role::Signal,
        crate::app::attention::Kind::Measure => Role::Warn,
        crate::app::attention::Kind::Feedback => Role::Accent,
        crate::app::attention::Kind::Renewal => Role::Warn,
    }
}

pub fn row_at(v: &AttentionView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + 2;
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(2) as usize;
    let i = window_start(v.list.selected, v.items.len(), height) + (y - first) as usize;
    (i < v.items.len()).then_some(i)
}

/// The kind's column takes its whole title only on a wide screen: at 80
/// columns what the item is needs the room.
fn attention_widths(width: u16) -> [Constraint; 4] {
    let kind = if width >= 120 { 38 } else { 10 };
    [
        Constraint::Length(kind),
        Constraint::Length(14),
        Constraint::Min(20),
        Constraint::Length(10),
    ]
}
