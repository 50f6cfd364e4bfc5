//! One verdict per change: refused with a reason, or allowed with the
//! line the history keeps and what the store needs to write it.

use super::{records, Change, Facts, Fault, Field, Label, Record, Refusal};
use crate::domain::dates::{days_between, shown};
use crate::domain::{kept_status, plural, Account, Commitment, Date, Renegotiation, Status, Visit};

mod field;
use field::{field_records, notes_and_removals, outcomes};

/// What the rules allow a change to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The line the history keeps ("add commitment #42 at @mercy").
    pub label: Label,
    /// The account the change is about, as it stands before the change.
    pub account: Option<Account>,
    /// The commitment an outcome or renegotiation is about.
    pub commitment: Option<Commitment>,
    /// The status an outcome gives (kept on time or late is worked out).
    pub status: Option<Status>,
    /// Something the person should know about what was saved.
    pub notice: Option<String>,
}

impl Verdict {
    fn new(label: Label, account: Account) -> Self {
        Verdict {
            label,
            account: Some(account),
            commitment: None,
            status: None,
            notice: None,
        }
    }
}

type Judged<E> = Result<Verdict, Fault<E>>;

fn refuse<T, E>(field: Option<Field>, message: String) -> Result<T, Fault<E>> {
    Err(Fault::Refused(Refusal { field, message }))
}

fn need_account<F: Facts>(f: &F, num: i64) -> Result<Account, Fault<F::Error>> {
    match f.account(num).map_err(Fault::Facts)? {
        Some(a) => Ok(a),
        None => refuse(None, format!("there is no account #{num}")),
    }
}

fn need_open_commitment<F: Facts>(
    f: &F,
    num: i64,
    today: Date,
) -> Result<Commitment, Fault<F::Error>> {
    let Some(c) = f.commitment(num).map_err(Fault::Facts)? else {
        return refuse(
            None,
            format!("there is no commitment #{num}; `saydo commit list` shows their numbers"),
        );
    };
    if c.status != Status::Open {
        let when = c
            .resolved_on
            .map(|d| format!(" on {}", shown(today, d)))
            .unwrap_or_default();
        return refuse(
            None,
            format!(
                "commitment #{num} is already {}{when}; `saydo undo` takes back the last change",
                c.status
            ),
        );
    }
    Ok(c)
}

fn handle_free<F: Facts>(f: &F, handle: &str, except: i64) -> Result<(), Fault<F::Error>> {
    match f.handle_holder(handle).map_err(Fault::Facts)? {
        Some((num, name)) if num != except => refuse(
            Some(Field::Handle),
            format!("the handle @{handle} is taken by {name}; choose another"),
        ),
        _ => Ok(()),
    }
}

/// Whether record `r` belongs to account `account`.
fn belongs<F: Facts>(f: &F, r: Record, account: i64) -> Result<bool, Fault<F::Error>> {
    Ok(f.account_of(r).map_err(Fault::Facts)? == Some(account))
}

/// The account an edited or removed record belongs to; an edit never moves
/// a record to another account.
fn owner_of<F: Facts>(f: &F, r: Record, given: Option<i64>) -> Result<Account, Fault<F::Error>> {
    let Some(acc) = f.account_of(r).map_err(Fault::Facts)? else {
        return refuse(None, format!("there is no {}", r.describe()));
    };
    let a = need_account(f, acc)?;
    if let Some(g) = given.filter(|g| *g != acc) {
        let _ = g;
        return refuse(
            None,
            format!(
                "a {} stays with its account (@{}); add a new one to another account",
                r.kind_word(),
                a.handle
            ),
        );
    }
    Ok(a)
}

fn records<E>(c: super::Checked) -> Result<(), Fault<E>> {
    c.map_err(Fault::Refused)
}

/// A commitment's links: its visit belongs to its account, and a
/// commitment made during a visit is made on the visit's date.
fn commitment_links<F: Facts>(
    f: &F,
    c: &Commitment,
    a: &Account,
    today: Date,
) -> Result<(), Fault<F::Error>> {
    if let Some(v) = c.visit {
        if !belongs(f, Record::Visit(v), a.num)? {
            return refuse(
                Some(Field::Visit),
                format!("@{} has no visit #{v}", a.handle),
            );
        }
        if let Some(on) = f.visit_on(v).map_err(Fault::Facts)? {
            if c.made_on != on {
                return refuse(
                    Some(Field::Made),
                    format!(
                        "made {} but during visit #{v}, which was on {}; a commitment made during a visit is made that day",
                        shown(today, c.made_on),
                        shown(today, on)
                    ),
                );
            }
        }
    }
    Ok(())
}

fn outcome_date<E>(on: Date, today: Date) -> Result<(), Fault<E>> {
    records(records::happened(Field::On, "an outcome on", on, today))
}

