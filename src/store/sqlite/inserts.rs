//! Inserting each kind of record, and the values its columns take (the
//! same for an insert and an edit).

use super::*;

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
pub(super) fn child_id(parent: &str, what: &str) -> Uuid {
    let parent = Uuid::parse_str(parent).unwrap_or(Uuid::nil());
    Uuid::new_v5(&parent, what.as_bytes())
}

pub(super) fn insert_span(tx: &Connection, account: i64, s: &StageSpan) -> Result<i64> {
    insert_span_with(tx, account, s, Uuid::now_v7())
}

pub(super) fn insert_span_with(
    tx: &Connection,
    account: i64,
    s: &StageSpan,
    id: Uuid,
) -> Result<i64> {
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

/// A stakeholder's columns that a user sets (all but id and account), in
/// the order of [`stakeholder_values`], shared by insert and edit.
pub(super) const STAKEHOLDER_FIELDS: [&str; 6] =
    ["name", "role", "layer", "contact", "notes", "peers"];

pub(super) fn stakeholder_values(s: &Stakeholder) -> Vec<Value> {
    vec![
        Value::Text(s.name.trim().to_string()),
        Value::Text(s.role.clone()),
        Value::Text(s.layer.word().to_string()),
        Value::Text(s.contact.clone()),
        Value::Text(s.notes.clone()),
        Value::Integer(i64::from(s.peers)),
    ]
}

pub(super) fn insert_stakeholder(tx: &Connection, s: &Stakeholder) -> Result<(i64, String)> {
    let values = stakeholder_values(s);
    insert_fields(
        tx,
        "stakeholders",
        (s.id, s.account),
        &STAKEHOLDER_FIELDS,
        values,
    )
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
    let values = introduction_values(x);
    insert_fields(
        tx,
        "introductions",
        (x.id, x.account),
        &INTRODUCTION_FIELDS,
        values,
    )
}

/// A row of `table` under its account: a new id (or the record's own),
/// the account, and the columns `fields` set to `values`, in order; its
/// number and id.
fn insert_fields(
    tx: &Connection,
    table: &str,
    (id, account): (Uuid, i64),
    fields: &[&str],
    values: Vec<Value>,
) -> Result<(i64, String)> {
    let id = new_id(id);
    let mut all = vec![Value::Text(id.clone()), Value::Integer(account)];
    all.extend(values);
    let marks: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO {table} (id, account, {}) VALUES ({})",
        fields.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(all.iter()))?;
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
    insert_fields(
        tx,
        "metrics",
        (m.id, m.account),
        &METRIC_FIELDS,
        metric_values(m),
    )
}

pub(super) fn insert_measurement(tx: &Connection, m: &Measurement) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached(
        "INSERT INTO measurements (id, metric, on_date, value, source, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, m.metric, m.on.to_string(), m.value, m.source, m.note])?;
    Ok((tx.last_insert_rowid(), id))
}

/// A visit's columns that a user sets (all but id and account), in the
/// order of [`visit_values`], shared by insert and edit.
pub(super) const VISIT_FIELDS: [&str; 9] = [
    "on_date",
    "kind",
    "intent",
    "ours",
    "theirs",
    "notes",
    "feedback_score",
    "feedback_words",
    "feedback_on",
];

pub(super) fn visit_values(v: &Visit) -> Vec<Value> {
    let feedback = v.feedback.as_ref();
    vec![
        Value::Text(v.on.to_string()),
        Value::Text(v.kind.word().to_string()),
        Value::Text(v.intent.word().to_string()),
        Value::Text(list_text(&v.ours)),
        Value::Text(list_text(&v.theirs)),
        Value::Text(v.notes.clone()),
        feedback.map_or(Value::Null, |f| Value::Integer(i64::from(f.score))),
        Value::Text(feedback.map_or(String::new(), |f| f.words.clone())),
        feedback.map_or(Value::Null, |f| Value::Text(f.on.to_string())),
    ]
}

pub(super) fn insert_visit(tx: &Connection, v: &Visit) -> Result<(i64, String)> {
    insert_fields(
        tx,
        "visits",
        (v.id, v.account),
        &VISIT_FIELDS,
        visit_values(v),
    )
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

pub(super) fn insert_renegotiation_with(
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
