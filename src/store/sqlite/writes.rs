//! Applying a change: validation, then its inserts and updates, each row
//! recorded for the history; and the bulk loader's sink.

use super::inserts::*;
use super::*;
use crate::rules::{Fault, Verdict};

/// The verdict's account (every change but a new account has one).
fn subject(v: &Verdict) -> Result<&Account> {
    v.account
        .as_ref()
        .ok_or_else(|| StoreError::Backend("a verdict without its account".into()))
}

fn the_commitment(v: &Verdict) -> Result<&Commitment> {
    v.commitment
        .as_ref()
        .ok_or_else(|| StoreError::Backend("an outcome without its commitment".into()))
}

/// Judges the change by the shared rules, then writes it.
pub(super) fn apply_change(
    tx: &Connection,
    rec: &mut Recorder,
    change: &Change,
    today: Date,
) -> Result<Applied> {
    if let Change::LogVisit {
        visit,
        made,
        edited,
    } = change
    {
        // Judged whole first, so a refused line writes nothing.
        let verdict = crate::rules::judge(change, tx, today).map_err(|f| match f {
            Fault::Refused(r) => StoreError::Input(r),
            Fault::Facts(e) => e,
        })?;
        let mut applied = apply_change(tx, rec, &Change::save_visit(visit.clone()), today)?;
        for c in made {
            let mut c = c.clone();
            c.visit = Some(applied.num);
            apply_change(tx, rec, &Change::AddCommitment(c), today)?;
        }
        for c in edited {
            apply_change(tx, rec, &Change::EditCommitment(c.clone()), today)?;
        }
        applied.label = verdict.label.text(applied.num);
        return Ok(applied);
    }
    let verdict = crate::rules::judge(change, tx, today).map_err(|f| match f {
        Fault::Refused(r) => StoreError::Input(r),
        Fault::Facts(e) => e,
    })?;
    let (num, id) = write_change(tx, rec, change, &verdict)?;
    Ok(Applied {
        num,
        id: Uuid::parse_str(&id).unwrap_or(Uuid::nil()),
        label: verdict.label.text(num),
        notice: verdict.notice,
    })
}

/// The writes of a change the rules allowed: the record's number and id.
fn write_change(
    tx: &Connection,
    rec: &mut Recorder,
    change: &Change,
    v: &Verdict,
) -> Result<(i64, String)> {
    match change {
        Change::AddPerson { name } => {
            let num = person(tx, rec, name)?;
            Ok((num, crate::domain::person_id(name).to_string()))
        }
        Change::AddAccount(a) => add_account(tx, rec, a),
        Change::EditAccount(a) => edit_account(tx, rec, a, v),
        Change::Archive { archived, .. } => {
            let a = subject(v)?;
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET archived = ?2 WHERE num = ?1",
                params![a.num, archived],
            )?;
            Ok((a.num, a.id.to_string()))
        }
        Change::SetStage { stage, on, .. } => set_stage(tx, rec, subject(v)?, stage, *on),
        Change::AddPartner(p) => {
            let owner = p.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            recorded(rec, "partners", insert_partner(tx, p, owner)?)
        }
        Change::AddIntroduction(x) => recorded(rec, "introductions", insert_introduction(tx, x)?),
        Change::AddStakeholder(s) => recorded(rec, "stakeholders", insert_stakeholder(tx, s)?),
        Change::AddMoment(m) => recorded(rec, "moments", insert_moment(tx, m)?),
        Change::AddMetric(m) => recorded(rec, "metrics", insert_metric(tx, m)?),
        Change::AddMeasurement(m) => recorded(rec, "measurements", insert_measurement(tx, m)?),
        Change::AddVisit(v) => recorded(rec, "visits", insert_visit(tx, v)?),
        Change::AddCommitment(c) => add_commitment(tx, rec, c),
        Change::Keep { on, .. } => {
            let c = the_commitment(v)?;
            let status = v.status.unwrap_or(Status::Kept);
            set_outcome(tx, rec, c, status, *on, &c.reason)?;
            Ok((c.num, c.id.to_string()))
        }
        Change::Break { on, reason, .. } | Change::Drop { on, reason, .. } => {
            let c = the_commitment(v)?;
            let status = v.status.unwrap_or(Status::Broken);
            set_outcome(tx, rec, c, status, *on, reason)?;
            Ok((c.num, c.id.to_string()))
        }
        // Written as its parts by `apply_change`.
        Change::LogVisit { .. } => Err(StoreError::Backend(
            "a visit with its notes' commitments is written part by part".into(),
        )),
        Change::NoteSignal(n) => recorded(rec, "signal_notes", insert_signal_note(tx, n)?),
        Change::EditPartner(_)
        | Change::EditIntroduction(_)
        | Change::EditStakeholder(_)
        | Change::EditMoment(_)
        | Change::EditMetric(_)
        | Change::EditMeasurement(_)
        | Change::EditVisit(_)
        | Change::EditCommitment(_)
        | Change::Remove(_) => super::edits::write_edit(tx, rec, change),
        Change::Renegotiate {
            new_due,
            reason,
            agreed_on,
            ..
        } => {
            let c = the_commitment(v)?;
            let r = Renegotiation {
                new_due: *new_due,
                reason: reason.clone(),
                agreed_on: *agreed_on,
            };
            let rn = insert_renegotiation(tx, c.num, &r)?;
            rec.inserted("renegotiations", rn);
            Ok((c.num, c.id.to_string()))
        }
    }
}

