//! The account's Connect tab: its introductions (who met whom, for which
//! metric, how it went), and below, whom they could meet — peers whose
//! comparable metric reached what this one aims at, and our experts.

use super::account::draw_list;
use super::Ctx;
use crate::app::account::{AccountView, Tab};
use crate::domain::dates::shown;
use crate::domain::{Choice, IntroStatus};
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

fn status_role(s: IntroStatus) -> Role {
    match s {
        IntroStatus::Helped => Role::Ok,
        IntroStatus::DidNotHelp => Role::Bad,
        IntroStatus::Proposed => Role::Warn,
        IntroStatus::Made | IntroStatus::Happened => Role::Accent,
    }
}

pub fn draw(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    let list_height = (d.introductions.len() as u16 + 2).clamp(3, area.height / 2);
    let [list, below] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Min(1)]).areas(area);
    let metric_name = |n: Option<i64>| {
        n.and_then(|n| d.metrics.iter().find(|m| m.metric.num == n))
            .map_or("—".to_string(), |m| m.metric.name.clone())
    };
    let rows = d
        .introductions
        .iter()
        .map(|x| {
            vec![
                Line::from(Span::styled(
                    x.status.word().to_string(),
                    cx.theme.style(status_role(x.status)),
                )),
                Line::from(x.line()),
                Line::from(metric_name(x.metric)),
                Line::from(shown(cx.today, x.status_on)),
                Line::from(Span::styled(
                    if x.follow_up.is_empty() {
                        x.why.clone()
                    } else {
                        x.follow_up.clone()
                    },
                    cx.theme.style(Role::Muted),
                )),
            ]
        })
        .collect();
    draw_list(
        frame,
        cx,
        vec!["Status", "Introduction", "For metric", "Since", "Follow-up"],
        vec![
            Constraint::Length(13),
            Constraint::Min(24),
            Constraint::Length(24),
            Constraint::Length(11),
            Constraint::Min(12),
        ],
        rows,
        view.selected(Tab::Connect),
        list,
    );
    suggestions(frame, cx, view, below);
}

/// Whom the account's people could meet: for each metric, the peers who
/// reached what they aim at.
fn suggestions(frame: &mut Frame, cx: &Ctx, view: &AccountView, below: Rect) {
    let d = &view.detail;
    let muted = cx.theme.style(Role::Muted);
    let mut lines = vec![Line::from(Span::styled(
        "Whom they could meet",
        cx.theme.style(Role::Header),
    ))];
    if d.introductions.is_empty() {
        lines.insert(
            0,
            Line::from(Span::styled("No introductions yet: n proposes one.", muted)),
        );
    }
    match &view.suggestions {
        None => lines.push(Line::from(Span::styled("  looking…", muted))),
        Some(list) if list.is_empty() => lines.push(Line::from(Span::styled(
            "  no metrics to compare yet",
            muted,
        ))),
        Some(list) => {
            for s in list {
                let said = s.said();
                lines.push(Line::from(vec![
                    Span::styled(format!("  {}: ", s.metric_name), cx.theme.style(Role::Text)),
                    Span::styled(
                        if said.is_empty() {
                            "no peer has reached what they aim at yet".to_string()
                        } else {
                            said.join(" · ")
                        },
                        muted,
                    ),
                ]));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), below);
}
