//! What needs attention, across my accounts or all; Enter opens the item
//! in its account.

use crate::app::list::window_start;
use crate::app::App;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let v = &app.attention;
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let scope = super::widgets::scope_label(app, v.mine_only);
    frame.render_widget(
        Paragraph::new(Line::from(
            vec![
                Span::styled("Attention ", app.theme.style(Role::Title)),
                Span::styled(
                    format!(
                        "· {scope} · {}",
                        crate::domain::plural(v.items.len(), "item")
                    ),
                    app.theme.style(Role::Header),
                ),
            ]
            .into_iter()
            .chain(super::widgets::counting_span(app))
            .collect::<Vec<_>>(),
        )),
        title,
    );
    if v.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                super::widgets::not_counted_yet(app).unwrap_or_else(|| {
                    "Nothing needs attention: no overdue promises, nobody neglected, no signals."
                        .to_string()
                }),
                app.theme.style(Role::Muted),
            )),
            table,
        );
        return;
    }
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.items.len(), height);
    let muted = app.theme.style(Role::Muted);
    let at = |i: usize| &v.all[v.items[i] as usize];
    let rows: Vec<Row> =
        v.items
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, n)| {
                let item = &v.all[*n as usize];
                let first_of_kind = i == 0 || at(i - 1).kind != item.kind;
                let role = match item.kind {
                    crate::app::attention::Kind::Overdue => Role::Bad,
                    crate::app::attention::Kind::DueSoon
                    | crate::app::attention::Kind::Unvisited => Role::Warn,
                    crate::app::attention::Kind::Metric => Role::Signal,
                };
                let row = Row::new(vec![
                    Cell::from(Span::styled(
                        if first_of_kind || i == start {
                            item.kind.title()
                        } else {
                            ""
                        },
                        app.theme.style(role),
                    )),
                    Cell::from(Span::styled(
                        format!("@{}", app.portfolio.handle(item.account)),
                        app.theme.style(Role::Accent),
                    )),
                    Cell::from(item.what(&app.portfolio, &app.labels)),
                    Cell::from(Line::from(Span::styled(item.when(), muted)).right_aligned()),
                ]);
                if i == v.list.selected {
                    row.style(app.theme.style(Role::Selection))
                } else {
                    row
                }
            })
            .collect();
    let widths = [
        Constraint::Length(38),
        Constraint::Length(14),
        Constraint::Min(20),
        Constraint::Length(10),
    ];
    frame.render_widget(
        Table::new(rows, widths)
            .header(
                Row::new(vec!["", "Account", "What", "When"]).style(app.theme.style(Role::Header)),
            )
            .column_spacing(1),
        table,
    );
}

pub fn row_at(app: &App, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + 2;
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(2) as usize;
    let v = &app.attention;
    let i = window_start(v.list.selected, v.items.len(), height) + (y - first) as usize;
    (i < v.items.len()).then_some(i)
}
