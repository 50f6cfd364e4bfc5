//! Boxes drawn over a screen: help (generated from the keymap, so it names
//! the real keys) and the finder.

use super::widgets::{centred, highlighted};
use super::Ctx;
use crate::app::finder::FinderView;
use crate::app::list::window_start;
use crate::theme::Role;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// Help on the keys of `context`: the screen under it, not itself.
pub fn help(
    frame: &mut Frame,
    cx: &Ctx,
    area: Rect,
    context: crate::keymap::Context,
    scroll: usize,
) {
    // A description too long for the box gives way, so the action's name
    // (what `[keys]` takes) stays at the end of its line.
    let inner = area.width.min(HELP_WIDTH).saturating_sub(2) as usize;
    let lines: Vec<Line> = cx
        .keymap
        .help_rows(context)
        .into_iter()
        .map(|r| match r {
            crate::keymap::HelpRow::Gap => Line::from(""),
            crate::keymap::HelpRow::Keys(c) => Line::from(vec![
                Span::styled(c.title(), cx.theme.style(Role::Header)),
                Span::styled(
                    match c {
                        crate::keymap::Context::Global => "  [keys]".to_string(),
                        c => format!("  [keys.{}]", c.name()),
                    },
                    cx.theme.style(Role::Muted),
                ),
            ]),
            crate::keymap::HelpRow::Title(t) => {
                Line::from(Span::styled(t.to_string(), cx.theme.style(Role::Header)))
            }
            crate::keymap::HelpRow::Key(keys, what, name) => Line::from(vec![
                Span::styled(format!("  {keys:<18}"), cx.theme.style(Role::Accent)),
                Span::raw(crate::domain::text::fit(
                    what,
                    inner.saturating_sub(20 + 2 + crate::domain::text::display_width(name)),
                )),
                Span::styled(format!("  {name}"), cx.theme.style(Role::Muted)),
            ]),
            crate::keymap::HelpRow::Note(text) => Line::from(vec![
                Span::raw("  "),
                Span::styled(text.to_string(), cx.theme.style(Role::Muted)),
            ]),
        })
        .collect();
    let title = format!(" Keys · {} ", context.title());
    let fits = lines.len() + 2 <= area.height as usize;
    let hint = (!fits).then_some(" j/k scroll · space/pgdn a page · g top · G end · q closes ");
    scroll_box(frame, cx, area, HELP_WIDTH, &title, hint, lines, scroll);
}

const HELP_WIDTH: u16 = 100;

/// A bordered box of lines over the screen, scrolled to `scroll` (kept
/// within the text), with an optional hint on its bottom edge.
#[allow(clippy::too_many_arguments)]
fn scroll_box(
    frame: &mut Frame,
    cx: &Ctx,
    area: Rect,
    width: u16,
    title: &str,
    hint: Option<&str>,
    lines: Vec<Line>,
    scroll: usize,
) {
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = centred(area, width, h);
    let scroll = scroll.min(
        lines
            .len()
            .saturating_sub(rect.height.saturating_sub(2) as usize),
    );
    let mut block = Block::bordered()
        .title(Span::styled(title.to_string(), cx.theme.style(Role::Title)))
        .border_style(cx.theme.style(Role::Border));
    if let Some(h) = hint {
        block = block.title_bottom(Span::styled(h.to_string(), cx.theme.style(Role::Muted)));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .block(block),
        rect,
    );
}

/// A box of text lines to scroll (an account's history).
pub fn lines(frame: &mut Frame, cx: &Ctx, area: Rect, title: &str, text: &[String], scroll: usize) {
    let lines: Vec<Line> = text.iter().map(|l| Line::from(l.clone())).collect();
    let title = format!(" {title} ");
    let hint = Some(" j/k scroll · q closes ");
    scroll_box(frame, cx, area, 110, &title, hint, lines, scroll);
}

fn finder_rect(area: Rect) -> Rect {
    centred(area, 76, area.height.saturating_sub(2).min(22))
}

pub fn finder(frame: &mut Frame, cx: &Ctx, area: Rect, f: &FinderView) {
    let rect = finder_rect(area);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(
            " Find an account or a screen ",
            cx.theme.style(Role::Title),
        ))
        .border_style(cx.theme.style(Role::Border));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", cx.theme.style(Role::Accent)),
        Span::raw(f.query.clone()),
        Span::styled("▏", cx.theme.style(Role::Accent)),
    ])];
    let height = inner.height.saturating_sub(1) as usize;
    let start = window_start(f.list.selected, f.results.len(), height);
    for (k, (e, pos)) in f.results.iter().enumerate().skip(start).take(height) {
        let base = cx.theme.style(Role::Text);
        let mut line = highlighted(&e.label, pos, base, cx.theme.style(Role::Match));
        line.spans.push(Span::styled(
            format!("  {}", e.detail),
            cx.theme.style(Role::Muted),
        ));
        if k == f.list.selected {
            line = line.style(cx.theme.style(Role::Selection));
        }
        lines.push(line);
    }
    if f.results.is_empty() {
        lines.push(Line::from(Span::styled(
            "nothing matches",
            cx.theme.style(Role::Muted),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn finder_row_at(body: Rect, f: &FinderView, _x: u16, y: u16) -> Option<usize> {
    let rect = finder_rect(body);
    let first = rect.y + 2;
    if y < first || y >= rect.y + rect.height.saturating_sub(1) {
        return None;
    }
    let height = rect.height.saturating_sub(3) as usize;
    let i = window_start(f.list.selected, f.results.len(), height) + (y - first) as usize;
    (i < f.results.len()).then_some(i)
}
