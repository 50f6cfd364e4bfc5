//! One account: a header (name, handle, owner, stage, renewal, the
//! customer's why) and tabs for its overview, metrics (with the XmR chart),
//! visits, commitments, stakeholders and moments of truth.

use super::widgets::{alarm, say_do_span, share, value};
use super::Ctx;
use crate::app::account::{AccountView, Tab};
use crate::app::list::window_start;
use crate::domain::dates::{days_between, relative_words, shown};
use crate::domain::figures::Track;
use crate::domain::{Choice, Intent, Status};
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;

/// Header lines above the tabs.
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
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| Line::from(format!("{} {}", i + 1, t.title())))
        .collect();
    let selected = Tab::ALL.iter().position(|t| *t == view.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(cx.theme.style(Role::Tab))
            .highlight_style(cx.theme.style(Role::TabActive))
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
        Tab::Connect => super::connect::draw(frame, cx, view, body),
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

fn overview(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    let r = &d.row;
    let muted = cx.theme.style(Role::Muted);
    let mut lines = vec![Line::from(vec![
        Span::styled("say/do ", muted),
        say_do_span(cx, &r.say_do),
        Span::styled(
            format!(
                " {}",
                r.say_do.describe().split_once(" · ").map_or("", |x| x.1)
            ),
            muted,
        ),
        Span::styled(" · proactive ", muted),
        Span::raw(format!(
            "{} of {}",
            share(r.visits.share()),
            crate::domain::plural(r.visits.total as usize, "visit")
        )),
        Span::styled(" · open ", muted),
        Span::raw(r.open.to_string()),
        Span::styled(" · overdue ", muted),
        alarm(cx, r.overdue, Role::Bad),
        Span::styled(" · last visit ", muted),
        super::widgets::days_ago(cx, r.days_since_visit, cx.config.unvisited_days),
        Span::styled(" · metrics on track ", muted),
        Span::raw(format!("{}/{}", r.metrics_on_track, r.metrics)),
    ])];
    // The last twelve months, as on the trends screen.
    let [s, p, n] = super::trends::bars(&view.months);
    let accent = cx.theme.style(Role::Accent);
    lines.push(Line::from(vec![
        Span::styled(
            format!("12 months {} ", super::trends::initials(&view.month_starts)),
            muted,
        ),
        Span::styled("say/do ", muted),
        Span::styled(s.0, accent),
        Span::styled(" · proactive ", muted),
        Span::styled(p.0, accent),
        Span::styled(" · visits ", muted),
        Span::styled(n.0, accent),
    ]));
    lines.push(Line::from(""));
    // The items come from the view, by the one rule of the Attention screen.
    let mut attention = Vec::new();
    for item in &view.attention {
        use crate::app::attention::Kind;
        let days = item.days().unwrap_or(0);
        let line = match item.kind {
            Kind::Overdue | Kind::DueSoon => {
                let Some(c) = d.commitments.iter().find(|c| c.num == item.subject) else {
                    continue;
                };
                let (role, when) = if item.kind == Kind::Overdue {
                    (Role::Bad, format!("{days}d late"))
                } else {
                    (Role::Warn, relative_words(c.due(), cx.today))
                };
                Line::from(vec![
                    Span::styled("  ● ", cx.theme.style(role)),
                    Span::raw(format!("#{} {} ", c.num, c.what)),
                    Span::styled(when, cx.theme.style(role)),
                ])
            }
            Kind::Unvisited => Line::from(vec![
                Span::styled("  ● ", cx.theme.style(Role::Warn)),
                Span::raw(match item.days() {
                    Some(n) => format!(
                        "not visited for {}",
                        crate::domain::plural(n as usize, "day")
                    ),
                    None => "never visited".to_string(),
                }),
            ]),
            Kind::Metric => {
                let Some(m) = d.metrics.iter().find(|m| m.metric.num == item.subject) else {
                    continue;
                };
                match item.rule {
                    Some(rule) => Line::from(vec![
                        Span::styled("  ◆ ", cx.theme.style(Role::Signal)),
                        Span::raw(format!("{}: {}", m.metric.name, rule.describe())),
                    ]),
                    None => Line::from(vec![
                        Span::styled("  ● ", cx.theme.style(Role::Warn)),
                        Span::raw(format!("{}: off track", m.metric.name)),
                    ]),
                }
            }
            Kind::Renewal => {
                let on = r
                    .account
                    .renewal
                    .map_or(String::new(), |d| shown(cx.today, d));
                let key = cx
                    .keymap
                    .key_for(
                        crate::keymap::Context::Account,
                        crate::action::Action::SettleRenewal,
                    )
                    .map_or("R".into(), |k| k.to_string());
                Line::from(vec![
                    Span::styled("  ● ", cx.theme.style(Role::Warn)),
                    Span::raw(if item.days().is_some_and(|d| d < 0) {
                        format!(
                            "the renewal of {on} has passed ({}): {key} records how it went",
                            item.when()
                        )
                    } else {
                        format!("the contract renews {on} ({})", item.when())
                    }),
                ])
            }
            Kind::Feedback => {
                let Some(v) = d.visits.iter().find(|v| v.num == item.subject) else {
                    continue;
                };
                let whom = if v.theirs.is_empty() {
                    "them".to_string()
                } else {
                    v.theirs.join(", ")
                };
                Line::from(vec![
                    Span::styled("  ? ", cx.theme.style(Role::Accent)),
                    Span::raw(format!(
                        "the visit of {} is complete (its commitments resolved): ask {whom} how it went",
                        shown(cx.today, v.on)
                    )),
                ])
            }
            Kind::Measure => {
                let Some(m) = d.metrics.iter().find(|m| m.metric.num == item.subject) else {
                    continue;
                };
                Line::from(vec![
                    Span::styled("  ● ", cx.theme.style(Role::Warn)),
                    Span::raw(format!(
                        "{}: a measurement is due ({})",
                        m.metric.name,
                        item.when()
                    )),
                ])
            }
        };
        attention.push(line);
    }
    lines.push(section(cx, "Needs attention"));
    if attention.is_empty() {
        lines.push(Line::from(Span::styled("  nothing — well kept", muted)));
    }
    lines.extend(attention);
    lines.push(Line::from(""));
    if let Some(p) = r.account.pace.describe(cx.today) {
        lines.push(section(cx, "Their pace"));
        lines.push(Line::from(format!("  {p}")));
        lines.push(Line::from(""));
    }
    if !r.account.renewals.is_empty() {
        lines.push(section(cx, "Renewals"));
        for x in r.account.renewals.iter().rev().take(5) {
            let due = x.due.map_or(String::new(), |d| {
                format!(" (was due {})", shown(cx.today, d))
            });
            lines.push(Line::from(format!(
                "  {} {}{due}",
                x.outcome,
                shown(cx.today, x.on)
            )));
        }
        lines.push(Line::from(""));
    }
    lines.push(section(cx, "Engagement maturity"));
    lines.extend(super::maturity::account_lines(cx, &r.account));
    lines.push(Line::from(""));
    if !r.account.key_dates.is_empty() {
        lines.push(section(cx, "Key dates"));
        let items: Vec<String> = r
            .account
            .key_dates
            .iter()
            .map(|k| {
                format!(
                    "{} {} ({})",
                    k.name,
                    crate::domain::dates::shown(cx.today, k.on),
                    crate::domain::dates::relative_words(k.on, cx.today)
                )
            })
            .collect();
        lines.push(Line::from(format!("  {}", items.join(" · "))));
        lines.push(Line::from(Span::styled(
            format!(
                "  dates can count from them: due:{}+30d",
                r.account.key_dates[0].name
            ),
            muted,
        )));
        lines.push(Line::from(""));
    }
    if d.stage_history.len() > 1 {
        lines.push(section(cx, "Stages"));
        lines.push(Line::from(format!(
            "  {}",
            crate::report::lifecycle::stage_path_line(&d.stage_history, cx.today)
        )));
        lines.push(Line::from(""));
    }
    let list =
        crate::domain::checklist::checklist(&d.stage_prompts, &r.account.stage, &r.account.answers);
    let key = cx
        .keymap
        .key_for(
            crate::keymap::Context::Account,
            crate::action::Action::Checklist,
        )
        .map_or("C".into(), |k| k.to_string());
    let mut head = section(cx, &format!("In {}, check", r.account.stage));
    if !list.is_empty() {
        head.spans.push(Span::styled(
            format!(
                "  {} · {key} answers",
                crate::domain::checklist::progress(&list)
            ),
            muted,
        ));
    }
    lines.push(head);
    for (p, answer) in &list {
        match answer {
            Some(a) => {
                lines.push(Line::from(vec![
                    Span::styled("  ✓ ", cx.theme.style(Role::Ok)),
                    Span::raw(p.to_string()),
                ]));
                lines.push(Line::from(Span::styled(
                    format!(
                        "      “{}” ({})",
                        crate::domain::text::visible(&a.answer).replace('\n', " "),
                        shown(cx.today, a.on)
                    ),
                    muted,
                )));
            }
            None => lines.push(Line::from(format!("  · {p}"))),
        }
    }
    lines.push(Line::from(""));
    lines.push(section(cx, "Open commitments"));
    let open: Vec<_> = d
        .commitments
        .iter()
        .filter(|c| c.is_open())
        .take(5)
        .collect();
    if open.is_empty() {
        lines.push(Line::from(Span::styled("  none", muted)));
    }
    for c in open {
        lines.push(Line::from(vec![
            Span::raw(format!("  #{} {} ", c.num, c.what)),
            Span::styled(format!("due {}", shown(cx.today, c.due())), muted),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(section(cx, "Latest visits"));
    if d.visits.is_empty() {
        lines.push(Line::from(Span::styled("  none yet", muted)));
    }
    for v in d.visits.iter().take(3) {
        // The notes keep their line breaks: each line under the visit.
        let mut notes = v.notes.lines();
        lines.push(Line::from(vec![
            Span::raw(format!("  {} ", shown(cx.today, v.on))),
            intent_span(cx, v.intent),
            Span::raw(format!(" {} · {}", v.kind, notes.next().unwrap_or(""))),
        ]));
        for more in notes {
            lines.push(Line::from(Span::raw(format!("      {more}"))));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
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
    let cols = super::widgets::column_widths(&widths, 1, area.width);
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| super::widgets::fitted_row(r, &cols))
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
        Table::new(visible, super::widgets::lengths(&cols))
            .header(Row::new(header).style(cx.theme.style(Role::Header)))
            .column_spacing(1),
        area,
    );
    super::widgets::scrollbar(frame, cx, area, total, selected);
}

fn empty(frame: &mut Frame, cx: &Ctx, area: Rect, text: &str) {
    frame.render_widget(
        Paragraph::new(Span::styled(text.to_string(), cx.theme.style(Role::Muted))),
        area,
    );
}

fn metrics(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.metrics.is_empty() {
        return empty(
            frame,
            cx,
            area,
            "No success metrics yet: ask the customer how they define success, in their words.",
        );
    }
    let table_h = (d.metrics.len() as u16 + 1).min(area.height / 2).max(2);
    let [top, words, chart_area] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(2),
        Constraint::Min(3),
    ])
    .areas(area);
    let muted = cx.theme.style(Role::Muted);
    let rows: Vec<Vec<Line>> = d
        .metrics
        .iter()
        .map(|s| {
            let m = &s.metric;
            let baseline = match &m.baseline {
                Some(b) => value(Some(b.value), &m.unit),
                None if !m.proxy.is_empty() => "proxy".into(),
                None => "—".into(),
            };
            let status = match s.track {
                Track::OnTrack => Span::styled("on track", cx.theme.style(Role::Ok)),
                Track::OffTrack => Span::styled("off track", cx.theme.style(Role::Bad)),
                Track::Unknown => Span::styled("—", muted),
            };
            vec![
                Line::from(m.name.clone()),
                Line::from(Span::styled(m.kind.to_string(), muted)),
                Line::from(baseline),
                Line::from(value(s.latest, &m.unit)),
                Line::from(value(m.target, &m.unit)),
                Line::from(share(s.progress)),
                Line::from(status),
                Line::from(if s.signals > 0 {
                    Span::styled(format!("◆ {}", s.signals), cx.theme.style(Role::Signal))
                } else {
                    Span::styled("", muted)
                }),
            ]
        })
        .collect();
    let widths = vec![
        Constraint::Min(16),
        Constraint::Length(13),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let sel = view.selected(Tab::Metrics);
    draw_list(
        frame,
        cx,
        vec![
            "Metric", "Kind", "Baseline", "Latest", "Target", "Progress", "Status", "Signals",
        ],
        widths,
        rows,
        sel,
        top,
    );
    let Some(s) = d.metrics.get(sel) else { return };
    let m = &s.metric;
    let mut w = vec![
        Span::styled("“", muted),
        Span::raw(if m.words.is_empty() {
            m.name.clone()
        } else {
            m.words.clone()
        }),
        Span::styled("”", muted),
    ];
    w.push(Span::styled(format!("  {} is better", m.direction), muted));
    match crate::domain::partners::serves_line(m, &d.partners) {
        Some(line) => w.push(Span::styled(format!(" · {line}"), muted)),
        None if !m.kpi.is_empty() => w.push(Span::styled(format!(" · our KPI: {}", m.kpi), muted)),
        None => {}
    }
    w.push(Span::styled(
        format!(" · {}", m.voice_line(cx.today)),
        if m.is_cpi() {
            cx.theme.style(Role::Ok)
        } else {
            cx.theme.style(Role::Warn)
        },
    ));
    if m.baseline.is_none() && !m.proxy.is_empty() {
        w.push(Span::styled(format!(" · proxy: {}", m.proxy), muted));
    }
    let how = m.definition.describe();
    if !how.is_empty() {
        w.push(Span::styled(format!(" · {how}"), muted));
    }
    frame.render_widget(
        Paragraph::new(Line::from(w)).wrap(Wrap { trim: true }),
        words,
    );
    // Notes on this metric's signals, newest first, under its chart.
    let notes: Vec<Line> = d
        .signal_notes
        .iter()
        .rev()
        .filter(|n| n.metric == m.num)
        .take(3)
        .map(|n| {
            Line::from(vec![
                Span::styled(
                    format!("  ◇ {} {}: ", shown(cx.today, n.on), n.rule.describe()),
                    muted,
                ),
                Span::raw(crate::domain::text::visible(&n.note).replace('\n', " ")),
            ])
        })
        .collect();
    let [chart_area, notes_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(notes.len() as u16)])
            .areas(chart_area);
    frame.render_widget(Paragraph::new(notes), notes_area);
    chart(frame, cx, view, sel, chart_area);
}

/// A line of a chart, in the colour of its role.
fn series<'d>(cx: &Ctx, role: Role, data: &'d [(f64, f64)]) -> Dataset<'d> {
    Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(cx.theme.style(role))
        .data(data)
}

/// A chart in its titled border, without a legend: drawn inside, a
/// legend covers the latest points (the key is a line under the charts).
fn framed<'d>(cx: &Ctx, sets: Vec<Dataset<'d>>, title: String) -> Chart<'d> {
    Chart::new(sets).legend_position(None).block(
        Block::bordered()
            .title(Span::styled(title, cx.theme.style(Role::Header)))
            .border_style(cx.theme.style(Role::Border)),
    )
}

