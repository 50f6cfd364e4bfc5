//! A parsed line resolved against the store: the change it makes and a
//! one-line preview of it, without writing.

use super::parse::{parse_with, Parsed, Typed, Whose};
use super::{notes, resolve, CaptureError, Context, Plan, PlanError};
use crate::domain::dates::shown;
use crate::domain::{Account, Commitment, Date, Measurement, Status, Visit};
use crate::store::{Change, Store, StoreError};
use uuid::Uuid;

fn account_for(
    store: &dyn Store,
    typed: Option<&Typed>,
    ctx: &Context,
    line_len: usize,
) -> Result<Account, PlanError> {
    let Some(t) = typed else {
        return ctx.account.cloned().ok_or_else(|| {
            CaptureError::new(
                line_len..line_len,
                "which account? add its @handle, e.g. commit @mercy Send the report due:fri".into(),
            )
            .into()
        });
    };
    // The exact handle first: one indexed look-up, even with 100k accounts.
    if let Some(a) = store.account(&t.text)? {
        if !a.archived {
            return Ok(a);
        }
        return Err(CaptureError::new(
            t.span.clone(),
            format!(
                "`@{}`: that account is archived; restore it with `saydo account restore @{}`",
                a.handle, a.handle
            ),
        )
        .into());
    }
    // One handle that starts with what was typed is a clear choice (as in
    // `pick_account`), found on the index without reading every account.
    let mut found = store.accounts_by_handle_prefix(&t.text, 2)?;
    if found.len() == 1 {
        return Ok(found.remove(0));
    }
    let all = store.accounts(&Default::default())?;
    Ok(resolve::pick_account(t, &all)?.clone())
}

fn need_commitment(store: &dyn Store, num: i64) -> Result<Commitment, PlanError> {
    store.commitment(num)?.ok_or_else(|| {
        StoreError::Input(crate::rules::Refusal::new(format!(
            "there is no commitment #{num}; `saydo commit list` shows their numbers"
        )))
        .into()
    })
}

/// The date of visit `num` at account `account`, if it is one of its visits.
fn visit_date(store: &dyn Store, account: i64, num: i64) -> Result<Option<Date>, StoreError> {
    Ok(store
        .visits(&crate::store::VisitQuery {
            account: Some(account),
            ..Default::default()
        })?
        .into_iter()
        .find(|v| v.num == num)
        .map(|v| v.on))
}

/// Parses a line and resolves its names against the store, without writing.
pub fn plan(line: &str, ctx: &Context, store: &dyn Store) -> Result<Plan, PlanError> {
    let end = line.len();
    let anchors_of = |w: &Whose| -> Option<crate::domain::key_dates::Anchors> {
        let account = match w {
            Whose::Account(typed) => account_for(store, typed.as_ref(), ctx, end).ok()?,
            Whose::Commitment(n) => {
                let c = store.commitment(*n).ok()??;
                store.account_by_num(c.account).ok()??
            }
        };
        Some(account.anchors())
    };
    let parsed = parse_with(line, ctx.today, &anchors_of)?;
    let at = At { line, ctx, store };
    match parsed {
        p @ (Parsed::Commit { .. } | Parsed::Visit { .. } | Parsed::Measure { .. }) => {
            new_record(p, &at)
        }
        p => commitment_change(p, &at),
    }
}

/// What a line is planned against: the line as typed, who is typing and
/// what is in view, and the store.
struct At<'a> {
    line: &'a str,
    ctx: &'a Context<'a>,
    store: &'a dyn Store,
}

impl At<'_> {
    fn account(&self, typed: Option<Typed>) -> Result<Account, PlanError> {
        account_for(self.store, typed.as_ref(), self.ctx, self.line.len())
    }
}

/// A commitment, visit or measurement to add.
fn new_record(parsed: Parsed, at: &At) -> Result<Plan, PlanError> {
    let today = at.ctx.today;
    match parsed {
        Parsed::Commit {
            account,
            what,
            to,
            due,
            by,
            made,
            visit,
        } => {
            let a = at.account(account)?;
            let c = Commitment {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                what,
                to_whom: to,
                owner: String::new(),
                made_on: today,
                due_on: due,
                visit: visit.or(at.ctx.visit),
                status: Status::Open,
                resolved_on: None,
                reason: String::new(),
                renegotiations: vec![],
            };
            commitment_plan(c, &a, made, by, at)
        }
        Parsed::Visit {
            account,
            kind,
            intent,
            on,
            theirs,
            ours,
            notes,
        } => {
            let a = at.account(account)?;
            let v = Visit {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                on,
                kind,
                intent,
                ours,
                theirs,
                notes,
                feedback: None,
            };
            visit_plan(v, &a, at)
        }
        Parsed::Measure {
            account,
            metric,
            value,
            on,
            source,
            note,
        } => {
            let a = at.account(account)?;
            let x = Measurement {
                id: Uuid::nil(),
                num: 0,
                metric: 0,
                on,
                value,
                source,
                note,
            };
            measurement_plan(x, &metric, &a, at)
        }
        other => commitment_change(other, at),
    }
}

