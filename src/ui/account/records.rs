//! The tabs that list records: visits, commitments, stakeholders, moments of
//! truth.

use super::*;

pub(super) fn visits(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
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

pub(super) fn commitments(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.commitments.is_empty() {
        return empty(frame, cx, area, "No commitments yet.");
    }
    let rows: Vec<Vec<Line>> = d
        .commitments
        .iter()
        .map(|c| commitment_row(cx, c))
        .collect();
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

/// A commitment's row: status, what, to whom, due, and what moved it.
fn commitment_row<'a>(cx: &Ctx, c: &crate::domain::Commitment) -> Vec<Line<'a>> {
    let muted = cx.theme.style(Role::Muted);
    let (status, when) = status_spans(cx, c);
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
    vec![
        Line::from(Span::styled(format!("#{}", c.num), muted)),
        Line::from(status),
        Line::from(c.what.clone()),
        Line::from(c.to_whom.clone()),
        Line::from(Span::styled(c.owner.clone(), muted)),
        Line::from(shown(cx.today, c.due())),
        Line::from(when),
        Line::from(Span::styled(history, muted)),
    ]
}

/// Where a commitment stands, and when: late, due, or when it ended.
fn status_spans<'a>(cx: &Ctx, c: &crate::domain::Commitment) -> (Span<'a>, Span<'a>) {
    let muted = cx.theme.style(Role::Muted);
    let days = days_between(cx.today, c.due());
    match c.status {
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
    }
}

pub(super) fn stakeholders(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
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

pub(super) fn moments(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
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
