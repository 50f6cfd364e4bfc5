//! The first screen of an empty field book.

use super::Ctx;
use crate::action::Action;
use crate::keymap::Context;
use crate::theme::Role;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let key = |a: Action| {
        cx.keymap
            .key_for(Context::Welcome, a)
            .map_or_else(|| "?".to_string(), |k| k.to_string())
    };
    let accent = cx.theme.style(Role::Accent);
    let muted = cx.theme.style(Role::Muted);
    let text = vec![
        Line::from(Span::styled("saydo", cx.theme.style(Role::Title))),
        Line::from(""),
        Line::from("The field book of a customer experience director:"),
        Line::from("your accounts, what success means in the customer's own words, every visit,"),
        Line::from(
            "and every promise — with the say/do ratio: what we said we would do, done on time.",
        ),
        Line::from(""),
        Line::from(Span::styled(
            "Your field book is empty.",
            cx.theme.style(Role::Header),
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::LoadDemo)), accent),
            Span::raw("load a demo portfolio (40 accounts, 4 directors)"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::New)), accent),
            Span::raw("add your first account"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::Help)), accent),
            Span::raw("every key"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::Quit)), accent),
            Span::raw("quit"),
        ]),
        Line::from(""),
        Line::from(Span::styled(
            "From a shell too: saydo account add \"Mercy General\" --handle mercy",
            muted,
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
}
