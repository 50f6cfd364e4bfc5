//! The directors view: one row per account owner, sortable; Enter lists
//! that director's accounts.

use super::widgets::{alarm, say_do_cell, share};
use super::Ctx;
use crate::app::directors::DirectorColumn;
use crate::app::directors::{DirectorRow, DirectorsView};
use crate::app::list::window_start;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

const HEAD_ROWS: u16 = 2;

pub fn draw(frame: &mut Frame, cx: &Ctx, v: &DirectorsView, area: Rect) {
    let [title, info, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    heading(frame, cx, v, title, info);
    if v.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                super::widgets::not_counted_yet(cx)
                    .unwrap_or_else(|| "No accounts yet, so no directors.".to_string()),
                cx.theme.style(Role::Muted),
            )),
            table,
        );
        return;
    }
    // The name column as wide as the longest name (within reason): the
    // figures are what a manager compares.
    let longest = v
        .rows
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(8);
    // Below 90 columns the metrics off track give way (the Signals inbox
    // and each account have them): the rest keep their whole titles.
    // Retention once some renewal was settled: a column of dashes says nothing.
    let settled = v.rows.iter().any(|d| d.retention.settled() > 0);
    let shown = match table.width {
        w if w >= 104 && settled => 9,
        w if w >= 90 => 8,
        _ => 7,
    };
    let widths: Vec<Constraint> = [
        Constraint::Length(longest.clamp(12, 28) as u16),
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(12),
    ]
    .into_iter()
    .take(shown)
    .collect();
    let cols = super::widgets::column_widths(&widths, 1, table.width);
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.rows.len(), height);
    let rows: Vec<Row> = v
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, d)| {
            let row = director_row(cx, d, shown, &cols);
            if i == v.list.selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(
        Table::new(rows, super::widgets::lengths(&cols))
            .header(header(cx, v, &cols))
            .column_spacing(1),
        table,
    );
    super::widgets::scrollbar(frame, cx, table, v.rows.len(), v.list.selected);
}

/// The title (with "counting…" while the figures come in) and the line
/// that says how the table is sorted and what its columns mean.
fn heading(frame: &mut Frame, cx: &Ctx, v: &DirectorsView, title: Rect, info: Rect) {
    frame.render_widget(
        Paragraph::new(super::widgets::title_line(
            cx,
            "Directors ",
            format!(
                "· {} directors · figures of their accounts over the last {} days",
                v.rows.len(),
                cx.config.window_days
            ),
        )),
        title,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "sorted by {} {} · say/do of the commitments on their accounts, whoever made them · unvisited: no visit for over {} days · retained: renewals of the last year kept · Enter lists the accounts",
                v.sort.title(),
                if v.descending { "↓" } else { "↑" },
                cx.config.unvisited_days
            ),
            cx.theme.style(Role::Muted),
        )),
        info,
    );
}

/// A director's line: the first `shown` columns, fitted to `cols`.
fn director_row(cx: &Ctx, d: &DirectorRow, shown: usize, cols: &[u16]) -> Row<'static> {
    let off = if d.off_track > 0 {
        Span::styled(d.off_track.to_string(), cx.theme.style(Role::Warn))
    } else {
        Span::styled("0", cx.theme.style(Role::Muted))
    };
    super::widgets::fitted_row(
        vec![
            Line::from(d.name.clone()),
            Line::from(d.accounts.to_string()).right_aligned(),
            say_do_cell(cx, &d.say_do).right_aligned(),
            Line::from(format!("{} of {}", share(d.visits.share()), d.visits.total))
                .right_aligned(),
            Line::from(alarm(cx, d.overdue, Role::Bad)).right_aligned(),
            Line::from(alarm(cx, d.unvisited, Role::Warn)).right_aligned(),
            Line::from(alarm(cx, d.signals, Role::Signal)).right_aligned(),
            Line::from(off).right_aligned(),
            Line::from(d.retention.short()).right_aligned(),
        ]
        .into_iter()
        .take(shown)
        .collect(),
        cols,
    )
}

/// The column titles, the sorted one marked with its direction.
fn header(cx: &Ctx, v: &DirectorsView, cols: &[u16]) -> Row<'static> {
    Row::new(DirectorColumn::ALL.iter().zip(cols.iter()).map(|(c, w)| {
        let mark = if *c == v.sort {
            if v.descending {
                "↓"
            } else {
                "↑"
            }
        } else {
            ""
        };
        // Fitted to the width the column really gets, cut at its end.
        let text = super::widgets::sorted_title(c.title(), mark, Some(*w));
        Cell::from(super::widgets::fit(
            if *c == DirectorColumn::Name {
                Line::from(text)
            } else {
                Line::from(text).right_aligned()
            },
            *w,
        ))
    }))
    .style(cx.theme.style(Role::Header))
}

pub fn row_at(v: &DirectorsView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + HEAD_ROWS + 1;
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(HEAD_ROWS + 1) as usize;
    let i = window_start(v.list.selected, v.rows.len(), height) + (y - first) as usize;
    (i < v.rows.len()).then_some(i)
}