/// Points of a chart, each marked, in the colour of its role.
fn marks<'d>(cx: &Ctx, role: Role, data: &'d [(f64, f64)]) -> Dataset<'d> {
    Dataset::default()
        .marker(Marker::Dot)
        .graph_type(GraphType::Scatter)
        .style(cx.theme.style(role))
        .data(data)
}

fn chart(frame: &mut Frame, cx: &Ctx, view: &AccountView, i: usize, area: Rect) {
    let d = &view.detail;
    let ms = &d.measurements[i];
    let metric = &d.metrics[i].metric;
    let Some(first) = ms.first() else {
        return empty(frame, cx, area, "No measurements yet.");
    };
    let last = ms.last().unwrap_or(first);
    let x = |on| days_between(first.on, on) as f64;
    let points: Vec<(f64, f64)> = ms.iter().map(|m| (x(m.on), m.value)).collect();
    let x_max = x(last.on).max(1.0);
    let flat = |y: f64| vec![(0.0, y), (x_max, y)];
    let chart_data = view.charts[i].as_ref();
    let mut ys: Vec<f64> = ms.iter().map(|m| m.value).collect();
    let (centre, upper, lower) = match chart_data {
        Some(c) => (
            flat(c.limits.central),
            flat(c.limits.upper),
            flat(c.limits.lower),
        ),
        None => (vec![], vec![], vec![]),
    };
    if let Some(c) = chart_data {
        ys.extend([c.limits.upper, c.limits.lower]);
    }
    let target = metric.target.map(flat).unwrap_or_default();
    if let Some(t) = metric.target {
        ys.push(t);
    }
    let signals: Vec<(f64, f64)> = match chart_data {
        Some(c) => points
            .iter()
            .enumerate()
            .filter(|(k, _)| c.flags(*k))
            .map(|(_, p)| *p)
            .collect(),
        None => vec![],
    };
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.08).max(0.5);
    let (lo, hi) = (lo - pad, hi + pad);
    let mut sets = vec![series(cx, Role::ChartLine, &points)];
    if chart_data.is_some() {
        sets.push(series(cx, Role::ChartCentre, &centre));
        sets.push(series(cx, Role::ChartLimit, &upper));
        sets.push(series(cx, Role::ChartLimit, &lower));
    }
    if !target.is_empty() {
        sets.push(series(cx, Role::ChartTarget, &target));
    }
    // Every reading marked, a signal's in its own colour over it.
    sets.push(marks(cx, Role::ChartLine, &points));
    if !signals.is_empty() {
        sets.push(marks(cx, Role::Signal, &signals));
    }
    let muted = cx.theme.style(Role::Muted);
    let title = match chart_data {
        Some(c) => format!(
            " XmR · central {} · limits {} – {} · {} signal{} ",
            value(Some(c.limits.central), ""),
            value(Some(c.limits.lower), ""),
            value(Some(c.limits.upper), ""),
            c.signals.len(),
            if c.signals.len() == 1 { "" } else { "s" }
        ),
        None => format!(
            " {}: too few points for limits (they need {}) ",
            crate::domain::plural(
                view.detail.measurements.get(i).map_or(0, |m| m.len()),
                "measurement"
            ),
            crate::domain::xmr::MIN_POINTS
        ),
    };
    let x_axis = || {
        Axis::default()
            .bounds([0.0, x_max])
            .style(muted)
            .labels(vec![
                Line::from(first.on.strftime("%b %Y").to_string()),
                Line::from(last.on.strftime("%b %Y").to_string()),
            ])
    };
    // The moving ranges under the readings, where there is room for both.
    let ranges = chart_data.filter(|_| area.height >= 18);
    let mr_height = if ranges.is_some() {
        area.height * 2 / 5
    } else {
        0
    };
    let [x_area, mr_area, legend_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(mr_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let chart = framed(cx, sets, title).x_axis(x_axis()).y_axis(
        Axis::default().bounds([lo, hi]).style(muted).labels(vec![
            Line::from(value(Some(lo), "")),
            Line::from(value(Some((lo + hi) / 2.0), "")),
            Line::from(value(Some(hi), "")),
        ]),
    );
    frame.render_widget(chart, x_area);
    let mut key = vec![
        Span::styled("── ", cx.theme.style(Role::ChartLine)),
        Span::styled(format!("{} ", metric.name), muted),
    ];
    if chart_data.is_some() {
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartCentre)));
        key.push(Span::styled("central line ", muted));
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartLimit)));
        key.push(Span::styled("limits ", muted));
    }
    if !target.is_empty() {
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartTarget)));
        key.push(Span::styled("target ", muted));
    }
    if !signals.is_empty() {
        key.push(Span::styled(" • ", cx.theme.style(Role::Signal)));
        key.push(Span::styled("signal ", muted));
    }
    frame.render_widget(Paragraph::new(Line::from(key)), legend_area);
    if let Some(c) = ranges {
        let xs: Vec<f64> = points.iter().skip(1).map(|p| p.0).collect();
        let mr: Vec<(f64, f64)> = xs
            .iter()
            .copied()
            .zip(crate::domain::xmr::moving_ranges(&ys[..points.len()]))
            .collect();
        let url = c.limits.upper_range();
        let mr_top = mr.iter().map(|p| p.1).fold(url, f64::max) * 1.1;
        let avg = flat(c.limits.avg_moving_range);
        let limit = flat(url);
        let jumps: Vec<(f64, f64)> = mr.iter().copied().filter(|p| p.1 > url).collect();
        let mut sets = vec![
            series(cx, Role::ChartLine, &mr),
            series(cx, Role::ChartCentre, &avg),
            series(cx, Role::ChartLimit, &limit),
            marks(cx, Role::ChartLine, &mr),
        ];
        if !jumps.is_empty() {
            sets.push(marks(cx, Role::Signal, &jumps));
        }
        let title = format!(
            " mR · average {} · upper range limit {} ",
            value(Some(c.limits.avg_moving_range), ""),
            value(Some(url), "")
        );
        let chart = framed(cx, sets, title).x_axis(x_axis()).y_axis(
            Axis::default()
                .bounds([0.0, mr_top])
                .style(muted)
                .labels(vec![Line::from("0"), Line::from(value(Some(mr_top), ""))]),
        );
        frame.render_widget(chart, mr_area);
    }
}

