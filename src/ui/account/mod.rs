//! One account: a header (name, handle, owner, stage, renewal, the
//! customer's why) and tabs for its overview, metrics (with the XmR chart),
//! visits, commitments, stakeholders and moments of truth.

use super::Ctx;
use crate::app::account::{AccountView, Tab};
use crate::app::list::window_start;
use crate::domain::dates::{days_between, relative_words, shown};
use crate::domain::figures::Track;
use crate::domain::{Choice, Intent, Status};
use crate::theme::Role;
use crate::ui::widgets::{alarm, say_do_span, share, value};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;

/// Header lines above the tabs.
mod metrics;
mod overview;
mod records;

use metrics::metrics;
use overview::overview;
use records::{commitments, moments, stakeholders, visits};

const HEAD: u16 = 3;

pub fn draw(frame: &mut Frame, cx: &Ctx, view: Option<&AccountView>, area: Rect) {
    let Some(view) = view else {
        frame.render_widget(Paragraph::new("no account open"), area);
        return;
    };
    let [head, tabs, body] = Layout::vertical([
        Constraint::Length(HEAD),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    draw_head(frame, cx, view, head);
    let (titles, pad) = tab_titles(tabs.width);
    let titles: Vec<Line> = titles.into_iter().map(Line::from).collect();
    let selected = Tab::ALL.iter().position(|t| *t == view.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(cx.theme.style(Role::Tab))
            .highlight_style(cx.theme.style(Role::TabActive))
            .padding(" ".repeat(pad as usize), " ")
            .divider("│"),
        tabs,
    );
    match view.tab {
        Tab::Overview => overview(frame, cx, view, body),
        Tab::Metrics => metrics(frame, cx, view, body),
        Tab::Visits => visits(frame, cx, view, body),
        Tab::Commitments => commitments(frame, cx, view, body),
        Tab::Stakeholders => stakeholders(frame, cx, view, body),
        Tab::Moments => moments(frame, cx, view, body),
        Tab::Connect => crate::ui::connect::draw(frame, cx, view, body),
    }
}

fn draw_head(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let a = &view.detail.row.account;
    let muted = cx.theme.style(Role::Muted);
    let mut first = vec![
        Span::styled(a.name.clone(), cx.theme.style(Role::Title)),
        Span::styled(format!("  @{}", a.handle), cx.theme.style(Role::Accent)),
    ];
    if a.archived {
        first.push(Span::styled("  archived", cx.theme.style(Role::Warn)));
    }
    // Only the parts the account has: "renewal — · region — ·" said nothing.
    let mut second = vec![
        Span::styled("owner ", muted),
        Span::raw(a.owner.clone().unwrap_or_else(|| "nobody yet".into())),
        Span::styled(" · stage ", muted),
        Span::styled(a.stage.clone(), cx.theme.style(Role::Header)),
        Span::styled(format!(" {}d", view.detail.row.days_in_stage), muted),
    ];
    if let Some(d) = a.renewal {
        second.push(Span::styled(" · renewal ", muted));
        second.push(Span::raw(shown(cx.today, d)));
    }
    if !a.region.is_empty() {
        second.push(Span::styled(" · region ", muted));
        second.push(Span::raw(a.region.clone()));
    }
    if !a.tags.is_empty() {
        second.push(Span::styled(" · ", muted));
        second.push(Span::raw(a.tags.join(", ")));
    }
    let third = if a.why.is_empty() {
        Line::from(Span::styled(
            "why: not recorded yet — ask them how they define success",
            muted,
        ))
    } else {
        Line::from(vec![
            Span::styled("why ", muted),
            Span::styled(format!("“{}”", a.why), cx.theme.style(Role::Text)),
        ])
    };
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second), third]),
        area,
    );
}

fn section(cx: &Ctx, title: &str) -> Line<'static> {
    Line::from(Span::styled(
        title.to_string(),
        cx.theme.style(Role::Header),
    ))
}

fn intent_span(cx: &Ctx, i: Intent) -> Span<'static> {
    match i {
        Intent::Proactive => Span::styled("▲ proactive", cx.theme.style(Role::Proactive)),
        Intent::Reactive => Span::styled("▼ reactive", cx.theme.style(Role::Reactive)),
    }
}

/// A table of `rows` with the selected one marked, scrolled to show it,
/// each cell fitted to its column ("…" where it is cut), and a scrollbar
/// when they do not all fit.
pub(super) fn draw_list(
    frame: &mut Frame,
    cx: &Ctx,
    header: Vec<&str>,
    widths: Vec<Constraint>,
    rows: Vec<Vec<Line<'_>>>,
    selected: usize,
    area: Rect,
) {
    let total = rows.len();
    let cols = crate::ui::widgets::column_widths(&widths, 1, area.width);
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| crate::ui::widgets::fitted_row(r, &cols))
        .collect();
    let height = area.height.saturating_sub(1) as usize;
    let start = window_start(selected, rows.len(), height);
    let n = rows.len();
    let visible: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            if i == selected && n > 0 {
                r.style(cx.theme.style(Role::Selection))
            } else {
                r
            }
        })
        .collect();
    frame.render_widget(
        Table::new(visible, crate::ui::widgets::lengths(&cols))
            .header(Row::new(header).style(cx.theme.style(Role::Header)))
            .column_spacing(1),
        area,
    );
    crate::ui::widgets::scrollbar(frame, cx, area, total, selected);
}

fn empty(frame: &mut Frame, cx: &Ctx, area: Rect, text: &str) {
    frame.render_widget(
        Paragraph::new(Span::styled(text.to_string(), cx.theme.style(Role::Muted))),
        area,
    );
}

/// The tab whose title is at (`x`, `y`), as ratatui's Tabs lays them out:
/// a space, the title, a space, the divider.
/// The tabs' titles as they fit in `width`, and the space before each:
/// in full with a space either side, or where that runs past the edge in
/// a word each with a space after (every tab and its key stay in sight).
fn tab_titles(width: u16) -> (Vec<String>, u16) {
    let titles = |short: bool| -> Vec<String> {
        Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(
                    "{} {}",
                    i + 1,
                    if short { t.short_title() } else { t.title() }
                )
            })
            .collect()
    };
    let full = titles(false);
    // Each title with its padding, and a divider between two.
    let needed: usize = full
        .iter()
        .map(|t| crate::domain::text::display_width(t) + 2)
        .sum::<usize>()
        + full.len()
        - 1;
    if needed <= width as usize {
        (full, 1)
    } else {
        (titles(true), 0)
    }
}

pub fn tab_at(body: Rect, x: u16, y: u16) -> Option<Tab> {
    if y != body.y + HEAD || x < body.x {
        return None;
    }
    let mut left = body.x;
    let (titles, pad) = tab_titles(body.width);
    for (t, title) in Tab::ALL.iter().zip(titles) {
        let right = left + pad + crate::domain::text::display_width(&title) as u16 + 1;
        if x < right {
            return Some(*t);
        }
        left = right + 1;
    }
    None
}

pub fn row_at(view: &AccountView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + HEAD + 1 + 1;
    if y < first || view.tab == Tab::Overview {
        return None;
    }
    let len = view.len(view.tab);
    let height = match view.tab {
        Tab::Metrics => ((len as u16 + 1).min((body.height - HEAD - 1) / 2).max(2) - 1) as usize,
        _ => body.height.saturating_sub(HEAD + 2) as usize,
    };
    let start = window_start(view.selected(view.tab), len, height);
    let i = start + (y - first) as usize;
    (i < len && ((y - first) as usize) < height).then_some(i)
}
