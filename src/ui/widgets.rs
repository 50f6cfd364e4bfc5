//! Small pieces shared by the screens: highlighted text, figure cells,
//! centred boxes.

use super::Ctx;
use crate::domain::figures::{percent, SayDo};
use crate::theme::Role;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// `text` with the characters at `positions` in the match style.
pub fn highlighted<'a>(text: &'a str, positions: &[usize], base: Style, hl: Style) -> Line<'a> {
    if positions.is_empty() {
        return Line::from(Span::styled(text, base));
    }
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_hl = false;
    for (i, ch) in text.chars().enumerate() {
        let is_hl = positions.contains(&i);
        if is_hl != current_hl && !current.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut current),
                if current_hl { base.patch(hl) } else { base },
            ));
        }
        current_hl = is_hl;
        current.push(ch);
    }
    if !current.is_empty() {
        spans.push(Span::styled(
            current,
            if current_hl { base.patch(hl) } else { base },
        ));
    }
    Line::from(spans)
}

/// Say/do as a percentage, coloured by how good it is.
pub fn say_do_span(cx: &Ctx, s: &SayDo) -> Span<'static> {
    let role = match s.ratio() {
        None => Role::Muted,
        Some(r) if r >= 0.9 => Role::Ok,
        Some(r) if r >= 0.75 => Role::Warn,
        Some(_) => Role::Bad,
    };
    Span::styled(s.percent(), cx.theme.style(role))
}

/// "80% 16/20" for tables.
pub fn say_do_cell(cx: &Ctx, s: &SayDo) -> Line<'static> {
    let mut spans = vec![say_do_span(cx, s)];
    if s.judged > 0 {
        spans.push(Span::styled(
            format!(" {}/{}", s.kept_on_time, s.judged),
            cx.theme.style(Role::Muted),
        ));
    }
    Line::from(spans)
}

pub fn share(r: Option<f64>) -> String {
    percent(r)
}

/// A count that is bad when it is not zero.
pub fn alarm(cx: &Ctx, n: u32, role: Role) -> Span<'static> {
    if n == 0 {
        Span::styled("0", cx.theme.style(Role::Muted))
    } else {
        Span::styled(n.to_string(), cx.theme.style(role))
    }
}

pub fn days_ago(cx: &Ctx, days: Option<i64>, threshold: u32) -> Span<'static> {
    match days {
        None => Span::styled("never", cx.theme.style(Role::Bad)),
        Some(d) if d > threshold as i64 => {
            Span::styled(format!("{d}d"), cx.theme.style(Role::Warn))
        }
        Some(d) => Span::styled(format!("{d}d"), cx.theme.style(Role::Text)),
    }
}

/// A box of at most `w`×`h` in the middle of `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A number with its unit, without trailing zeros.
pub fn value(v: Option<f64>, unit: &str) -> String {
    crate::domain::figures::with_unit(v, unit)
}

/// "my accounts (Dana Cole)" or "all accounts", for screen titles.
/// How far the figures of the whole book are, while they are still being
/// counted: "counting… 40%". A screen whose figures are not all in says so,
/// never "nothing needs attention".
pub fn counting(cx: &Ctx) -> Option<String> {
    let (loaded, total) = cx.progress?;
    Some(match total {
        Some(t) if t > 0 => format!("counting… {}%", (loaded * 100 / t).min(99)),
        _ => format!("counting… {loaded} accounts"),
    })
}

/// The counting mark for a screen's title line, if still counting.
pub fn counting_span(cx: &Ctx) -> Option<ratatui::text::Span<'static>> {
    counting(cx).map(|c| {
        ratatui::text::Span::styled(format!("  · {c}"), cx.theme.style(crate::theme::Role::Warn))
    })
}

/// A screen's title line: its name, what it shows, and "counting…" while
/// the figures come in.
pub fn title_line(cx: &Ctx, title: &str, what: impl Into<String>) -> ratatui::text::Line<'static> {
    use crate::theme::Role;
    use ratatui::text::{Line, Span};
    let mut spans = vec![
        Span::styled(title.to_string(), cx.theme.style(Role::Title)),
        Span::styled(what.into(), cx.theme.style(Role::Header)),
    ];
    spans.extend(counting_span(cx));
    Line::from(spans)
}