/// `c` as the line gave it, made on the day it says (or on its visit's
/// day, or today) by the person it names (or the one typing).
fn commitment_plan(
    mut c: Commitment,
    a: &Account,
    made: Option<Date>,
    by: Option<String>,
    at: &At,
) -> Result<Plan, PlanError> {
    let (ctx, line, store) = (at.ctx, at.line, at.store);
    // Made during a visit: made on the visit's date.
    c.made_on = match (made, c.visit) {
        (Some(m), _) => m,
        (None, Some(v)) => visit_date(store, a.num, v)?.unwrap_or(ctx.today),
        (None, None) => ctx.today,
    };
    c.owner = match by {
        None => ctx.me.to_string(),
        Some(b) => {
            let people: Vec<String> = store.people()?.into_iter().map(|p| p.name).collect();
            resolve::pick_person(&b, &people, ctx.me).map_err(|message| {
                let at = line.find("by:").unwrap_or(0);
                let end = line[at..].find(' ').map_or(line.len(), |e| at + e);
                CaptureError::new(at..end, format!("by:{message}"))
            })?
        }
    };
    let mut preview = format!(
        "commitment at @{} · due {} · by {}",
        a.handle,
        shown(ctx.today, c.due_on),
        c.owner
    );
    if !c.to_whom.is_empty() {
        preview.push_str(&format!(" · to {}", c.to_whom));
    }
    Ok(Plan {
        change: Change::AddCommitment(c),
        preview,
    })
}

/// `v` with us (or the one typing) on our side, and the commitments its
/// notes hold.
fn visit_plan(mut v: Visit, a: &Account, at: &At) -> Result<Plan, PlanError> {
    let ctx = at.ctx;
    if v.ours.is_empty() {
        v.ours = vec![ctx.me.to_string()];
    }
    let mut preview = format!(
        "{} {} visit at @{} on {}",
        v.intent,
        v.kind,
        a.handle,
        shown(ctx.today, v.on)
    );
    if !v.theirs.is_empty() {
        preview.push_str(&format!(" · with {}", v.theirs.join(", ")));
    }
    let (change, notes) = notes::with_notes(Change::AddVisit(v), ctx, at.store)?;
    for p in &notes.previews {
        preview.push_str(&format!(" · {p}"));
    }
    Ok(Plan { change, preview })
}

/// `x` of the account's metric the line names.
fn measurement_plan(
    mut x: Measurement,
    metric: &Typed,
    a: &Account,
    at: &At,
) -> Result<Plan, PlanError> {
    let metrics = at.store.metrics(Some(a.num))?;
    let m = resolve::pick_metric(metric, a, &metrics)?;
    let unit = if m.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", m.unit)
    };
    let preview = format!(
        "{} at @{} = {}{unit} on {}",
        m.name,
        a.handle,
        x.value,
        shown(at.ctx.today, x.on)
    );
    x.metric = m.num;
    Ok(Plan {
        change: Change::AddMeasurement(x),
        preview,
    })
}

/// A commitment kept, broken, dropped or renegotiated.
fn commitment_change(parsed: Parsed, at: &At) -> Result<Plan, PlanError> {
    let today = at.ctx.today;
    let settled = |commitment: i64, says: &dyn Fn(&Commitment) -> String, change: Change| {
        let c = need_commitment(at.store, commitment)?;
        Ok(Plan {
            preview: format!("#{commitment} “{}” {}", c.what, says(&c)),
            change,
        })
    };
    match parsed {
        Parsed::Keep { commitment, on } => settled(
            commitment,
            &|c| {
                let how = if on <= c.due() { "on time" } else { "late" };
                format!("kept {how} on {}", shown(today, on))
            },
            Change::Keep { commitment, on },
        ),
        Parsed::Break {
            commitment,
            on,
            reason,
        } => settled(
            commitment,
            &|_| format!("broken on {}", shown(today, on)),
            Change::Break {
                commitment,
                on,
                reason,
            },
        ),
        Parsed::Drop {
            commitment,
            on,
            reason,
        } => settled(
            commitment,
            &|_| "dropped by the customer".into(),
            Change::Drop {
                commitment,
                on,
                reason,
            },
        ),
        Parsed::Renegotiate {
            commitment,
            due,
            reason,
            on,
        } => settled(
            commitment,
            &|c| {
                format!(
                    "now due {} (was {})",
                    shown(today, due),
                    shown(today, c.due())
                )
            },
            Change::Renegotiate {
                commitment,
                new_due: due,
                reason,
                agreed_on: on,
            },
        ),
        other => new_record(other, at),
    }
}
