//! The account's steps that are forms of their own: the current stage's
//! checklist, a renewal's outcome, a move to another stage.

use super::*;
use crate::domain::Outcome;

pub(super) fn checklist_fields(a: &Account, prompts: &[String]) -> (String, Vec<Field>) {
    let fields = prompts
        .iter()
        .zip(ANSWER_LABELS)
        .enumerate()
        .map(|(n, (p, label))| {
            let now =
                crate::domain::checklist::checklist(std::slice::from_ref(p), &a.stage, &a.answers)
                    [0]
                .1
                .map_or(String::new(), |x| x.answer.clone());
            notes(Id::Answer(n), label, &now).with_hint(p.clone())
        })
        .collect();
    (
        format!("@{} in {}: the stage's questions", a.handle, a.stage),
        fields,
    )
}

pub(super) fn checklist_change(
    form: &RecordForm,
    account: &Account,
    prompts: &[String],
    today: Date,
) -> Change {
    let mut a = account.clone();
    for (n, p) in prompts.iter().enumerate() {
        let words = form
            .field(Id::Answer(n))
            .map_or(String::new(), |f| f.input.text.clone());
        crate::domain::checklist::set(&mut a.answers, &a.stage.clone(), p, &words, today);
    }
    Change::EditAccount(a)
}

pub(super) fn renewal_fields(a: &Account) -> (String, Vec<Field>) {
    let next = a
        .renewal
        .and_then(|r| crate::domain::dates::offset_from("+1y", r).ok())
        .map(|d| d.to_string())
        .unwrap_or_default();
    let due = a.renewal.map_or("no renewal date".into(), |r| {
        format!("due {}", crate::domain::dates::long(r))
    });
    (
        format!("How did @{}'s renewal go? ({due})", a.handle),
        vec![
            choice(Id::Outcome, "Outcome", Outcome::Renewed).required(),
            past(Id::SettledOn, "Settled on", "today".into()).required(),
            date(Id::NextRenewal, "Next renewal", next),
        ],
    )
}

pub(super) fn renewal_change(
    form: &RecordForm,
    a: &Account,
    today: Date,
) -> Result<Change, Refused> {
    let mut a = a.clone();
    let outcome: Outcome = parsed(form, Id::Outcome)?;
    let on = need_date(form, Id::SettledOn, today)?;
    let next = form.date(Id::NextRenewal, today);
    if outcome != Outcome::Churned && next.is_some_and(|n| n <= on) {
        return Err((
            Id::NextRenewal,
            "the next renewal comes after this one; give a later date, or leave it empty".into(),
        ));
    }
    a.settle_renewal(outcome, on, next);
    Ok(Change::EditAccount(a))
}

/// The stage after the current one is offered first.
pub(super) fn stage_fields(a: &Account, l: &Lookups) -> (String, Vec<Field>) {
    let others: Vec<String> = l
        .stages
        .iter()
        .filter(|s| **s != a.stage)
        .cloned()
        .collect();
    let next = l
        .stages
        .iter()
        .position(|s| *s == a.stage)
        .and_then(|i| l.stages.get(i + 1))
        .cloned()
        .or_else(|| others.first().cloned())
        .unwrap_or_default();
    (
        format!("Move @{} from {}", a.handle, a.stage),
        vec![
            Field::new(F::Stage, "To stage", FieldKind::Choice(others), next).required(),
            past(F::On, "On", "today".into()).required(),
        ],
    )
}

pub(super) fn stage_change(form: &RecordForm, a: &Account, today: Date) -> Result<Change, Refused> {
    Ok(Change::SetStage {
        account: a.num,
        stage: form.text(F::Stage),
        on: need_date(form, F::On, today)?,
    })
}
