//! The portfolio table: totals on top, one row per account (or grouped
//! with subtotals), columns giving way by priority as the terminal narrows.

use super::widgets::{alarm, days_ago, highlighted, say_do_cell, share};
use super::Ctx;
use crate::app::list::window_start;
use crate::app::portfolio::PortfolioView;
use crate::app::portfolio::{columns_for, Column, Line as PLine, Subtotal};
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

const TITLE_ROWS: u16 = 2;

fn totals_line(cx: &Ctx, t: &Subtotal) -> Vec<Span<'static>> {
    let muted = cx.theme.style(Role::Muted);
    vec![
        Span::styled(
            crate::domain::plural(t.accounts as usize, "account"),
            cx.theme.style(Role::Text),
        ),
        Span::styled(" · say/do ", muted),
        super::widgets::say_do_span(cx, &t.say_do),
        Span::styled(
            if t.say_do.judged > 0 {
                format!(
                    " {}/{}{}",
                    t.say_do.kept_on_time,
                    t.say_do.judged,
                    if t.say_do.renegotiated > 0 {
                        format!(" · {} reneg.", t.say_do.renegotiated)
                    } else {
                        String::new()
                    }
                )
            } else {
                String::new()
            },
            muted,
        ),
        Span::styled(" · proactive ", muted),
        Span::raw(share(t.visits.share())),
        Span::styled(" · overdue ", muted),
        alarm(cx, t.overdue, Role::Bad),
        Span::styled(" · unvisited ", muted),
        alarm(cx, t.unvisited, Role::Warn),
    ]
}

pub fn draw(frame: &mut Frame, cx: &Ctx, p: &PortfolioView, area: Rect) {
    let [title, filter_line, table_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    heading(frame, cx, p, title, filter_line);

    if p.lines.is_empty() {
        let msg = empty_message(cx, p);
        frame.render_widget(
            Paragraph::new(Span::styled(msg, cx.theme.style(Role::Muted))),
            table_area,
        );
        return;
    }

    let cols = columns_for(table_area.width, p.mine_only);
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| {
            if *c == Column::Name {
                Constraint::Fill(1)
            } else {
                Constraint::Length(c.width())
            }
        })
        .collect();

    let fitted = super::widgets::column_widths(&widths, 1, table_area.width);
    let height = table_area.height.saturating_sub(1) as usize;
    let start = window_start(p.list.selected, p.lines.len(), height);
    let rows: Vec<Row> = p.lines[start..(start + height).min(p.lines.len())]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let selected = start + i == p.list.selected;
            let row = match line {
                PLine::Group(g) => group_row(cx, &g.label, &g.totals, &cols, &fitted),
                PLine::Row { index } => {
                    account_row(cx, &p.rows[*index], &p.matched(*index), &cols, &fitted)
                }
            };
            if selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(
        Table::new(rows, super::widgets::lengths(&fitted))
            .header(header(cx, p, &cols))
            .column_spacing(1),
        table_area,
    );
    super::widgets::scrollbar(frame, cx, table_area, p.lines.len(), p.list.selected);
}

/// The title (whose accounts, their totals) and the line under it: how
/// the table is sorted and grouped, introductions on their way, figures
/// still loading, the filter.
fn heading(frame: &mut Frame, cx: &Ctx, p: &PortfolioView, title: Rect, filter_line: Rect) {
    let scope = match &p.owner {
        Some(o) => format!("Accounts of {o}"),
        None if p.mine_only => format!("My accounts ({})", cx.me),
        None => "All accounts".to_string(),
    };
    let mut head = vec![
        Span::styled("saydo ", cx.theme.style(Role::Title)),
        Span::styled(format!("· {scope} · "), cx.theme.style(Role::Header)),
    ];
    head.extend(totals_line(cx, &p.totals));
    frame.render_widget(Paragraph::new(Line::from(head)), title);
    let mut info = vec![Span::styled(
        format!(
            "sorted by {} {} · {}",
            p.sort.title(),
            if p.descending { "↓" } else { "↑" },
            p.group.label(&p.tag_groups)
        ),
        cx.theme.style(Role::Muted),
    )];
    let connect = p.connect_count();
    if connect > 0 {
        info.push(Span::styled(
            format!(
                " · connect: {} on their way",
                crate::domain::plural(connect as usize, "introduction")
            ),
            cx.theme.style(Role::Muted),
        ));
    }
    if let Some((loaded, total)) = cx.progress {
        let of = total.map_or(String::new(), |t| format!(" of {t}"));
        info.push(Span::styled(
            format!("  · loading figures: {loaded}{of}…"),
            cx.theme.style(Role::Warn),
        ));
    }
    if p.filtering || !p.filter.is_empty() {
        info.push(Span::styled("  filter: ", cx.theme.style(Role::Muted)));
        info.push(Span::styled(p.filter.clone(), cx.theme.style(Role::Accent)));
        if p.filtering {
            info.push(Span::styled("▏", cx.theme.style(Role::Accent)));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(info)), filter_line);
}