fn visits(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.visits.is_empty() {
        return empty(frame, cx, area, "No visits yet.");
    }
    let muted = cx.theme.style(Role::Muted);
    let rows: Vec<Vec<Line>> = d
        .visits
        .iter()
        .map(|v| {
            let made: Vec<String> = d
                .commitments
                .iter()
                .filter(|c| c.visit == Some(v.num))
                .map(|c| format!("#{}", c.num))
                .collect();
            vec![
                Line::from(shown(cx.today, v.on)),
                Line::from(intent_span(cx, v.intent)),
                Line::from(v.kind.to_string()),
                Line::from(Span::styled(v.theirs.join(", "), muted)),
                {
                    let notes = match v.notes.split_once('\n') {
                        Some((first, _)) => format!("{first} …"),
                        None => v.notes.clone(),
                    };
                    // Their answer first: it is what the visit came to.
                    match &v.feedback {
                        Some(f) => Line::from(vec![
                            Span::styled(
                                format!("★ {}/10 “{}” ", f.score, f.words),
                                cx.theme.style(Role::Accent),
                            ),
                            Span::raw(notes),
                        ]),
                        None => Line::from(notes),
                    }
                },
                Line::from(Span::styled(made.join(" "), cx.theme.style(Role::Accent))),
            ]
        })
        .collect();
    let widths = vec![
        Constraint::Length(16),
        Constraint::Length(11),
        Constraint::Length(9),
        Constraint::Length(18),
        Constraint::Min(10),
        Constraint::Length(12),
    ];
    draw_list(
        frame,
        cx,
        vec!["Date", "Intent", "Kind", "With", "Notes", "Promised"],
        widths,
        rows,
        view.selected(Tab::Visits),
        area,
    );
}