/// A record inserted into `table`, kept in the history for undo.
fn recorded(
    rec: &mut Recorder,
    table: &'static str,
    (num, id): (i64, String),
) -> Result<(i64, String)> {
    rec.inserted(table, num);
    Ok((num, id))
}

/// An account, in its first stage from the day it was added.
fn add_account(tx: &Connection, rec: &mut Recorder, a: &Account) -> Result<(i64, String)> {
    let owner = a.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
    let (num, id) = insert_account(tx, a, owner)?;
    rec.inserted("accounts", num);
    let span = StageSpan {
        stage: a.stage.clone(),
        entered: a.stage_since,
        left: None,
    };
    let span_num = insert_span(tx, num, &span)?;
    rec.inserted("stage_spans", span_num);
    Ok((num, id))
}

fn edit_account(
    tx: &Connection,
    rec: &mut Recorder,
    a: &Account,
    v: &Verdict,
) -> Result<(i64, String)> {
    let owner = a.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
    rec.touch(tx, "accounts", a.num)?;
    let sets: Vec<String> = ACCOUNT_FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} = ?{}", i + 2))
        .collect();
    let mut values = vec![Value::Integer(a.num)];
    values.extend(account_values(a, owner));
    tx.execute(
        &format!("UPDATE accounts SET {} WHERE num = ?1", sets.join(", ")),
        rusqlite::params_from_iter(values.iter()),
    )?;
    Ok((a.num, subject(v)?.id.to_string()))
}

/// Account `a` moves to `stage` on `on`: the open span closes that day.
fn set_stage(
    tx: &Connection,
    rec: &mut Recorder,
    a: &Account,
    stage: &str,
    on: Date,
) -> Result<(i64, String)> {
    let open: Option<i64> = tx
        .query_row(
            "SELECT num FROM stage_spans WHERE account = ?1 AND left_on IS NULL",
            [a.num],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(span) = open {
        rec.touch(tx, "stage_spans", span)?;
        tx.execute(
            "UPDATE stage_spans SET left_on = ?2 WHERE num = ?1",
            params![span, on.to_string()],
        )?;
    }
    let span = StageSpan {
        stage: stage.to_string(),
        entered: on,
        left: None,
    };
    let span_num = insert_span(tx, a.num, &span)?;
    rec.inserted("stage_spans", span_num);
    rec.touch(tx, "accounts", a.num)?;
    tx.execute(
        "UPDATE accounts SET stage = ?2, stage_since = ?3 WHERE num = ?1",
        params![a.num, stage, on.to_string()],
    )?;
    Ok((a.num, a.id.to_string()))
}

/// A commitment with the renegotiations it comes with (an import's).
fn add_commitment(tx: &Connection, rec: &mut Recorder, c: &Commitment) -> Result<(i64, String)> {
    let owner = person(tx, rec, &c.owner)?;
    let (num, id) = insert_commitment(tx, c, owner)?;
    rec.inserted("commitments", num);
    for r in &c.renegotiations {
        let rn = insert_renegotiation(tx, num, r)?;
        rec.inserted("renegotiations", rn);
    }
    Ok((num, id))
}

pub(super) fn set_outcome(
    tx: &Connection,
    rec: &mut Recorder,
    c: &Commitment,
    status: Status,
    on: Date,
    reason: &str,
) -> Result<()> {
    rec.touch(tx, "commitments", c.num)?;
    tx.execute(
        "UPDATE commitments SET status = ?2, resolved_on = ?3, reason = ?4 WHERE num = ?1",
        params![c.num, status.word(), on.to_string(), reason],
    )?;
    Ok(())
}

// ---- bulk --------------------------------------------------------------

pub(super) struct SqliteSink<'t> {
    pub(super) tx: &'t Transaction<'t>,
    pub(super) people: HashMap<String, i64>,
}

