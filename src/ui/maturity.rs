//! The engagement maturity heat table: a row per market (or per tag of a
//! tag group), a column per dimension, each cell the mean of the latest
//! levels there with how many accounts it is of, coloured by how high.

use super::Ctx;
use crate::app::list::window_start;
use crate::app::maturity::MaturityView;
use crate::theme::Role;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

/// The role of a mean level on a scale of `levels`: low, middle, high.
pub fn heat_role(mean: f64, levels: usize) -> Role {
    let top = levels.max(2) as f64;
    let share = (mean - 1.0) / (top - 1.0);
    if share < 0.34 {
        Role::Bad
    } else if share < 0.67 {
        Role::Warn
    } else {
        Role::Ok
    }
}

pub fn draw(frame: &mut Frame, cx: &Ctx, v: &MaturityView, area: Rect) {
    let table = heading(frame, cx, v, area);
    if let Some(p) = &v.problem {
        super::widgets::note(frame, cx, table, p.clone(), Role::Error);
        return;
    }
    if v.rows.is_empty() {
        super::widgets::note(
            frame,
            cx,
            table,
            "No account assessed yet: = on an account assesses its engagement maturity.".into(),
            Role::Muted,
        );
        return;
    }
    let label_width = v
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .chain(std::iter::once(v.by_name.chars().count()))
        .max()
        .unwrap_or(8)
        .clamp(10, 28) as u16;
    let mut widths = vec![Constraint::Length(label_width), Constraint::Length(8)];
    widths.extend(
        v.dimensions
            .iter()
            .map(|d| Constraint::Length(d.chars().count().clamp(10, 22) as u16)),
    );
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.rows.len(), height);
    let rows: Vec<Row> =
        v.rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, r)| {
                let mut cells = vec![
                    Cell::from(r.label.clone()),
                    Cell::from(Line::from(r.accounts.to_string()).right_aligned()),
                ];
                for c in &r.cells {
                    cells.push(Cell::from(match c {
                        Some((mean, n)) => Line::from(Span::styled(
                            format!("{mean:.1} ({n})"),
                            cx.theme.style(heat_role(*mean, v.levels)),
                        ))
                        .right_aligned(),
                        None => Line::from(Span::styled("—", cx.theme.style(Role::Muted)))
                            .right_aligned(),
                    }));
                }
                let row = Row::new(cells);
                if i == v.list.selected {
                    row.style(cx.theme.style(Role::Selection))
                } else {
                    row
                }
            })
            .collect();
    let mut header = vec![
        Cell::from(capitalised(&v.by_name)),
        Cell::from(Line::from("Accounts").right_aligned()),
    ];
    header.extend(
        v.dimensions
            .iter()
            .map(|d| Cell::from(Line::from(d.clone()).right_aligned())),
    );
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(cx.theme.style(Role::Header)))
            .column_spacing(1),
        table,
    );
    super::widgets::scrollbar(frame, cx, table, v.rows.len(), v.list.selected);
}

/// The title (by what, how many assessed) and the levels' names; the
/// area left for the table.
fn heading(frame: &mut Frame, cx: &Ctx, v: &MaturityView, area: Rect) -> Rect {
    let names: Vec<String> = cx
        .config
        .maturity
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {}", i + 1, l.name))
        .collect();
    super::widgets::heading(
        frame,
        cx,
        area,
        "Engagement maturity",
        format!(
            "· by {} · {} assessed · mean of the latest level, 1–{}",
            v.by_name,
            crate::domain::plural(v.assessed, "account"),
            v.levels
        ),
        format!(
            "{} · b: by market or by a tag group · = on an account assesses it",
            names.join(" · ")
        ),
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The account's levels on each dimension of the scale, for its overview:
/// "How we measure success  3 Developing since Mon 2 Nov (was 2)".
pub fn account_lines(cx: &Ctx, a: &crate::domain::Account) -> Vec<Line<'static>> {
    let scale = &cx.config.maturity;
    let muted = cx.theme.style(Role::Muted);
    let key = cx
        .keymap
        .key_for(
            crate::keymap::Context::Account,
            crate::action::Action::Assess,
        )
        .map_or("=".into(), |k| k.to_string());
    let width = scale
        .dimensions
        .iter()
        .map(|d| d.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for d in &scale.dimensions {
        let pad = " ".repeat(width.saturating_sub(d.chars().count()));
        match crate::domain::maturity::standing(&a.assessments, d) {
            Some(s) => {
                let was = match s.was() {
                    w if w.is_empty() => w,
                    w => format!(" ({})", w.trim_start_matches(", ")),
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("  {d}{pad}  ")),
                    Span::styled(
                        scale.level_name(s.latest.level),
                        cx.theme
                            .style(heat_role(f64::from(s.latest.level), scale.levels.len())),
                    ),
                    Span::styled(
                        format!(
                            " since {}{was}",
                            crate::domain::dates::shown(cx.today, s.latest.on)
                        ),
                        muted,
                    ),
                ]));
            }
            None => lines.push(Line::from(vec![
                Span::raw(format!("  {d}{pad}  ")),
                Span::styled("not assessed yet", muted),
            ])),
        }
    }
    lines.push(Line::from(Span::styled(
        format!("  {key} assesses it"),
        muted,
    )));
    lines
}