fn commitments(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.commitments.is_empty() {
        return empty(frame, cx, area, "No commitments yet.");
    }
    let muted = cx.theme.style(Role::Muted);
    let mut rows = Vec::new();
    for c in &d.commitments {
        let days = days_between(cx.today, c.due());
        let (status, when): (Span, Span) = match c.status {
            Status::Open if days < 0 => (
                Span::styled("overdue", cx.theme.style(Role::Bad)),
                Span::styled(format!("{}d late", -days), cx.theme.style(Role::Bad)),
            ),
            Status::Open => (
                Span::styled("open", cx.theme.style(Role::Text)),
                Span::styled(
                    relative_words(c.due(), cx.today),
                    if c.is_due_soon(cx.today) {
                        cx.theme.style(Role::Warn)
                    } else {
                        muted
                    },
                ),
            ),
            s => {
                let role = match s {
                    Status::Kept => Role::Ok,
                    Status::KeptLate => Role::Warn,
                    Status::Broken => Role::Bad,
                    _ => Role::Muted,
                };
                (
                    Span::styled(s.word().to_string(), cx.theme.style(role)),
                    Span::styled(
                        c.resolved_on.map_or(String::new(), |r| shown(cx.today, r)),
                        muted,
                    ),
                )
            }
        };
        // A renegotiated one shows the date first agreed and the one
        // agreed now, and why it moved.
        let history = match c.renegotiations.last() {
            None => String::new(),
            Some(r) => format!(
                "was {} · {}",
                shown(cx.today, c.due_on),
                if r.reason.is_empty() {
                    "no reason given"
                } else {
                    &r.reason
                }
            ),
        };
        rows.push(vec![
            Line::from(Span::styled(format!("#{}", c.num), muted)),
            Line::from(status),
            Line::from(c.what.clone()),
            Line::from(c.to_whom.clone()),
            Line::from(Span::styled(c.owner.clone(), muted)),
            Line::from(shown(cx.today, c.due())),
            Line::from(when),
            Line::from(Span::styled(history, muted)),
        ]);
    }
    let widths = vec![
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Min(16),
        Constraint::Length(12),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Length(20),
    ];
    draw_list(
        frame,
        cx,
        vec![
            "#",
            "Status",
            "What",
            "To",
            "Owner",
            "Due (agreed)",
            "When",
            "Renegotiated",
        ],
        widths,
        rows,
        view.selected(Tab::Commitments),
        area,
    );
}

