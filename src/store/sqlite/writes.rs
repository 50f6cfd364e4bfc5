//! Applying a change: validation, inserts and updates, each row recorded
//! for the history; and the bulk loader's sink.

use super::*;

pub(super) fn need_account(tx: &Connection, num: i64) -> Result<Account> {
    account_by_num(tx, num)?.map_or_else(|| input(format!("there is no account #{num}")), Ok)
}

pub(super) fn need_open_commitment(tx: &Connection, num: i64) -> Result<Commitment> {
    let Some(c) = commitment_by_num(tx, num)? else {
        return input(format!(
            "there is no commitment #{num}; `saydo commit list` shows their numbers"
        ));
    };
    if c.status != Status::Open {
        let when = c
            .resolved_on
            .map(|d| format!(" on {}", short(d)))
            .unwrap_or_default();
        return input(format!(
            "commitment #{num} is already {}{when}; `saydo undo` takes back the last change",
            c.status
        ));
    }
    Ok(c)
}

pub(super) fn check_handle_free(tx: &Connection, handle: &str, except: i64) -> Result<()> {
    let taken: Option<(i64, String)> = tx
        .query_row(
            "SELECT num, name FROM accounts WHERE handle = ?1",
            [handle],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match taken {
        Some((num, name)) if num != except => input(format!(
            "the handle @{handle} is taken by {name}; choose another"
        )),
        _ => Ok(()),
    }
}

pub(super) fn validate_account(a: &Account) -> Result<()> {
    if a.name.trim().is_empty() {
        return input("an account needs a name");
    }
    if !crate::domain::text::valid_handle(&a.handle) {
        return input(format!(
            "`@{}`: not a handle; use letters, digits, - _ or . (up to 40), e.g. @mercy",
            a.handle
        ));
    }
    if let Some(t) = a
        .tags
        .iter()
        .find(|t| t.trim().is_empty() || t.contains(','))
    {
        return input(format!(
            "`{t}`: not a tag; tags are single words or phrases without commas"
        ));
    }
    Ok(())
}

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
        params![Uuid::now_v7().to_string(), name],
    )?;
    let num = tx.last_insert_rowid();
    rec.inserted("people", num);
    Ok(num)
}

pub(super) fn done(num: i64, id: &str, label: String) -> Result<Applied> {
    Ok(Applied {
        num,
        id: Uuid::parse_str(id).unwrap_or(Uuid::nil()),
        label,
    })
}

