//! Applying a change: validation, inserts and updates, each row recorded
//! for the history; and the bulk loader's sink.

use super::*;
use crate::rules::{Fault, Verdict};

/// The person's number, adding them to the people on our side if new.
pub(super) fn person(tx: &Connection, rec: &mut Recorder, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return input("a person's name cannot be empty");
    }
    if let Some(num) = tx
        .query_row("SELECT num FROM people WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(num);
    }
    tx.execute(
        "INSERT INTO people (id, name) VALUES (?1, ?2)",
        params![crate::domain::person_id(name).to_string(), name],
    )?;
    let num = tx.last_insert_rowid();
    rec.inserted("people", num);
    Ok(num)
}

/// The account fields an edit may change, in the order of
/// [`account_values`], shared by insert and edit.
pub(super) const ACCOUNT_FIELDS: [&str; 14] = [
    "name",
    "handle",
    "owner",
    "region",
    "tags",
    "renewal",
    "why",
    "visit_every_days",
    "stage_days",
    "paused_until",
    "key_dates",
    "renewals",
    "answers",
    "assessments",
];

pub(super) fn account_values(a: &Account, owner: Option<i64>) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    let date = |d: Option<crate::domain::Date>| opt(d.map(|d| Value::Text(d.to_string())));
    let days = |d: Option<u32>| opt(d.map(|d| Value::Integer(d.into())));
    vec![
        text(a.name.trim()),
        text(&a.handle),
        opt(owner.map(Value::Integer)),
        text(&a.region),
        Value::Text(list_text(&a.tags)),
        date(a.renewal),
        text(&a.why),
        days(a.pace.visit_every_days),
        days(a.pace.stage_days),
        date(a.pace.paused_until),
        Value::Text(crate::domain::key_dates::text(&a.key_dates)),
        Value::Text(super::rows::json_list_text(&a.renewals)),
        Value::Text(super::rows::json_list_text(&a.answers)),
        Value::Text(super::rows::json_list_text(&a.assessments)),
    ]
}

pub(super) fn insert_account(
    tx: &Connection,
    a: &Account,
    owner: Option<i64>,
) -> Result<(i64, String)> {
    let id = new_id(a.id);
    let mut values = vec![
        Value::Text(id.clone()),
        Value::Text(a.stage.clone()),
        Value::Text(a.stage_since.to_string()),
        Value::Integer(a.archived.into()),
    ];
    values.extend(account_values(a, owner));
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO accounts (id, stage, stage_since, archived, {}) VALUES ({})",
        ACCOUNT_FIELDS.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values.iter()))?;
    Ok((tx.last_insert_rowid(), id))
}

/// The id of a stage span or renegotiation loaded in bulk: made from its
/// parent's id and its content, so a demo or an import gives the same ids
/// every time.
fn child_id(parent: &str, what: &str) -> Uuid {
    let parent = Uuid::parse_str(parent).unwrap_or(Uuid::nil());
    Uuid::new_v5(&parent, what.as_bytes())
}

pub(super) fn insert_span(tx: &Connection, account: i64, s: &StageSpan) -> Result<i64> {
    insert_span_with(tx, account, s, Uuid::now_v7())
}

fn insert_span_with(tx: &Connection, account: i64, s: &StageSpan, id: Uuid) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO stage_spans (account, stage, entered, left_on, id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        account,
        s.stage,
        s.entered.to_string(),
        opt_date_text(s.left),
        id.to_string()
    ])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn insert_stakeholder(tx: &Connection, s: &Stakeholder) -> Result<(i64, String)> {
    let id = new_id(s.id);
    tx.prepare_cached(
        "INSERT INTO stakeholders (id, account, name, role, layer, contact, notes, peers) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        s.account,
        s.name.trim(),
        s.role,
        s.layer.word(),
        s.contact,
        s.notes,
        s.peers
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_moment(tx: &Connection, m: &Moment) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached("INSERT INTO moments (id, account, what, severity) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, m.account, m.what.trim(), m.severity.word()])?;
    Ok((tx.last_insert_rowid(), id))
}

/// The columns of an introduction a user sets (all but id and account),
/// in the order of [`introduction_values`].
pub(super) const INTRODUCTION_FIELDS: [&str; 9] = [
    "from_who",
    "to_account",
    "to_who",
    "metric",
    "why",
    "status",
    "on_date",
    "status_on",
    "follow_up",
];

pub(super) fn introduction_values(x: &crate::domain::Introduction) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.trim().to_string());
    vec![
        text(&x.from),
        x.to_account
            .as_deref()
            .map_or(Value::Null, |h| text(h.trim_start_matches('@'))),
        text(&x.to),
        x.metric.map_or(Value::Null, Value::Integer),
        text(&x.why),
        text(x.status.word()),
        Value::Text(x.on.to_string()),
        Value::Text(x.status_on.to_string()),
        text(&x.follow_up),
    ]
}

