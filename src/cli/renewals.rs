//! What an account's lifecycle settles: `saydo account renewal @h
//! renewed|expanded|churned` (how a renewal went, which moves the renewal
//! date on or clears it on churn) and `saydo account answer @h N "…"` (an
//! answer to one of the current stage's questions).

use super::records::choice;
use super::{Ctx, Failure, Outcome};
use crate::domain::dates::{long, offset_from, shown};
use crate::domain::Outcome as Settled;
use crate::store::{Change, Store};

pub(super) fn settle(
    ctx: &mut Ctx,
    account: &str,
    outcome: &str,
    on: Option<String>,
    next: Option<String>,
) -> Outcome {
    let mut a = ctx.account(account)?;
    let outcome: Settled = choice("outcome", outcome)?;
    let on = match on {
        Some(d) => ctx.date_at("--on", &d, a.num, true)?,
        None => ctx.today,
    };
    let next = match next.as_deref().map(str::trim) {
        Some(n) if n.eq_ignore_ascii_case("none") => None,
        Some(n) => Some(ctx.date_at("--next", n, a.num, false)?),
        // A contract runs a year unless they say otherwise.
        None => a.renewal.and_then(|r| offset_from("+1y", r).ok()),
    };
    if outcome != Settled::Churned && next.is_some_and(|n| n <= on) {
        return Err(Failure::Input(format!(
            "--next {}: the next renewal comes after this one ({}); give a later date or --next none",
            long(next.unwrap_or(on)),
            long(on)
        )));
    }
    a.settle_renewal(outcome, on, next);
    let applied = ctx
        .store
        .apply(&Change::EditAccount(a.clone()), ctx.today)?;
    let then = match a.renewal {
        Some(r) => format!("next renewal {}", shown(ctx.today, r)),
        None if outcome == Settled::Churned => "no renewal ahead".into(),
        None => "no next renewal date".into(),
    };
    outln!(
        "saved #{}: @{} {outcome} on {} · {then}",
        applied.num,
        a.handle,
        shown(ctx.today, on)
    );
    Ok(())
}

pub(super) fn answer(ctx: &mut Ctx, account: &str, question: usize, words: &str) -> Outcome {
    let mut a = ctx.account(account)?;
    let prompts: Vec<String> = ctx
        .config
        .stages
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(&a.stage))
        .map(|s| s.prompts.clone())
        .unwrap_or_default();
    let Some(prompt) = question.checked_sub(1).and_then(|i| prompts.get(i)) else {
        return Err(Failure::Input(format!(
            "{}: not one of the {} questions of {} at @{}; `saydo account show @{}` numbers them",
            question,
            prompts.len(),
            a.stage,
            a.handle,
            a.handle
        )));
    };
    let stage = a.stage.clone();
    crate::domain::checklist::set(&mut a.answers, &stage, prompt, words, ctx.today);
    let applied = ctx
        .store
        .apply(&Change::EditAccount(a.clone()), ctx.today)?;
    let what = if words.trim().is_empty() {
        "answer taken back"
    } else {
        "answered"
    };
    outln!("saved #{}: @{} {what}: {prompt}", applied.num, a.handle);
    Ok(())
}