/// What an empty table says: whose accounts there are none of, or that
/// nothing matches the filter.
fn empty_message(cx: &Ctx, p: &PortfolioView) -> String {
    if p.filter.is_empty() {
        if p.mine_only {
            format!(
                "{} owns no accounts; {} shows all",
                cx.me,
                cx.keymap
                    .key_for(
                        crate::keymap::Context::Portfolio,
                        crate::action::Action::Scope
                    )
                    .map_or("m".into(), |k| k.to_string())
            )
        } else {
            "no accounts".to_string()
        }
    } else {
        format!("nothing matches “{}”", p.filter)
    }
}

/// The column titles, the sorted one marked with its direction.
fn header(cx: &Ctx, p: &PortfolioView, cols: &[Column]) -> Row<'static> {
    Row::new(cols.iter().map(|c| {
        let mark = if *c == p.sort {
            if p.descending {
                "↓"
            } else {
                "↑"
            }
        } else {
            ""
        };
        let width = (*c != Column::Name).then(|| c.width());
        let text = super::widgets::sorted_title(c.title(), mark, width);
        Cell::from(if c.numeric() {
            Line::from(text).right_aligned()
        } else {
            Line::from(text)
        })
    }))
    .style(cx.theme.style(Role::Header))
}

fn right(span: Span<'static>) -> Line<'static> {
    Line::from(span).right_aligned()
}

fn account_row(
    cx: &Ctx,
    r: &crate::app::held::Row,
    matched: &[usize],
    cols: &[Column],
    widths: &[u16],
) -> Row<'static> {
    let a = &r.account;
    let text = cx.theme.style(Role::Text);
    let muted = cx.theme.style(Role::Muted);
    let cells = cols.iter().map(|c| match c {
        Column::Name => {
            highlighted(a.name(), matched, text, cx.theme.style(Role::Match)).to_owned_line()
        }
        Column::Handle => Line::from(Span::styled(format!("@{}", a.handle()), muted)),
        Column::Owner => Line::from(Span::styled(
            a.owner().unwrap_or_default().to_string(),
            text,
        )),
        Column::Stage => Line::from(Span::styled(a.stage().to_string(), text)),
        Column::InStage => right(Span::styled(format!("{}d", r.days_in_stage), muted)),
        Column::SayDo => say_do_cell(cx, &r.say_do).right_aligned(),
        Column::Open => right(Span::styled(r.open.to_string(), text)),
        Column::Overdue => right(alarm(cx, r.overdue, Role::Bad)),
        Column::LastVisit => right(days_ago(
            cx,
            r.days_since_visit.map(i64::from),
            cx.config.unvisited_days,
        )),
        Column::Proactive => right(Span::styled(share(r.visits.share()), text)),
        Column::OnTrack => right(Span::styled(
            format!("{}/{}", r.metrics_on_track, r.metrics),
            if r.metrics_off_track > 0 {
                cx.theme.style(Role::Warn)
            } else {
                text
            },
        )),
        Column::Signals => right(if r.signals > 0 {
            Span::styled(format!("◆ {}", r.signals), cx.theme.style(Role::Signal))
        } else {
            Span::styled("0", muted)
        }),
    });
    super::widgets::fitted_row(cells.collect(), widths)
}

fn group_row(cx: &Ctx, label: &str, t: &Subtotal, cols: &[Column], widths: &[u16]) -> Row<'static> {
    let h = cx.theme.style(Role::Header);
    let cells = cols.iter().map(|c| match c {
        Column::Name => {
            // The Visited column is too narrow to say what a count of
            // unvisited accounts is ("2 late" read as two late visits).
            let mut l = vec![Span::styled(format!("▸ {label} ({})", t.accounts), h)];
            if t.unvisited > 0 {
                l.push(Span::styled(
                    format!(" · {} unvisited", t.unvisited),
                    cx.theme.style(Role::Warn),
                ));
            }
            Line::from(l)
        }
        Column::SayDo => say_do_cell(cx, &t.say_do).right_aligned(),
        Column::Overdue => right(alarm(cx, t.overdue, Role::Bad)),
        Column::Open => right(Span::styled(t.open.to_string(), h)),
        Column::Proactive => right(Span::styled(share(t.visits.share()), h)),
        _ => Line::from(""),
    });
    super::widgets::fitted_row(cells.collect(), widths).style(Style::default())
}

pub fn row_at(p: &PortfolioView, body: Rect, y: u16) -> Option<usize> {
    let first = body.y + TITLE_ROWS + 1;
    if y < first {
        return None;
    }
    let height = body.height.saturating_sub(TITLE_ROWS + 1) as usize;
    let start = window_start(p.list.selected, p.lines.len(), height);
    let i = start + (y - first) as usize;
    (i < p.lines.len()).then_some(i)
}

trait OwnedLine {
    fn to_owned_line(self) -> Line<'static>;
}

impl OwnedLine for Line<'_> {
    fn to_owned_line(self) -> Line<'static> {
        Line::from(
            self.spans
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style))
                .collect::<Vec<_>>(),
        )
    }
}