fn outcome(c: Commitment, a: Account, status: Status, label: String) -> Verdict {
    Verdict {
        label: Label::fixed(label),
        account: Some(a),
        commitment: Some(c),
        status: Some(status),
        notice: None,
    }
}

/// Judges `change` against the book as `facts` tells it, on `today`.
pub fn judge<F: Facts>(change: &Change, facts: &F, today: Date) -> Judged<F::Error> {
    match change {
        Change::LogVisit {
            visit,
            made,
            edited,
        } => visit_with_promises(visit, made, edited, facts, today),
        Change::AddPartner(_) | Change::EditPartner(_) | Change::Remove(Record::Partner(_)) => {
            super::register::judge(change, facts)
        }
        Change::AddPerson { .. }
        | Change::AddAccount(_)
        | Change::EditAccount(_)
        | Change::Archive { .. }
        | Change::SetStage { .. } => people_and_accounts(change, facts, today),
        Change::AddIntroduction(_) | Change::EditIntroduction(_) => {
            introduction(change, facts, today)
        }
        Change::AddStakeholder(_)
        | Change::EditStakeholder(_)
        | Change::AddMoment(_)
        | Change::EditMoment(_)
        | Change::AddMetric(_)
        | Change::EditMetric(_) => account_records(change, facts, today),
        Change::AddMeasurement(_)
        | Change::EditMeasurement(_)
        | Change::AddVisit(_)
        | Change::EditVisit(_)
        | Change::AddCommitment(_)
        | Change::EditCommitment(_) => field_records(change, facts, today),
        Change::Keep { .. }
        | Change::Break { .. }
        | Change::Drop { .. }
        | Change::Renegotiate { .. } => outcomes(change, facts, today),
        Change::NoteSignal(_) | Change::Remove(_) => notes_and_removals(change, facts, today),
    }
}

/// A visit and the commitments of its notes: each commitment is judged as
/// if added or edited alone, its refusal put on the notes with the words
/// of its line.
fn visit_with_promises<F: Facts>(
    visit: &Visit,
    made: &[Commitment],
    edited: &[Commitment],
    f: &F,
    today: Date,
) -> Judged<F::Error> {
    let lines = made
        .iter()
        .map(|c| Change::AddCommitment(c.clone()))
        .chain(edited.iter().map(|c| Change::EditCommitment(c.clone())));
    for line in lines {
        let (Change::AddCommitment(c) | Change::EditCommitment(c)) = &line else {
            continue;
        };
        judge(&line, f, today).map_err(|fault| match fault {
            Fault::Refused(r) => Fault::Refused(Refusal {
                field: Some(Field::Notes),
                message: format!("in the notes, `> {}`: {}", c.what, r.message),
            }),
            other => other,
        })?;
    }
    let mut v = judge(&Change::save_visit(visit.clone()), f, today)?;
    let words = match (made.len(), edited.len()) {
        (0, 0) => String::new(),
        (n, 0) => format!(
            " · {} from its notes",
            crate::domain::plural(n, "commitment")
        ),
        (0, e) => format!(
            " · {} edited from its notes",
            crate::domain::plural(e, "commitment")
        ),
        (n, e) => format!(
            " · {} from its notes, {e} edited",
            crate::domain::plural(n, "commitment")
        ),
    };
    v.label = v.label.and(&words);
    Ok(v)
}

/// What a group's judge says of a change of another group (never, by
/// construction of [`judge`]).
fn not_here<E>() -> Judged<E> {
    refuse(None, "a change judged by the wrong rules".into())
}

/// People, accounts, archiving and stage moves.
fn people_and_accounts<F: Facts>(change: &Change, f: &F, today: Date) -> Judged<F::Error> {
    Ok(match change {
        Change::AddPerson { name } => {
            if name.trim().is_empty() {
                return refuse(Some(Field::Name), "a person needs a name".into());
            }
            if f.person_named(name.trim()).map_err(Fault::Facts)? {
                return refuse(
                    Some(Field::Name),
                    format!("{} is one of the people already", name.trim()),
                );
            }
            Verdict {
                label: Label::fixed(format!("add person {}", name.trim())),
                account: None,
                commitment: None,
                status: None,
                notice: None,
            }
        }
        Change::AddAccount(a) => {
            records(records::account(a, today))?;
            handle_free(f, &a.handle, 0)?;
            Verdict {
                label: Label::fixed(format!("add account @{} ({})", a.handle, a.name.trim())),
                account: None,
                commitment: None,
                status: None,
                notice: None,
            }
        }
        Change::EditAccount(a) => {
            records(records::account(a, today))?;
            let old = need_account(f, a.num)?;
            handle_free(f, &a.handle, a.num)?;
            Verdict::new(Label::fixed(format!("edit account @{}", a.handle)), old)
        }
        Change::Archive { account, archived } => {
            let a = need_account(f, *account)?;
            if a.archived == *archived {
                let state = if *archived {
                    "archived"
                } else {
                    "not archived"
                };
                return refuse(None, format!("@{} is already {state}", a.handle));
            }
            let verb = if *archived { "archive" } else { "restore" };
            Verdict::new(Label::fixed(format!("{verb} @{}", a.handle)), a)
        }
        Change::SetStage { account, stage, on } => {
            let a = need_account(f, *account)?;
            if a.stage == *stage {
                return refuse(
                    Some(Field::Stage),
                    format!("@{} is already in {stage}", a.handle),
                );
            }
            if *on < a.stage_since {
                return refuse(
                    Some(Field::On),
                    format!(
                        "@{} entered {} on {}; a move must be on or after that",
                        a.handle,
                        a.stage,
                        shown(today, a.stage_since)
                    ),
                );
            }
            records(records::happened(Field::On, "a stage move on", *on, today))?;
            let label = format!("move @{} to {stage} on {}", a.handle, shown(today, *on));
            Verdict::new(Label::fixed(label), a)
        }
        _ => return not_here(),
    })
}