/// What an empty list says while the figures are still being counted.
pub fn not_counted_yet(cx: &Ctx) -> Option<String> {
    counting(cx).map(|c| {
        format!("{c}: not every account's figures are in yet, so nothing is judged here yet.")
    })
}

pub fn scope_label(cx: &Ctx, mine_only: bool) -> String {
    if mine_only {
        format!("my accounts ({})", cx.me)
    } else {
        "all accounts".into()
    }
}

/// A column's title with its sort mark, cut to fit `width` columns so that
/// the mark never pushes the title's first letters out of a right-aligned
/// cell ("pen↓" was "Open↓" squeezed into four).
pub fn sorted_title(title: &str, mark: &str, width: Option<u16>) -> String {
    let full = format!("{title}{mark}");
    let Some(width) = width.map(usize::from) else {
        return full;
    };
    if full.chars().count() <= width {
        return full;
    }
    let room = width.saturating_sub(mark.chars().count());
    let cut: String = title.chars().take(room).collect();
    format!("{cut}{mark}")
}

#[cfg(test)]
mod sorted_title_tests {
    #[test]
    fn the_mark_never_hides_the_first_letters() {
        assert_eq!(super::sorted_title("Open", "↓", Some(4)), "Ope↓");
        assert_eq!(super::sorted_title("Open", "↓", Some(8)), "Open↓");
        assert_eq!(super::sorted_title("Accounts", "", Some(8)), "Accounts");
        assert_eq!(super::sorted_title("Name", "↑", None), "Name↑");
    }
}

/// The columns' widths that ratatui's `Table` gives `widths` in a table
/// `width` wide (its default `Flex::Start`, no selection column), so that
/// cells can be fitted before the table cuts them.
pub fn column_widths(widths: &[ratatui::layout::Constraint], spacing: u16, width: u16) -> Vec<u16> {
    use ratatui::layout::Constraint as C;
    let least: Vec<u16> = widths
        .iter()
        .map(|c| match *c {
            C::Length(n) | C::Min(n) => n,
            _ => 0,
        })
        .collect();
    let gaps = spacing.saturating_mul(widths.len().saturating_sub(1) as u16);
    let needed = least.iter().fold(gaps, |a, n| a.saturating_add(*n));
    if needed <= width {
        return ratatui::layout::Layout::horizontal(widths.iter().copied())
            .flex(ratatui::layout::Flex::Start)
            .spacing(spacing)
            .split(Rect::new(0, 0, width, 1))
            .iter()
            .map(|r| r.width)
            .collect();
    }
    // More is asked than there is room for: the solver would pick one of
    // many equally bad answers, not always the same one from run to run.
    // The widest column gives way, one cell at a time (the leftmost of
    // equals first), so a narrow terminal always draws the same.
    let mut out = least;
    let mut over = needed - width;
    while over > 0 {
        let Some(i) = (0..out.len()).max_by_key(|i| (out[*i], std::cmp::Reverse(*i))) else {
            break;
        };
        if out[i] == 0 {
            break;
        }
        out[i] -= 1;
        over -= 1;
    }
    out
}

/// The widths `column_widths` gave, for the table to lay out exactly so
/// (the table's own solver could pick another of its equal answers).
pub fn lengths(widths: &[u16]) -> Vec<ratatui::layout::Constraint> {
    widths
        .iter()
        .map(|w| ratatui::layout::Constraint::Length(*w))
        .collect()
}

/// `line` cut to `width` columns, ending with "…" when it was cut (a handle
/// cut short must not read as another, valid one); alignment kept.
pub fn fit(line: Line<'_>, width: u16) -> Line<'static> {
    let width = width as usize;
    let owned = |l: Line<'_>| {
        let mut out = Line::from(
            l.spans
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style))
                .collect::<Vec<_>>(),
        )
        .style(l.style);
        out.alignment = l.alignment;
        out
    };
    if line.width() <= width {
        return owned(line);
    }
    let alignment = line.alignment;
    let style = line.style;
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let room = width.saturating_sub(1);
    let mut last_style = Style::default();
    'outer: for s in line.spans {
        last_style = s.style;
        let mut kept = String::new();
        for ch in s.content.chars() {
            let w = crate::domain::text::char_width(ch);
            if used + w > room {
                if !kept.is_empty() {
                    spans.push(Span::styled(kept, s.style));
                }
                break 'outer;
            }
            used += w;
            kept.push(ch);
        }
        spans.push(Span::styled(kept, s.style));
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    let mut out = Line::from(spans).style(style);
    out.alignment = alignment;
    out
}