fn stakeholders(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.stakeholders.is_empty() {
        return empty(frame, cx, area, "No stakeholders yet.");
    }
    let muted = cx.theme.style(Role::Muted);
    let rows: Vec<Vec<Line>> = d
        .stakeholders
        .iter()
        .map(|s| {
            vec![
                Line::from(Span::styled(
                    s.layer.word().to_string(),
                    cx.theme.style(Role::Accent),
                )),
                Line::from(s.name.clone()),
                Line::from(s.role.clone()),
                Line::from(Span::styled(s.contact.clone(), muted)),
                Line::from(Span::styled(s.notes.clone(), muted)),
            ]
        })
        .collect();
    let widths = vec![
        Constraint::Length(15),
        Constraint::Length(20),
        Constraint::Length(24),
        Constraint::Length(28),
        Constraint::Min(8),
    ];
    draw_list(
        frame,
        cx,
        vec!["Layer", "Name", "Role", "Contact", "Notes"],
        widths,
        rows,
        view.selected(Tab::Stakeholders),
        area,
    );
}

fn moments(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.moments.is_empty() {
        return empty(
            frame,
            cx,
            area,
            "No moments of truth recorded: which showstoppers could derail their scenario?",
        );
    }
    let rows: Vec<Vec<Line>> = d
        .moments
        .iter()
        .map(|m| {
            let watching: Vec<String> = d
                .metrics
                .iter()
                .filter(|s| s.metric.moment == Some(m.num))
                .map(|s| s.metric.name.clone())
                .collect();
            let role = match m.severity {
                crate::domain::Severity::Critical => Role::Bad,
                crate::domain::Severity::High => Role::Warn,
                _ => Role::Text,
            };
            vec![
                Line::from(Span::styled(
                    m.severity.word().to_string(),
                    cx.theme.style(role),
                )),
                Line::from(m.what.clone()),
                Line::from(Span::styled(
                    if watching.is_empty() {
                        "no metric watches it".into()
                    } else {
                        watching.join(", ")
                    },
                    cx.theme.style(if watching.is_empty() {
                        Role::Warn
                    } else {
                        Role::Muted
                    }),
                )),
            ]
        })
        .collect();
    let widths = vec![
        Constraint::Length(9),
        Constraint::Min(20),
        Constraint::Length(30),
    ];
    draw_list(
        frame,
        cx,
        vec!["Severity", "Moment of truth", "Watched by"],
        widths,
        rows,
        view.selected(Tab::Moments),
        area,
    );
}

/// The tab whose title is at (`x`, `y`), as ratatui's Tabs lays them out:
/// a space, the title, a space, the divider.
pub fn tab_at(body: Rect, x: u16, y: u16) -> Option<Tab> {
    if y != body.y + HEAD || x < body.x {
        return None;
    }
    let mut left = body.x;
    for (i, t) in Tab::ALL.iter().enumerate() {
        let title = format!("{} {}", i + 1, t.title());
        let right = left + 1 + crate::domain::text::display_width(&title) as u16 + 1;
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
