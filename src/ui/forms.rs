//! Forms, yes/no questions and a metric's measurements, over the screen.

use super::widgets::{centred, value, width};
use super::Ctx;
use crate::app::fields::FieldKind;
use crate::app::forms::RecordForm;
use crate::app::list::{window_start, ListState};
use crate::app::writes::Confirm;
use crate::domain::dates::shown;
use crate::theme::Role;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

const LABEL: usize = 18;
const FORM_WIDTH: usize = 84;

/// `text` in rows of at most `width` columns, broken between words (a
/// word longer than a row is cut).
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut rows = vec![String::new()];
    for word in text.split(' ') {
        let row = rows.last_mut().expect("one row at least");
        let need = crate::domain::text::display_width(row)
            + usize::from(!row.is_empty())
            + crate::domain::text::display_width(word);
        if need > width && !row.is_empty() {
            rows.push(String::new());
        }
        let row = rows.last_mut().expect("one row at least");
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    rows.into_iter()
        .map(|r| crate::domain::text::fit(&r, width))
        .collect()
}

pub fn form(frame: &mut Frame, cx: &Ctx, area: Rect, f: &RecordForm) {
    let t = &cx.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, u16)> = None;
    let mut focus_line = 0;
    for (i, field) in f.fields.iter().enumerate() {
        let focused = i == f.focus;
        if let Some(h) = &field.hint {
            lines.push(Line::from(Span::styled(
                crate::domain::text::visible(h).into_owned(),
                t.style(Role::Header),
            )));
        }
        if focused {
            focus_line = lines.len();
        }
        let label_style = if focused {
            t.style(Role::Accent).add_modifier(Modifier::BOLD)
        } else {
            t.style(Role::Muted)
        };
        let mark = if field.required { "*" } else { " " };
        let label = format!("{:<w$}{mark} ", field.label, w = LABEL - 2);
        let first = vec![Span::styled(label.clone(), label_style)];
        match &field.kind {
            FieldKind::Choice(options) => {
                lines.push(choice_line(cx, field, focused, first, options));
            }
            _ => {
                let at = Typed {
                    cx,
                    f,
                    field,
                    focused,
                };
                at.text_lines(first, &mut lines, &mut cursor);
            }
        }
        under_field(cx, f, field, &mut lines);
    }
    footer(cx, f, &mut lines);
    show(frame, cx, area, f, lines, focus_line, cursor);
}

/// A choice field: its value between arrows, and the others while focused.
fn choice_line<'a>(
    cx: &Ctx,
    field: &'a crate::app::fields::Field,
    focused: bool,
    mut first: Vec<Span<'a>>,
    options: &[String],
) -> Line<'a> {
    let t = &cx.theme;
    let v = field.value();
    first.push(Span::styled(
        format!("‹ {v} ›"),
        if focused {
            t.style(Role::Selection)
        } else {
            t.style(Role::Text)
        },
    ));
    if focused {
        let others: Vec<&str> = options
            .iter()
            .map(String::as_str)
            .filter(|o| !o.eq_ignore_ascii_case(v))
            .collect();
        first.push(Span::styled(
            format!("  ←/→ or a letter: {}", others.join(", ")),
            t.style(Role::Muted),
        ));
    }
    Line::from(first)
}

/// A typed field being drawn: the form it is in and whether it has focus.
struct Typed<'a> {
    cx: &'a Ctx<'a>,
    f: &'a RecordForm,
    field: &'a crate::app::fields::Field,
    focused: bool,
}

impl<'a> Typed<'a> {
    /// Its rows (notes take several), the cursor's place when focused, and
    /// the Tab completions under it.
    fn text_lines(
        &self,
        mut first: Vec<Span<'a>>,
        lines: &mut Vec<Line<'a>>,
        cursor: &mut Option<(usize, u16)>,
    ) {
        let (t, field) = (&self.cx.theme, self.field);
        let text = &field.input.text;
        let rows: Vec<&str> = text.split('\n').collect();
        let before_cursor = &text[..field.input.cursor.min(text.len())];
        let cursor_row = before_cursor.matches('\n').count();
        for (r, row) in rows.iter().enumerate() {
            let mut spans = if r == 0 {
                std::mem::take(&mut first)
            } else {
                vec![Span::raw(" ".repeat(LABEL))]
            };
            spans.push(Span::styled(row.to_string(), t.style(Role::Text)));
            if self.focused && r == cursor_row {
                let col = before_cursor.rsplit('\n').next().unwrap_or("");
                *cursor = Some((lines.len(), LABEL as u16 + width(col)));
            }
            if r == rows.len() - 1 {
                self.row_tail(row, &mut spans);
            }
            lines.push(Line::from(spans));
        }
        if self.focused {
            let s = field.suggestions();
            let typing_done = s.len() == 1 && field.items().last() == s.first();
            if !s.is_empty() && !typing_done {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL)),
                    Span::styled("Tab: ", t.style(Role::Muted)),
                    Span::styled(s.join(" · "), t.style(Role::Accent)),
                ]));
            }
        }
    }

    /// After the last row: the unit of a number, what a date means.
    fn row_tail(&self, row: &str, spans: &mut Vec<Span<'a>>) {
        let (t, field) = (&self.cx.theme, self.field);
        if let FieldKind::Number { unit } = &field.kind {
            if !unit.is_empty() && !row.trim().is_empty() && !row.ends_with(unit.as_str()) {
                spans.push(Span::styled(format!(" {unit}"), t.style(Role::Muted)));
            }
        }
        if field.error.is_none() {
            if let (FieldKind::Date | FieldKind::PastDate, Ok(Some(note))) = (
                &field.kind,
                field.check_in(self.cx.today, self.f.anchors.as_ref()),
            ) {
                if !row.trim().starts_with(char::is_numeric) || row.len() < 10 {
                    spans.push(Span::styled(format!("  → {note}"), t.style(Role::Muted)));
                }
            }
        }
    }
}