/// A table row of `cells`, each fitted to its column.
pub fn fitted_row(cells: Vec<Line<'_>>, widths: &[u16]) -> ratatui::widgets::Row<'static> {
    ratatui::widgets::Row::new(
        cells
            .into_iter()
            .enumerate()
            .map(|(i, l)| match widths.get(i) {
                Some(w) => ratatui::widgets::Cell::from(fit(l, *w)),
                None => ratatui::widgets::Cell::from(fit(l, u16::MAX)),
            })
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn cut_text_ends_with_an_ellipsis_and_keeps_its_styles() {
        let l = Line::from(vec![Span::raw("@linwood-"), Span::raw("1034")]);
        let f = fit(l, 12);
        assert_eq!(f.to_string(), "@linwood-10…");
        assert_eq!(f.width(), 12);
        assert_eq!(fit(Line::from("short"), 12).to_string(), "short");
        assert_eq!(fit(Line::from("東京医科大学"), 5).to_string(), "東京…");
        let r = fit(Line::from("12345").right_aligned(), 3);
        assert_eq!(r.to_string(), "12…");
        assert_eq!(r.alignment, Some(ratatui::layout::Alignment::Right));
    }

    #[test]
    fn the_widths_are_the_tables_own() {
        use ratatui::layout::Constraint::*;
        let w = column_widths(&[Fill(1), Length(10), Length(5)], 1, 40);
        assert_eq!(w, vec![23, 10, 5]);
    }

    #[test]
    fn too_narrow_the_widest_column_gives_way_the_same_every_time() {
        use ratatui::layout::Constraint::*;
        // 12 + 14 + 20 + 50 + 12 and four gaps want 112 columns of 80.
        let widths = [Length(12), Length(14), Min(20), Length(50), Length(12)];
        let w = column_widths(&widths, 1, 80);
        assert_eq!(w, vec![12, 14, 19, 19, 12]);
        assert_eq!(w.iter().sum::<u16>() + 4, 80);
        for _ in 0..20 {
            assert_eq!(column_widths(&widths, 1, 80), w);
        }
    }
}

/// A scrollbar on the right edge of a list `area` (its first row the
/// header) when `total` rows do not fit: where the cursor is in the list.
pub fn scrollbar(frame: &mut ratatui::Frame, cx: &Ctx, area: Rect, total: usize, selected: usize) {
    let visible = area.height.saturating_sub(1) as usize;
    if total <= visible || area.height < 3 {
        return;
    }
    let track = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let mut state = ratatui::widgets::ScrollbarState::new(total)
        .position(selected)
        .viewport_content_length(visible);
    frame.render_stateful_widget(
        ratatui::widgets::Scrollbar::new(ratatui::widgets::ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .style(cx.theme.style(Role::Muted)),
        track,
        &mut state,
    );
}

/// A screen's two head lines — its title and what it shows, then a muted
/// line of how to read it — over `area`; the rest of `area` below them.
pub fn heading(
    frame: &mut ratatui::Frame,
    cx: &Ctx,
    area: Rect,
    title: &str,
    what: String,
    how: String,
) -> Rect {
    use ratatui::layout::{Constraint, Layout};
    use ratatui::widgets::Paragraph;
    let [top, info, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{title} "), cx.theme.style(Role::Title)),
            Span::styled(what, cx.theme.style(Role::Header)),
        ])),
        top,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(how, cx.theme.style(Role::Muted))),
        info,
    );
    rest
}

/// One line of text alone in `area` (an empty list, a problem).
pub fn note(frame: &mut ratatui::Frame, cx: &Ctx, area: Rect, text: String, role: Role) {
    frame.render_widget(
        ratatui::widgets::Paragraph::new(Span::styled(text, cx.theme.style(role))),
        area,
    );
}

/// How many columns a text takes on the screen.
pub fn width(s: &str) -> u16 {
    Span::raw(s).width() as u16
}
