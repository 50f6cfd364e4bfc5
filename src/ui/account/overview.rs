//! The Overview tab: the account's figures, its twelve months, what needs
//! attention, its maturity, the stage's checklist, its pace and key dates.

use super::*;
use crate::app::attention::{Item, Kind};
use crate::report::AccountDetail;

pub(super) fn overview(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    let mut lines = figures(cx, view);
    needs_attention(cx, view, &mut lines);
    standing(cx, d, &mut lines);
    checklist(cx, d, &mut lines);
    recent(cx, d, &mut lines);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The figures and the last twelve months.
fn figures(cx: &Ctx, view: &AccountView) -> Vec<Line<'static>> {
    let r = &view.detail.row;
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
        crate::ui::widgets::days_ago(
            cx,
            r.days_since_visit.map(i64::from),
            cx.config.unvisited_days,
        ),
        Span::styled(" · metrics on track ", muted),
        Span::raw(format!("{}/{}", r.metrics_on_track, r.metrics)),
    ])];
    // The last twelve months, as on the trends screen.
    let [s, p, n] = crate::ui::trends::bars(&view.months);
    let accent = cx.theme.style(Role::Accent);
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                "12 months {} ",
                crate::ui::trends::initials(&view.month_starts)
            ),
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
    lines
}

/// What needs attention, by the one rule of the Attention screen (the
/// items come from the view).
fn needs_attention(cx: &Ctx, view: &AccountView, lines: &mut Vec<Line<'static>>) {
    let muted = cx.theme.style(Role::Muted);
    let attention: Vec<Line<'static>> = view
        .attention
        .iter()
        .filter_map(|item| attention_line(cx, &view.detail, item))
        .collect();
    lines.push(section(cx, "Needs attention"));
    if attention.is_empty() {
        lines.push(Line::from(Span::styled("  nothing — well kept", muted)));
    }
    lines.extend(attention);
    lines.push(Line::from(""));
}

/// One item's line; none when its record is gone from the view.
fn attention_line(cx: &Ctx, d: &AccountDetail, item: &Item) -> Option<Line<'static>> {
    let days = item.days().unwrap_or(0);
    Some(match item.kind {
        Kind::Overdue | Kind::DueSoon => {
            let c = d.commitments.iter().find(|c| c.num == item.subject)?;
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
            let m = d.metrics.iter().find(|m| m.metric.num == item.subject)?;
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
        Kind::Renewal => renewal_line(cx, d, item),
        Kind::Feedback => {
            let v = d.visits.iter().find(|v| v.num == item.subject)?;
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
            let m = d.metrics.iter().find(|m| m.metric.num == item.subject)?;
            Line::from(vec![
                Span::styled("  ● ", cx.theme.style(Role::Warn)),
                Span::raw(format!(
                    "{}: a measurement is due ({})",
                    m.metric.name,
                    item.when()
                )),
            ])
        }
    })
}

/// The renewal: coming, or passed and waiting for how it went.
fn renewal_line(cx: &Ctx, d: &AccountDetail, item: &Item) -> Line<'static> {
    let on = d
        .row
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

/// Their pace, renewals, maturity, key dates and stages so far.
fn standing(cx: &Ctx, d: &AccountDetail, lines: &mut Vec<Line<'static>>) {
    let r = &d.row;
    let muted = cx.theme.style(Role::Muted);
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
    lines.extend(crate::ui::maturity::account_lines(cx, &r.account));
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
}

/// The current stage's questions and their answers.
fn checklist(cx: &Ctx, d: &AccountDetail, lines: &mut Vec<Line<'static>>) {
    let r = &d.row;
    let muted = cx.theme.style(Role::Muted);
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
}

/// The open commitments and the latest visits.
fn recent(cx: &Ctx, d: &AccountDetail, lines: &mut Vec<Line<'static>>) {
    let muted = cx.theme.style(Role::Muted);
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
}
