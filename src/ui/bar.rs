//! The quick-add bar: the line, its preview or what is wrong with it, and
//! the completions offered.

use super::widgets::width;
use super::Ctx;
use crate::app::quickadd::{Completion, QuickAdd};
use crate::theme::Role;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// The bar sits on the last lines of `body`, above the status line.
pub fn bar(frame: &mut Frame, cx: &Ctx, body: Rect, q: &QuickAdd) {
    let t = &cx.theme;
    let choices = q.completion.as_ref().filter(|c| c.items.len() > 1);
    let rect = bar_area(body, q, choices.is_some());
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(
            match &q.follow_up {
                Some(f) => format!(" Commitments made in visit #{} · Esc when done ", f.visit),
                None => " Quick add · Tab completes · ↑ earlier lines · Esc closes ".to_string(),
            },
            t.style(Role::Title),
        ))
        .border_style(t.style(Role::Border));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if let Some(c) = choices {
        lines.push(choices_line(cx, c));
    }
    // The line as typed, the failing token marked.
    let prompt = if q.follow_up.is_some() {
        "commit › "
    } else {
        "› "
    };
    let mut spans = vec![Span::styled(prompt, t.style(Role::Accent))];
    let text = &q.input.text;
    let span = marked(q);
    match span.filter(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end)) {
        Some(s) => {
            spans.push(Span::styled(
                text[..s.start].to_string(),
                t.style(Role::Text),
            ));
            spans.push(Span::styled(
                text[s.clone()].to_string(),
                t.style(Role::Error)
                    .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            ));
            spans.push(Span::styled(text[s.end..].to_string(), t.style(Role::Text)));
        }
        None => spans.push(Span::styled(text.clone(), t.style(Role::Text))),
    }
    let names_account = text.split_whitespace().any(|w| w.starts_with('@'));
    if let (Some(a), false) = (&q.account, names_account) {
        spans.push(Span::styled(
            format!("   @{} (in view)", a.handle),
            t.style(Role::Muted),
        ));
    }
    lines.push(Line::from(spans));
    let status = status_line(cx, q);
    // The preview under the line, where the eye goes after typing.
    let input_row = inner.y + u16::from(choices.is_some());
    let head = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let below = Rect {
        y: inner.y + head,
        height: inner.height.saturating_sub(head),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(status).wrap(ratatui::widgets::Wrap { trim: false }),
        below,
    );
    let x = inner.x + width(prompt) + width(&text[..q.input.cursor.min(text.len())]);
    if x < inner.x + inner.width && input_row < inner.y + inner.height {
        frame.set_cursor_position(Position::new(x, input_row));
    }
}

/// The bar's place at the foot of `body`: a long message (an ambiguous
/// handle's candidates) wraps onto more lines of the bar, up to four,
/// instead of stopping at its edge.
/// The bar's place at the foot of `body`, as tall as what it shows.
fn bar_area(body: Rect, q: &QuickAdd, choices: bool) -> Rect {
    // A long message (an ambiguous handle's candidates) wraps onto more
    // lines of the bar, up to four, instead of stopping at its edge.
    let inner_width = body.width.saturating_sub(2).max(1) as usize;
    let said = match &q.preview {
        Some(Ok(p)) => width(p) as usize + 2,
        Some(Err(e)) => width(&e.message) as usize + 2,
        None => 0,
    };
    let status_rows = said.div_ceil(inner_width).clamp(1, 4) as u16;
    let height = 3 + status_rows + u16::from(choices);
    Rect {
        y: body.y + body.height.saturating_sub(height),
        height: height.min(body.height),
        ..body
    }
}

/// The completions offered, the chosen one marked.
fn choices_line(cx: &Ctx, c: &Completion) -> Line<'static> {
    let t = &cx.theme;
    let mut spans = vec![];
    for (i, (_, label)) in c.items.iter().enumerate() {
        let style = if i == c.index {
            t.style(Role::Selection)
        } else {
            t.style(Role::Muted)
        };
        spans.push(Span::styled(label.clone(), style));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

/// The failing token's place in the line, if the preview names one.
fn marked(q: &QuickAdd) -> Option<std::ops::Range<usize>> {
    let text = &q.input.text;
    match &q.preview {
        Some(Err(e)) if e.span.end > e.span.start && e.span.end <= text.len() => {
            Some(e.span.clone())
        }
        _ => None,
    }
}

/// What the bar says under the line: how to write one, the preview of
/// what it saves, or what is wrong with it.
fn status_line(cx: &Ctx, q: &QuickAdd) -> Line<'static> {
    let t = &cx.theme;
    match &q.preview {
        None if q.follow_up.is_some() => Line::from(Span::styled(
            "what was promised due:fri [to:name] [by:name] · Enter saves it · Esc when done",
            t.style(Role::Muted),
        )),
        None => Line::from(Span::styled(
            "commit @acct what due:fri · visit @acct onsite proactive … · measure @acct metric 42 · done 17",
            t.style(Role::Muted),
        )),
        Some(Ok(p)) => Line::from(vec![
            Span::styled("✓ ", t.style(Role::Ok)),
            Span::styled(p.clone(), t.style(Role::Text)),
        ]),
        Some(Err(e)) => Line::from(vec![
            Span::styled("✗ ", t.style(Role::Error)),
            Span::styled(e.message.clone(), t.style(Role::Error)),
        ]),
    }
}