impl SqliteSink<'_> {
    fn person_named(&mut self, name: &str) -> Result<i64> {
        if let Some(n) = self.people.get(name) {
            return Ok(*n);
        }
        let mut rec = Recorder::default();
        let n = person(self.tx, &mut rec, name)?;
        self.people.insert(name.to_string(), n);
        Ok(n)
    }
}

impl Sink for SqliteSink<'_> {
    fn find(&mut self, kind: crate::store::Kind, id: Uuid) -> Result<Option<i64>> {
        let table = super::exchange::table(kind);
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT num FROM {table} WHERE id = ?1"))?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?)
    }

    fn account_num(&mut self, handle: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT num FROM accounts WHERE handle = ?1")?
            .query_row([handle], |r| r.get(0))
            .optional()?)
    }

    fn person_num(&mut self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT num FROM people WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    fn high_water(&mut self, kind: crate::store::Kind) -> Result<i64> {
        let table = super::exchange::table(kind);
        Ok(self.tx.query_row(
            &format!("SELECT COALESCE(MAX(num), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    }

    fn person(&mut self, p: &Person) -> Result<i64> {
        self.tx
            .prepare_cached("INSERT INTO people (id, name) VALUES (?1, ?2)")?
            .execute(params![new_id(p.id), p.name.trim()])?;
        let num = self.tx.last_insert_rowid();
        self.people.insert(p.name.trim().to_string(), num);
        Ok(num)
    }

    fn introduction(&mut self, x: &crate::domain::Introduction) -> Result<i64> {
        Ok(insert_introduction(self.tx, x)?.0)
    }

    fn partner(&mut self, p: &crate::domain::Partner) -> Result<i64> {
        let owner = p
            .owner
            .as_deref()
            .map(|o| self.person_named(o))
            .transpose()?;
        Ok(insert_partner(self.tx, p, owner)?.0)
    }

    fn partner_named(&mut self, name: &str) -> Result<Option<crate::domain::Partner>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {} WHERE t.name = ?1",
                super::rows::PARTNER_COLS
            ))?
            .query_row([name.trim()], super::rows::partner_row)
            .optional()?)
    }

    fn account(&mut self, a: &Account) -> Result<i64> {
        let owner = a
            .owner
            .as_deref()
            .map(|o| self.person_named(o))
            .transpose()?;
        Ok(insert_account(self.tx, a, owner)?.0)
    }

    fn stage_span(&mut self, account: i64, span: &StageSpan) -> Result<()> {
        let parent: String = self
            .tx
            .prepare_cached("SELECT id FROM accounts WHERE num = ?1")?
            .query_row([account], |r| r.get(0))?;
        let what = format!("span/{}/{}/{:?}", span.stage, span.entered, span.left);
        insert_span_with(self.tx, account, span, child_id(&parent, &what)).map(|_| ())
    }

    fn stakeholder(&mut self, s: &Stakeholder) -> Result<i64> {
        Ok(insert_stakeholder(self.tx, s)?.0)
    }

    fn moment(&mut self, m: &Moment) -> Result<i64> {
        Ok(insert_moment(self.tx, m)?.0)
    }

    fn metric(&mut self, m: &Metric) -> Result<i64> {
        Ok(insert_metric(self.tx, m)?.0)
    }

    fn measurement(&mut self, m: &Measurement) -> Result<i64> {
        Ok(insert_measurement(self.tx, m)?.0)
    }

    fn visit(&mut self, v: &Visit) -> Result<i64> {
        Ok(insert_visit(self.tx, v)?.0)
    }

    fn signal_note(&mut self, n: &SignalNote) -> Result<i64> {
        Ok(insert_signal_note(self.tx, n)?.0)
    }

    fn commitment(&mut self, c: &Commitment) -> Result<i64> {
        let owner = self.person_named(&c.owner)?;

        let (num, id) = insert_commitment(self.tx, c, owner)?;
        for (i, r) in c.renegotiations.iter().enumerate() {
            insert_renegotiation_with(
                self.tx,
                num,
                r,
                child_id(&id, &format!("renegotiation/{i}")),
            )?;
        }
        Ok(num)
    }
}
