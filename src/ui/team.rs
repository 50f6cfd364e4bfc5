//! The team book screen: this replica's standing, then each refused change
//! with both sides of every clash; `m` keeps mine, `t` theirs.

use super::Ctx;
use crate::app::list::window_start;
use crate::app::team::TeamView;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, cx: &Ctx, v: &TeamView, area: Rect) {
    let [title, standing, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    heading(frame, cx, v, title, standing);
    if v.conflicts.is_empty() {
        if v.mark.is_some() {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    "No conflicts: every change here is in the team book, or on its way.",
                    cx.theme.style(Role::Muted),
                )),
                list,
            );
        }
        return;
    }
    let mut lines: Vec<(usize, Line)> = Vec::new();
    for (i, c) in v.conflicts.iter().enumerate() {
        let style = if i == v.list.selected {
            cx.theme.style(Role::Selection)
        } else {
            cx.theme.style(Role::Text)
        };
        lines.push((
            i,
            Line::from(vec![
                Span::styled(format!("#{} {}", c.num, c.label), style),
                Span::styled(format!("  {}", c.reason), cx.theme.style(Role::Warn)),
            ]),
        ));
        if c.by_rules() {
            lines.push((
                i,
                Line::from(vec![
                    Span::styled("    it held: ", cx.theme.style(Role::Muted)),
                    Span::styled(c.held(), cx.theme.style(Role::Text)),
                    Span::styled(
                        "  (refused by the team's rules: t discards it)",
                        cx.theme.style(Role::Muted),
                    ),
                ]),
            ));
        }
        for k in &c.clashes {
            let when = k.when.get(..16).unwrap_or(&k.when);
            lines.push((
                i,
                Line::from(vec![
                    Span::styled(format!("    {}: ", k.field), cx.theme.style(Role::Muted)),
                    Span::styled(format!("mine {}", k.mine), cx.theme.style(Role::Accent)),
                    Span::raw(" · "),
                    Span::styled(
                        format!("theirs {} ({} {when})", k.theirs, k.who),
                        cx.theme.style(Role::Text),
                    ),
                ]),
            ));
        }
    }
    let first_of_selected = lines
        .iter()
        .position(|(i, _)| *i == v.list.selected)
        .unwrap_or(0);
    let start = window_start(first_of_selected, lines.len(), list.height as usize);
    let shown: Vec<Line> = lines.into_iter().skip(start).map(|(_, l)| l).collect();
    frame.render_widget(Paragraph::new(shown), list);
}

/// The title (how many conflicts) and where this replica stands.
fn heading(frame: &mut Frame, cx: &Ctx, v: &TeamView, title: Rect, standing: Rect) {
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Team book ", cx.theme.style(Role::Title)),
            Span::styled(
                format!(
                    "· {} · m keeps mine, t keeps theirs",
                    crate::domain::plural(v.conflicts.len(), "conflict")
                ),
                cx.theme.style(Role::Header),
            ),
        ])),
        title,
    );
    let said = match &v.mark {
        None => "This book is not a replica of a team book: `saydo team init URL` makes one, \
                 `saydo team join URL` joins one."
            .to_string(),
        Some(m) => format!(
            "⇅ {} · last sync {}",
            m.describe(),
            m.last_sync
                .as_deref()
                .map_or("never", |t| t.get(..16).unwrap_or(t))
        ),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(said, cx.theme.style(Role::Muted))),
        standing,
    );
}