pub(super) fn insert_introduction(
    tx: &Connection,
    x: &crate::domain::Introduction,
) -> Result<(i64, String)> {
    let id = new_id(x.id);
    let mut values = vec![Value::Text(id.clone()), Value::Integer(x.account)];
    values.extend(introduction_values(x));
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO introductions (id, account, {}) VALUES ({})",
        INTRODUCTION_FIELDS.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values.iter()))?;
    Ok((tx.last_insert_rowid(), id))
}

/// A metric's columns that a user sets (all but id and account), and
/// their values, shared by insert and edit.
pub(super) const METRIC_FIELDS: [&str; 21] = [
    "name",
    "words",
    "kind",
    "unit",
    "direction",
    "baseline",
    "baseline_on",
    "proxy",
    "target",
    "target_on",
    "kpi",
    "moment",
    "intended",
    "calculation",
    "data_source",
    "every_days",
    "measured_by",
    "said_by",
    "said_on",
    "valued",
    "partner",
];

pub(super) fn metric_values(m: &Metric) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    vec![
        text(m.name.trim()),
        text(&m.words),
        text(m.kind.word()),
        text(&m.unit),
        text(m.direction.word()),
        opt(m.baseline.as_ref().map(|b| Value::Real(b.value))),
        opt(m.baseline.as_ref().map(|b| Value::Text(b.on.to_string()))),
        text(&m.proxy),
        opt(m.target.map(Value::Real)),
        opt(m.target_on.map(|d| Value::Text(d.to_string()))),
        text(&m.kpi),
        opt(m.moment.map(Value::Integer)),
        text(m.definition.intended.trim()),
        text(m.definition.calculation.trim()),
        text(m.definition.data_source.trim()),
        opt(m.definition.every_days.map(|d| Value::Integer(d.into()))),
        text(m.definition.measured_by.trim()),
        text(m.voice.by.trim()),
        opt(m.voice.on.map(|d| Value::Text(d.to_string()))),
        Value::Integer(m.voice.valued.into()),
        opt(m.partner.map(Value::Integer)),
    ]
}