/// An account's stakeholders, moments of truth and metrics.
fn account_records<F: Facts>(change: &Change, f: &F, today: Date) -> Judged<F::Error> {
    Ok(match change {
        Change::AddStakeholder(s) | Change::EditStakeholder(s) => {
            let edit = matches!(change, Change::EditStakeholder(_));
            let a = if edit {
                owner_of(f, Record::Stakeholder(s.num), Some(s.account))?
            } else {
                need_account(f, s.account)?
            };
            records(records::stakeholder(s))?;
            let verb = if edit { "edit" } else { "add" };
            let label = format!("{verb} stakeholder {} at @{}", s.name.trim(), a.handle);
            Verdict::new(Label::fixed(label), a)
        }
        Change::AddMoment(m) | Change::EditMoment(m) => {
            let edit = matches!(change, Change::EditMoment(_));
            let a = if edit {
                owner_of(f, Record::Moment(m.num), Some(m.account))?
            } else {
                need_account(f, m.account)?
            };
            records(records::moment(m))?;
            let label = if edit {
                Label::fixed(format!("edit moment of truth #{} at @{}", m.num, a.handle))
            } else {
                Label::numbered("add moment of truth #", format!(" at @{}", a.handle))
            };
            Verdict::new(label, a)
        }
        Change::AddMetric(m) | Change::EditMetric(m) => {
            let edit = matches!(change, Change::EditMetric(_));
            let a = if edit {
                owner_of(f, Record::Metric(m.num), Some(m.account))?
            } else {
                need_account(f, m.account)?
            };
            records(records::metric(m, today))?;
            super::register::alignment(f, m)?;
            if let Some(mt) = m.moment {
                if !belongs(f, Record::Moment(mt), m.account)? {
                    return refuse(
                        Some(Field::Moment),
                        format!("@{} has no moment of truth #{mt}", a.handle),
                    );
                }
            }
            let tail = format!(" {} at @{}", m.name.trim(), a.handle);
            let label = if edit {
                Label::fixed(format!("edit metric #{}{tail}", m.num))
            } else {
                Label::numbered("add metric #", tail)
            };
            Verdict::new(label, a)
        }
        _ => return not_here(),
    })
}

/// Connect: an introduction on its account, to another customer that
/// exists (not this one) or to an expert of ours, for one of its metrics.
fn introduction<F: Facts>(change: &Change, f: &F, today: Date) -> Judged<F::Error> {
    let (Change::AddIntroduction(x) | Change::EditIntroduction(x)) = change else {
        return not_here();
    };
    let edit = matches!(change, Change::EditIntroduction(_));
    let a = if edit {
        owner_of(f, Record::Introduction(x.num), Some(x.account))?
    } else {
        need_account(f, x.account)?
    };
    records(records::introduction(x, today))?;
    if let Some(h) = &x.to_account {
        let h = h.trim_start_matches('@');
        match f.handle_holder(h).map_err(Fault::Facts)? {
            None => {
                return refuse(
                    Some(Field::ToAccount),
                    format!("there is no account @{h}; a peer is introduced at another customer by its handle"),
                )
            }
            Some((n, _)) if n == a.num => {
                return refuse(
                    Some(Field::ToAccount),
                    format!("@{h} is this account; a peer is at another customer (or leave it empty for an expert of ours)"),
                )
            }
            Some(_) => {}
        }
    }
    if let Some(m) = x.metric {
        if !belongs(f, Record::Metric(m), a.num)? {
            return refuse(
                Some(Field::Metric),
                format!("@{} has no metric #{m}", a.handle),
            );
        }
    }
    let label = if edit {
        Label::fixed(format!(
            "edit introduction #{} at @{} ({})",
            x.num, a.handle, x.status
        ))
    } else {
        Label::numbered("introduce #", format!(" at @{}: {}", a.handle, x.line()))
    };
    Ok(Verdict::new(label, a))
}