pub(super) fn insert_account(
    tx: &Connection,
    a: &Account,
    owner: Option<i64>,
) -> Result<(i64, String)> {
    let id = new_id(a.id);
    tx.prepare_cached(
        "INSERT INTO accounts (id, name, handle, owner, region, tags, stage, stage_since, renewal, why, archived) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        a.name.trim(),
        a.handle,
        owner,
        a.region,
        list_text(&a.tags),
        a.stage,
        a.stage_since.to_string(),
        opt_date_text(a.renewal),
        a.why,
        a.archived
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_span(tx: &Connection, account: i64, s: &StageSpan) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO stage_spans (account, stage, entered, left_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        account,
        s.stage,
        s.entered.to_string(),
        opt_date_text(s.left)
    ])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn insert_stakeholder(tx: &Connection, s: &Stakeholder) -> Result<(i64, String)> {
    let id = new_id(s.id);
    tx.prepare_cached(
        "INSERT INTO stakeholders (id, account, name, role, layer, contact, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        s.account,
        s.name.trim(),
        s.role,
        s.layer.word(),
        s.contact,
        s.notes
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

pub(super) fn insert_moment(tx: &Connection, m: &Moment) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached("INSERT INTO moments (id, account, what, severity) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, m.account, m.what.trim(), m.severity.word()])?;
    Ok((tx.last_insert_rowid(), id))
}

/// A metric's columns that a user sets (all but id and account), and
/// their values, shared by insert and edit.
pub(super) const METRIC_FIELDS: [&str; 12] = [
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
    ]
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
        "INSERT INTO visits (id, account, on_date, kind, intent, ours, theirs, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        v.account,
        v.on.to_string(),
        v.kind.word(),
        v.intent.word(),
        list_text(&v.ours),
        list_text(&v.theirs),
        v.notes
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
    tx.prepare_cached(
        "INSERT INTO renegotiations (commitment, new_due, reason, agreed_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![commitment, r.new_due.to_string(), r.reason, r.agreed_on.to_string()])?;
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

/// Whether `table` row `num` belongs to `account`.
fn belongs(tx: &Connection, table: &str, num: i64, account: i64) -> Result<bool> {
    let table = super::history::check_table(table)?;
    let acc: Option<i64> = tx
        .query_row(
            &format!("SELECT account FROM {table} WHERE num = ?1"),
            [num],
            |r| r.get(0),
        )
        .optional()?;
    Ok(acc == Some(account))
}

pub(super) fn apply_change(
    tx: &Connection,
    rec: &mut Recorder,
    change: &Change,
) -> Result<Applied> {
    match change {
        Change::AddAccount(a) => {
            validate_account(a)?;
            check_handle_free(tx, &a.handle, 0)?;
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
            done(
                num,
                &id,
                format!("add account @{} ({})", a.handle, a.name.trim()),
            )
        }
        Change::EditAccount(a) => {
            validate_account(a)?;
            let old = need_account(tx, a.num)?;
            check_handle_free(tx, &a.handle, a.num)?;
            let owner = a.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET name = ?2, handle = ?3, owner = ?4, region = ?5, tags = ?6, \
                 renewal = ?7, why = ?8 WHERE num = ?1",
                params![
                    a.num,
                    a.name.trim(),
                    a.handle,
                    owner,
                    a.region,
                    list_text(&a.tags),
                    opt_date_text(a.renewal),
                    a.why
                ],
            )?;
            done(
                a.num,
                &old.id.to_string(),
                format!("edit account @{}", a.handle),
            )
        }
        Change::Archive { account, archived } => {
            let a = need_account(tx, *account)?;
            if a.archived == *archived {
                let state = if *archived {
                    "archived"
                } else {
                    "not archived"
                };
                return input(format!("@{} is already {state}", a.handle));
            }
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET archived = ?2 WHERE num = ?1",
                params![a.num, archived],
            )?;
            let verb = if *archived { "archive" } else { "restore" };
            done(a.num, &a.id.to_string(), format!("{verb} @{}", a.handle))
        }
        Change::SetStage { account, stage, on } => {
            let a = need_account(tx, *account)?;
            if a.stage == *stage {
                return input(format!("@{} is already in {stage}", a.handle));
            }
            if *on < a.stage_since {
                return input(format!(
                    "@{} entered {} on {}; a move must be on or after that",
                    a.handle,
                    a.stage,
                    short(a.stage_since)
                ));
            }
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
            done(
                a.num,
                &a.id.to_string(),
                format!("move @{} to {stage} on {}", a.handle, short(*on)),
            )
        }
        Change::AddStakeholder(s) => {
            let a = need_account(tx, s.account)?;
            check_stakeholder(s)?;
            let (num, id) = insert_stakeholder(tx, s)?;
            rec.inserted("stakeholders", num);
            done(
                num,
                &id,
                format!("add stakeholder {} at @{}", s.name.trim(), a.handle),
            )
        }
        Change::AddMoment(m) => {
            let a = need_account(tx, m.account)?;
            check_moment(m)?;
            let (num, id) = insert_moment(tx, m)?;
            rec.inserted("moments", num);
            done(
                num,
                &id,
                format!("add moment of truth #{num} at @{}", a.handle),
            )
        }
        Change::AddMetric(m) => {
            let a = need_account(tx, m.account)?;
            check_metric(tx, m, &a)?;
            let (num, id) = insert_metric(tx, m)?;
            rec.inserted("metrics", num);
            done(
                num,
                &id,
                format!("add metric #{num} {} at @{}", m.name.trim(), a.handle),
            )
        }
        Change::AddMeasurement(m) => {
            let metric = check_measurement(tx, m)?;
            let (num, id) = insert_measurement(tx, m)?;
            rec.inserted("measurements", num);
            done(
                num,
                &id,
                format!(
                    "measure {} = {}{} on {}",
                    metric.name,
                    m.value,
                    unit_suffix(&metric.unit),
                    short(m.on)
                ),
            )
        }
        Change::AddVisit(v) => {
            let a = need_account(tx, v.account)?;
            let (num, id) = insert_visit(tx, v)?;
            rec.inserted("visits", num);
            done(
                num,
                &id,
                format!(
                    "log {} {} visit #{num} at @{} on {}",
                    v.intent,
                    v.kind,
                    a.handle,
                    short(v.on)
                ),
            )
        }
        Change::AddCommitment(c) => {
            let a = need_account(tx, c.account)?;
            check_commitment(tx, c, &a)?;
            let owner = person(tx, rec, &c.owner)?;
            let (num, id) = insert_commitment(tx, c, owner)?;
            rec.inserted("commitments", num);
            for r in &c.renegotiations {
                let rn = insert_renegotiation(tx, num, r)?;
                rec.inserted("renegotiations", rn);
            }
            done(
                num,
                &id,
                format!(
                    "add commitment #{num} at @{} · due {}",
                    a.handle,
                    short(c.due())
                ),
            )
        }
        Change::Keep { commitment, on } => {
            let c = need_open_commitment(tx, *commitment)?;
            let status = kept_status(c.due(), *on);
            set_outcome(tx, rec, &c, status, *on, &c.reason)?;
            let how = if status == Status::Kept {
                "on time"
            } else {
                "late"
            };
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} kept {how} on {}", c.num, short(*on)),
            )
        }
        Change::Break {
            commitment,
            on,
            reason,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            set_outcome(tx, rec, &c, Status::Broken, *on, reason)?;
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} broken on {}", c.num, short(*on)),
            )
        }
        Change::Drop {
            commitment,
            on,
            reason,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            set_outcome(tx, rec, &c, Status::Dropped, *on, reason)?;
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} dropped", c.num),
            )
        }
        Change::NoteSignal(n) => {
            let Some(metric) = metric_by_num(tx, n.metric)? else {
                return input(format!("there is no metric #{}", n.metric));
            };
            let a = need_account(tx, metric.account)?;
            if let Some(v) = n.visit {
                if !belongs(tx, "visits", v, a.num)? {
                    return input(format!("@{} has no visit #{v}", a.handle));
                }
            }
            if let Some(c) = n.commitment {
                if !belongs(tx, "commitments", c, a.num)? {
                    return input(format!("@{} has no commitment #{c}", a.handle));
                }
            }
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM signal_notes WHERE metric = ?1 AND rule = ?2 AND on_date = ?3)",
                params![n.metric, n.rule.word(), n.on.to_string()],
                |r| r.get(0),
            )?;
            if taken {
                return input(format!(
                    "the {} signal of {} on {} has a note already",
                    n.rule.describe(),
                    metric.name,
                    short(n.on)
                ));
            }
            let (num, id) = insert_signal_note(tx, n)?;
            rec.inserted("signal_notes", num);
            done(
                num,
                &id,
                format!(
                    "note on {} at @{}: {} on {}",
                    metric.name,
                    a.handle,
                    n.rule.describe(),
                    short(n.on)
                ),
            )
        }
        Change::EditStakeholder(_)
        | Change::EditMoment(_)
        | Change::EditMetric(_)
        | Change::EditMeasurement(_)
        | Change::EditVisit(_)
        | Change::EditCommitment(_)
        | Change::Remove(_) => super::edits::apply_edit(tx, rec, change),
        Change::Renegotiate {
            commitment,
            new_due,
            reason,
            agreed_on,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            if *new_due == c.due() {
                return input(format!(
                    "commitment #{} is already due {}",
                    c.num,
                    short(*new_due)
                ));
            }
            let r = Renegotiation {
                new_due: *new_due,
                reason: reason.clone(),
                agreed_on: *agreed_on,
            };
            let rn = insert_renegotiation(tx, c.num, &r)?;
            rec.inserted("renegotiations", rn);
            done(
                c.num,
                &c.id.to_string(),
                format!(
                    "commitment #{} renegotiated · due {}",
                    c.num,
                    short(*new_due)
                ),
            )
        }
    }
}