/// Inserts a partner whose owner (if any) is the person numbered `owner`.
pub(super) fn insert_partner(
    tx: &Connection,
    p: &crate::domain::Partner,
    owner: Option<i64>,
) -> Result<(i64, String)> {
    let id = new_id(p.id);
    tx.prepare_cached(
        "INSERT INTO partners (id, name, function, owner, kpis) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        p.name.trim(),
        p.function.trim(),
        owner,
        list_text(&partner_kpis(p))
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

/// A partner's KPIs as kept: trimmed.
pub(super) fn partner_kpis(p: &crate::domain::Partner) -> Vec<String> {
    p.kpis.iter().map(|k| k.trim().to_string()).collect()
}

pub(super) fn insert_metric(tx: &Connection, m: &Metric) -> Result<(i64, String)> {
    let id = new_id(m.id);
    let marks: Vec<String> = (1..=METRIC_FIELDS.len() + 2)
        .map(|i| format!("?{i}"))
        .collect();
    let mut values = vec![Value::Text(id.clone()), Value::Integer(m.account)];
    values.extend(metric_values(m));
    tx.prepare_cached(&format!(
        "INSERT INTO metrics (id, account, {}) VALUES ({})",
        METRIC_FIELDS.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values.iter()))?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_measurement(tx: &Connection, m: &Measurement) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached(
        "INSERT INTO measurements (id, metric, on_date, value, source, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, m.metric, m.on.to_string(), m.value, m.source, m.note])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_visit(tx: &Connection, v: &Visit) -> Result<(i64, String)> {
    let id = new_id(v.id);
    tx.prepare_cached(
        "INSERT INTO visits (id, account, on_date, kind, intent, ours, theirs, notes, \
         feedback_score, feedback_words, feedback_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        v.account,
        v.on.to_string(),
        v.kind.word(),
        v.intent.word(),
        list_text(&v.ours),
        list_text(&v.theirs),
        v.notes,
        v.feedback.as_ref().map(|f| f.score),
        v.feedback.as_ref().map_or("", |f| f.words.as_str()),
        v.feedback.as_ref().map(|f| f.on.to_string()),
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_commitment(
    tx: &Connection,
    c: &Commitment,
    owner: i64,
) -> Result<(i64, String)> {
    let id = new_id(c.id);
    tx.prepare_cached(
        "INSERT INTO commitments (id, account, what, to_whom, owner, made_on, due_on, visit, status, \
         resolved_on, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        c.account,
        c.what.trim(),
        c.to_whom,
        owner,
        c.made_on.to_string(),
        c.due_on.to_string(),
        c.visit,
        c.status.word(),
        opt_date_text(c.resolved_on),
        c.reason
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_renegotiation(
    tx: &Connection,
    commitment: i64,
    r: &Renegotiation,
) -> Result<i64> {
    insert_renegotiation_with(tx, commitment, r, Uuid::now_v7())
}

fn insert_renegotiation_with(
    tx: &Connection,
    commitment: i64,
    r: &Renegotiation,
    id: Uuid,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO renegotiations (commitment, new_due, reason, agreed_on, id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        commitment,
        r.new_due.to_string(),
        r.reason,
        r.agreed_on.to_string(),
        id.to_string()
    ])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn insert_signal_note(tx: &Connection, n: &SignalNote) -> Result<(i64, String)> {
    let id = new_id(n.id);
    tx.prepare_cached(
        "INSERT INTO signal_notes (id, metric, rule, on_date, note, visit, commitment, acknowledged_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        n.metric,
        n.rule.word(),
        n.on.to_string(),
        n.note,
        n.visit,
        n.commitment,
        n.acknowledged_on.to_string()
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

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
        Change::AddAccount(a) => {
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
        Change::EditAccount(a) => {
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
        Change::Archive { archived, .. } => {
            let a = subject(v)?;
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET archived = ?2 WHERE num = ?1",
                params![a.num, archived],
            )?;
            Ok((a.num, a.id.to_string()))
        }
        Change::SetStage { stage, on, .. } => {
            let a = subject(v)?;
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
                stage: stage.clone(),
                entered: *on,
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
        Change::AddPartner(p) => {
            let owner = p.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            let (num, id) = insert_partner(tx, p, owner)?;
            rec.inserted("partners", num);
            Ok((num, id))
        }
        Change::AddIntroduction(x) => {
            let (num, id) = insert_introduction(tx, x)?;
            rec.inserted("introductions", num);
            Ok((num, id))
        }
        Change::AddStakeholder(s) => {
            let (num, id) = insert_stakeholder(tx, s)?;
            rec.inserted("stakeholders", num);
            Ok((num, id))
        }
        Change::AddMoment(m) => {
            let (num, id) = insert_moment(tx, m)?;
            rec.inserted("moments", num);
            Ok((num, id))
        }
        Change::AddMetric(m) => {
            let (num, id) = insert_metric(tx, m)?;
            rec.inserted("metrics", num);
            Ok((num, id))
        }
        Change::AddMeasurement(m) => {
            let (num, id) = insert_measurement(tx, m)?;
            rec.inserted("measurements", num);
            Ok((num, id))
        }
        Change::AddVisit(v) => {
            let (num, id) = insert_visit(tx, v)?;
            rec.inserted("visits", num);
            Ok((num, id))
        }
        Change::AddCommitment(c) => {
            let owner = person(tx, rec, &c.owner)?;
            let (num, id) = insert_commitment(tx, c, owner)?;
            rec.inserted("commitments", num);
            for r in &c.renegotiations {
                let rn = insert_renegotiation(tx, num, r)?;
                rec.inserted("renegotiations", rn);
            }
            Ok((num, id))
        }
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
        Change::NoteSignal(n) => {
            let (num, id) = insert_signal_note(tx, n)?;
            rec.inserted("signal_notes", num);
            Ok((num, id))
        }
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
