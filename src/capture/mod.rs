//! The one-line quick-add grammar, shared by the command line (`saydo add`)
//! and the terminal UI, so both accept the same lines with the same errors.
//!
//! ```text
//! commit @mercy Send the dosing report to:"Dr Lee" due:fri [by:NAME] [made:DATE] [visit:N]
//! visit @mercy onsite proactive QBR with radiology with:"Dr Lee,Ana Ruiz" [us:NAMES] [on:DATE]
//! measure @mercy door-to-needle 42 [on:DATE] [source:TEXT] [note:TEXT]
//! done 17 [on:DATE] · broken 17 [reason:TEXT] · drop 17 · renegotiate 17 due:+2w [reason:TEXT]
//! ```

pub mod lexer;
pub mod notes;
pub mod parse;
pub mod resolve;

pub use parse::{parse, parse_with, Parsed, Typed, Whose};

use crate::domain::dates::shown;
use crate::domain::{Account, Commitment, Date, Measurement, Status, Visit};
use crate::store::{Change, Store, StoreError};
use std::ops::Range;
use uuid::Uuid;

/// What was wrong with a line: the message names the token and what would
/// be accepted; `span` is where it is in the line (bytes), for highlighting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CaptureError {
    pub span: Range<usize>,
    pub message: String,
}

impl CaptureError {
    pub fn new(span: Range<usize>, message: String) -> Self {
        CaptureError { span, message }
    }
}

/// A line ready to save: the change and a one-line preview of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub change: Change,
    pub preview: String,
}

/// Who is typing and what is in view: the defaults for what a line leaves out.
pub struct Context<'a> {
    pub today: Date,
    /// The person on our side who is typing (`by:` and `us:` default to them).
    pub me: &'a str,
    /// The account in view, used when the line names none.
    pub account: Option<&'a Account>,
    /// The visit whose commitments are being logged: a commitment line
    /// without `visit:` is made in it.
    pub visit: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Line(#[from] CaptureError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
    Ok(match parsed {
        Parsed::Commit {
            account,
            what,
            to,
            due,
            by,
            made,
            visit,
        } => {
            let a = account_for(store, account.as_ref(), ctx, end)?;
            let visit = visit.or(ctx.visit);
            // Made during a visit: made on the visit's date.
            let made = match (made, visit) {
                (Some(m), _) => m,
                (None, Some(v)) => visit_date(store, a.num, v)?.unwrap_or(ctx.today),
                (None, None) => ctx.today,
            };
            let owner = match by {
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
                "commitment at @{} · due {} · by {owner}",
                a.handle,
                shown(ctx.today, due)
            );
            if !to.is_empty() {
                preview.push_str(&format!(" · to {to}"));
            }
            let c = Commitment {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                what,
                to_whom: to,
                owner,
                made_on: made,
                due_on: due,
                visit,
                status: Status::Open,
                resolved_on: None,
                reason: String::new(),
                renegotiations: vec![],
            };
            Plan {
                change: Change::AddCommitment(c),
                preview,
            }
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
            let a = account_for(store, account.as_ref(), ctx, end)?;
            let ours = if ours.is_empty() {
                vec![ctx.me.to_string()]
            } else {
                ours
            };
            let mut preview = format!(
                "{intent} {kind} visit at @{} on {}",
                a.handle,
                shown(ctx.today, on)
            );
            if !theirs.is_empty() {
                preview.push_str(&format!(" · with {}", theirs.join(", ")));
            }
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
            let (change, notes) = notes::with_notes(Change::AddVisit(v), ctx, store)?;
            for p in &notes.previews {
                preview.push_str(&format!(" · {p}"));
            }
            Plan { change, preview }
        }
        Parsed::Measure {
            account,
            metric,
            value,
            on,
            source,
            note,
        } => {
            let a = account_for(store, account.as_ref(), ctx, end)?;
            let metrics = store.metrics(Some(a.num))?;
            let m = resolve::pick_metric(&metric, &a, &metrics)?;
            let unit = if m.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", m.unit)
            };
            let preview = format!(
                "{} at @{} = {value}{unit} on {}",
                m.name,
                a.handle,
                shown(ctx.today, on)
            );
            let x = Measurement {
                id: Uuid::nil(),
                num: 0,
                metric: m.num,
                on,
                value,
                source,
                note,
            };
            Plan {
                change: Change::AddMeasurement(x),
                preview,
            }
        }
        Parsed::Keep { commitment, on } => {
            let c = need_commitment(store, commitment)?;
            let how = if on <= c.due() { "on time" } else { "late" };
            Plan {
                preview: format!(
                    "#{commitment} “{}” kept {how} on {}",
                    c.what,
                    shown(ctx.today, on)
                ),
                change: Change::Keep { commitment, on },
            }
        }
        Parsed::Break {
            commitment,
            on,
            reason,
        } => {
            let c = need_commitment(store, commitment)?;
            Plan {
                preview: format!(
                    "#{commitment} “{}” broken on {}",
                    c.what,
                    shown(ctx.today, on)
                ),
                change: Change::Break {
                    commitment,
                    on,
                    reason,
                },
            }
        }
        Parsed::Drop {
            commitment,
            on,
            reason,
        } => {
            let c = need_commitment(store, commitment)?;
            Plan {
                preview: format!("#{commitment} “{}” dropped by the customer", c.what),
                change: Change::Drop {
                    commitment,
                    on,
                    reason,
                },
            }
        }
        Parsed::Renegotiate {
            commitment,
            due,
            reason,
            on,
        } => {
            let c = need_commitment(store, commitment)?;
            Plan {
                preview: format!(
                    "#{commitment} “{}” now due {} (was {})",
                    c.what,
                    shown(ctx.today, due),
                    shown(ctx.today, c.due())
                ),
                change: Change::Renegotiate {
                    commitment,
                    new_due: due,
                    reason,
                    agreed_on: on,
                },
            }
        }
    })
}