/// Under a field: what is wrong with it, and what its notes will record.
fn under_field<'a>(
    cx: &Ctx,
    f: &'a RecordForm,
    field: &'a crate::app::fields::Field,
    lines: &mut Vec<Line<'a>>,
) {
    let t = &cx.theme;
    // Wrapped, not cut: a line's message names the words it is about.
    let mut under = |text: String, role: Role| {
        for row in wrapped(&text, FORM_WIDTH - 2 - LABEL) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(LABEL)),
                Span::styled(row, t.style(role)),
            ]));
        }
    };
    if let Some(e) = &field.error {
        under(format!("✗ {e}"), Role::Error);
    }
    if field.kind == crate::app::fields::FieldKind::Notes {
        for p in &f.notes_preview {
            under(format!("→ {p}"), Role::Muted);
        }
    }
}

/// The form's last lines: the discard question, or its error and what saves.
fn footer<'a>(cx: &Ctx, f: &'a RecordForm, lines: &mut Vec<Line<'a>>) {
    let t = &cx.theme;
    lines.push(Line::from(""));
    if f.confirm_discard {
        lines.push(Line::from(Span::styled(
            "Discard what you typed?  y discards · n goes back to the form",
            t.style(Role::Warn).add_modifier(Modifier::BOLD),
        )));
    } else {
        if let Some(e) = &f.error {
            lines.push(Line::from(Span::styled(e.clone(), t.style(Role::Error))));
        }
        // In the notes Enter types a new line: the hint says what saves.
        let in_notes = f
            .focused()
            .is_some_and(|x| x.kind == crate::app::fields::FieldKind::Notes);
        lines.push(Line::from(Span::styled(
            if in_notes {
                "Ctrl-S saves · Enter: a new line · Ctrl-O your editor · Tab/↓ next · Esc cancels"
            } else {
                "Enter saves · Tab/↓ next · Shift-Tab/↑ back · Esc cancels"
            },
            t.style(Role::Muted),
        )));
    }
}

/// The form's box, scrolled so the focused field shows, and the cursor.
fn show(
    frame: &mut Frame,
    cx: &Ctx,
    area: Rect,
    f: &RecordForm,
    lines: Vec<Line>,
    focus_line: usize,
    cursor: Option<(usize, u16)>,
) {
    let t = &cx.theme;
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = centred(area, FORM_WIDTH as u16, h);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", f.title), t.style(Role::Title)))
        .border_style(t.style(Role::Border));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let visible = inner.height as usize;
    let scroll = if focus_line + 3 > visible {
        (focus_line + 3 - visible).min(lines.len().saturating_sub(visible))
    } else {
        0
    };
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    if let Some((line, col)) = cursor {
        if !f.confirm_discard && line >= scroll && line - scroll < visible && col < inner.width {
            frame.set_cursor_position(Position::new(
                inner.x + col,
                inner.y + (line - scroll) as u16,
            ));
        }
    }
}

pub fn confirm(frame: &mut Frame, cx: &Ctx, area: Rect, c: &Confirm) {
    let t = &cx.theme;
    let rect = centred(area, 64, 6);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Sure? ", t.style(Role::Title)))
        .border_style(t.style(Role::Warn));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = vec![
        Line::from(Span::styled(c.question.clone(), t.style(Role::Text))),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", t.style(Role::Accent)),
            Span::styled(" yes   ", t.style(Role::Muted)),
            Span::styled("n", t.style(Role::Accent)),
            Span::styled(" no", t.style(Role::Muted)),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

pub fn measurements(
    frame: &mut Frame,
    cx: &Ctx,
    area: Rect,
    v: &crate::app::account::AccountView,
    metric: usize,
    list: &ListState,
) {
    let t = &cx.theme;
    let Some(m) = v.detail.metrics.get(metric) else {
        return;
    };
    let ms = v.measurements_newest_first(metric);
    let rect = centred(area, 78, area.height.saturating_sub(2).min(24));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} · measurements, newest first ", m.metric.name),
            t.style(Role::Title),
        ))
        .border_style(t.style(Role::Border));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let height = inner.height.saturating_sub(1) as usize;
    let start = window_start(list.selected, ms.len(), height);
    let mut lines: Vec<Line> = ms
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, x)| {
            let mut line = Line::from(vec![
                Span::styled(
                    format!("{:<12}", shown(cx.today, x.on)),
                    t.style(Role::Muted),
                ),
                Span::styled(
                    format!("{:>12}  ", value(Some(x.value), &m.metric.unit)),
                    t.style(Role::Text),
                ),
                Span::styled(
                    [x.source.as_str(), x.note.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    t.style(Role::Muted),
                ),
            ]);
            if i == list.selected {
                line = line.style(t.style(Role::Selection));
            }
            line
        })
        .collect();
    if ms.is_empty() {
        lines.push(Line::from(Span::styled(
            "no measurements yet",
            t.style(Role::Muted),
        )));
    }
    while lines.len() < height {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "n new · e edit · X remove · Esc back",
        t.style(Role::Muted),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}
