//! The form of an introduction (Connect): who of theirs meets whom — a
//! peer at another customer or an expert of ours — for which of their
//! metrics, and how it went.

use super::{pick, ref_field, ref_num, Lookups, RecordForm, Target};
use crate::app::fields::{Field, FieldId as Id, FieldKind, Refused};
use crate::domain::{Choice, Date, IntroStatus, Introduction};
use crate::rules::Field as F;
use crate::store::Change;
use uuid::Uuid;

fn blank(account: i64, today: Date) -> Introduction {
    Introduction {
        id: Uuid::nil(),
        num: 0,
        account,
        from: String::new(),
        to_account: None,
        to: String::new(),
        metric: None,
        why: String::new(),
        status: IntroStatus::Proposed,
        on: today,
        status_on: today,
        follow_up: String::new(),
    }
}

pub fn fields(target: &Target, l: &Lookups, today: Date) -> (String, Vec<Field>) {
    let x = match target {
        Target::EditIntroduction(x) => x.clone(),
        Target::NewIntroduction { account } => blank(*account, today),
        _ => blank(0, today),
    };
    let title = if x.num == 0 {
        "New introduction (Connect)".to_string()
    } else {
        format!("Introduction #{}: {}", x.num, x.line())
    };
    let handles: Vec<String> = l
        .account_names
        .iter()
        .map(|(_, h)| format!("@{h}"))
        .collect();
    let statuses = IntroStatus::ALL
        .iter()
        .map(|s| s.word().to_string())
        .collect();
    (
        title,
        vec![
            pick(
                Id::Of(F::From),
                "From",
                &l.stakeholders,
                false,
                x.from.clone(),
            )
            .required()
            .with_hint("Their stakeholder who is introduced"),
            pick(
                Id::Of(F::ToAccount),
                "To account",
                &handles,
                false,
                x.to_account
                    .as_ref()
                    .map_or(String::new(), |h| format!("@{h}")),
            )
            .with_hint("A peer's account (@handle), or empty for an expert of ours"),
            pick(Id::Of(F::To), "To", &l.people, false, x.to.clone())
                .required()
                .with_hint("The peer there, or our expert"),
            ref_field(Id::Of(F::Metric), "For metric", &l.metrics, x.metric)
                .with_hint("Which of their success metrics it serves"),
            Field::new(Id::Of(F::Why), "Why", FieldKind::Text, &x.why),
            Field::new(
                Id::Of(F::Status),
                "Status",
                FieldKind::Choice(statuses),
                x.status.word(),
            ),
            Field::new(
                Id::Of(F::On),
                "Proposed on",
                FieldKind::PastDate,
                x.on.to_string(),
            )
            .required(),
            Field::new(
                Id::Of(F::StatusOn),
                "Status on",
                FieldKind::PastDate,
                x.status_on.to_string(),
            )
            .required(),
            Field::new(
                Id::Of(F::FollowUp),
                "Follow-up",
                FieldKind::Text,
                &x.follow_up,
            )
            .with_hint("What comes next, or what came of it"),
        ],
    )
}

pub fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut x = match &form.target {
        Target::EditIntroduction(x) => x.clone(),
        Target::NewIntroduction { account } => blank(*account, today),
        _ => blank(0, today),
    };
    x.from = form.text(F::From);
    x.to_account = Some(form.text(F::ToAccount))
        .map(|h| h.trim_start_matches('@').to_string())
        .filter(|h| !h.is_empty());
    x.to = form.text(F::To);
    x.metric = ref_num(&form.text(F::Metric));
    x.why = form.text(F::Why);
    let status: IntroStatus =
        IntroStatus::parse(&form.text(F::Status)).map_err(|e| (Id::Of(F::Status), e.into()))?;
    x.on = form.date(F::On, today).ok_or((
        Id::Of(F::On),
        "the day it was proposed is needed".to_string(),
    ))?;
    // A status moved without a new date moved today.
    x.status_on = match form.date(F::StatusOn, today) {
        Some(d) if !(status != x.status && d == x.status_on && x.num != 0) => d,
        _ => today,
    };
    x.status = status;
    x.follow_up = form.text(F::FollowUp);
    Ok(if x.num == 0 {
        Change::AddIntroduction(x)
    } else {
        Change::EditIntroduction(x)
    })
}