pub(super) fn check_stakeholder(s: &Stakeholder) -> Result<()> {
    if s.name.trim().is_empty() {
        return input("a stakeholder needs a name");
    }
    Ok(())
}

pub(super) fn check_moment(m: &Moment) -> Result<()> {
    if m.what.trim().is_empty() {
        return input("a moment of truth needs a description");
    }
    Ok(())
}

pub(super) fn check_metric(tx: &Connection, m: &Metric, a: &Account) -> Result<()> {
    if m.name.trim().is_empty() {
        return input("a success metric needs a name");
    }
    for (what, v) in [
        ("baseline", m.baseline.as_ref().map(|b| b.value)),
        ("target", m.target),
    ] {
        if v.is_some_and(|v| !v.is_finite()) {
            return input(format!("the {what} must be a number"));
        }
    }
    if let Some(mt) = m.moment {
        let owner: Option<i64> = tx
            .query_row("SELECT account FROM moments WHERE num = ?1", [mt], |r| {
                r.get(0)
            })
            .optional()?;
        if owner != Some(m.account) {
            return input(format!("@{} has no moment of truth #{mt}", a.handle));
        }
    }
    Ok(())
}

/// The measurement's metric, when it exists and the value is a number.
pub(super) fn check_measurement(tx: &Connection, m: &Measurement) -> Result<Metric> {
    let Some(metric) = metric_by_num(tx, m.metric)? else {
        return input(format!("there is no metric #{}", m.metric));
    };
    if !m.value.is_finite() {
        return input("a measurement must be a number");
    }
    Ok(metric)
}

pub(super) fn check_commitment(tx: &Connection, c: &Commitment, a: &Account) -> Result<()> {
    if c.what.trim().is_empty() {
        return input("a commitment needs to say what was promised");
    }
    if c.due_on < c.made_on {
        return input(format!(
            "due {} is before it was made ({}); a commitment falls due on or after the day it was made",
            short(c.due_on),
            short(c.made_on)
        ));
    }
    if let Some(v) = c.visit {
        let acc: Option<i64> = tx
            .query_row("SELECT account FROM visits WHERE num = ?1", [v], |r| {
                r.get(0)
            })
            .optional()?;
        if acc != Some(c.account) {
            return input(format!("@{} has no visit #{v}", a.handle));
        }
    }
    Ok(())
}

pub(super) fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
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

    fn account(&mut self, a: &Account) -> Result<i64> {
        let owner = a
            .owner
            .as_deref()
            .map(|o| self.person_named(o))
            .transpose()?;
        Ok(insert_account(self.tx, a, owner)?.0)
    }

    fn stage_span(&mut self, account: i64, span: &StageSpan) -> Result<()> {
        insert_span(self.tx, account, span).map(|_| ())
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

        let (num, _) = insert_commitment(self.tx, c, owner)?;
        for r in &c.renegotiations {
            insert_renegotiation(self.tx, num, r)?;
        }
        Ok(num)
    }
}
