//! Changing and removing records after they were made. Each row touched is
//! recorded before it changes, children before their parents, so that an
//! undo (which restores in reverse) puts parents back first.

use super::inserts::{self, person};
use super::*;
use crate::store::Record;

/// The id of row `num` in `table`.
fn id_of(tx: &Connection, table: &str, num: i64) -> Result<String> {
    let table = history::check_table(table)?;
    Ok(tx.query_row(
        &format!("SELECT id FROM {table} WHERE num = ?1"),
        [num],
        |r| r.get(0),
    )?)
}

/// The writes of an edit or removal the rules allowed: the record's number
/// and id.
pub(super) fn write_edit(
    tx: &Connection,
    rec: &mut Recorder,
    change: &Change,
) -> Result<(i64, String)> {
    match change {
        Change::EditPartner(p) => {
            let owner = p.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            rec.touch(tx, "partners", p.num)?;
            tx.execute(
                "UPDATE partners SET name = ?2, function = ?3, owner = ?4, kpis = ?5 WHERE num = ?1",
                params![
                    p.num,
                    p.name.trim(),
                    p.function.trim(),
                    owner,
                    list_text(&inserts::partner_kpis(p))
                ],
            )?;
            Ok((p.num, id_of(tx, "partners", p.num)?))
        }
        Change::EditIntroduction(x) => {
            rec.touch(tx, "introductions", x.num)?;
            let sets: Vec<String> = inserts::INTRODUCTION_FIELDS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            let mut values = vec![Value::Integer(x.num)];
            values.extend(inserts::introduction_values(x));
            tx.execute(
                &format!(
                    "UPDATE introductions SET {} WHERE num = ?1",
                    sets.join(", ")
                ),
                rusqlite::params_from_iter(values.iter()),
            )?;
            Ok((x.num, id_of(tx, "introductions", x.num)?))
        }
        Change::EditStakeholder(s) => {
            rec.touch(tx, "stakeholders", s.num)?;
            tx.execute(
                "UPDATE stakeholders SET name = ?2, role = ?3, layer = ?4, contact = ?5, notes = ?6, \
                 peers = ?7 WHERE num = ?1",
                params![s.num, s.name.trim(), s.role, s.layer.word(), s.contact, s.notes, s.peers],
            )?;
            Ok((s.num, id_of(tx, "stakeholders", s.num)?))
        }
        Change::EditMoment(m) => {
            rec.touch(tx, "moments", m.num)?;
            tx.execute(
                "UPDATE moments SET what = ?2, severity = ?3 WHERE num = ?1",
                params![m.num, m.what.trim(), m.severity.word()],
            )?;
            Ok((m.num, id_of(tx, "moments", m.num)?))
        }
        Change::EditMetric(m) => {
            rec.touch(tx, "metrics", m.num)?;
            let sets: Vec<String> = inserts::METRIC_FIELDS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            let mut values = vec![Value::Integer(m.num)];
            values.extend(inserts::metric_values(m));
            tx.execute(
                &format!("UPDATE metrics SET {} WHERE num = ?1", sets.join(", ")),
                rusqlite::params_from_iter(values.iter()),
            )?;
            Ok((m.num, id_of(tx, "metrics", m.num)?))
        }
        Change::EditMeasurement(m) => {
            rec.touch(tx, "measurements", m.num)?;
            tx.execute(
                "UPDATE measurements SET on_date = ?2, value = ?3, source = ?4, note = ?5 WHERE num = ?1",
                params![m.num, m.on.to_string(), m.value, m.source, m.note],
            )?;
            Ok((m.num, id_of(tx, "measurements", m.num)?))
        }
        Change::EditVisit(v) => {
            rec.touch(tx, "visits", v.num)?;
            tx.execute(
                "UPDATE visits SET on_date = ?2, kind = ?3, intent = ?4, ours = ?5, theirs = ?6, notes = ?7, \
                 feedback_score = ?8, feedback_words = ?9, feedback_on = ?10 WHERE num = ?1",
                params![
                    v.num,
                    v.on.to_string(),
                    v.kind.word(),
                    v.intent.word(),
                    list_text(&v.ours),
                    list_text(&v.theirs),
                    v.notes,
                    v.feedback.as_ref().map(|f| f.score),
                    v.feedback.as_ref().map_or("", |f| f.words.as_str()),
                    v.feedback.as_ref().map(|f| f.on.to_string()),
                ],
            )?;
            Ok((v.num, id_of(tx, "visits", v.num)?))
        }
        Change::EditCommitment(c) => {
            let owner = person(tx, rec, &c.owner)?;
            rec.touch(tx, "commitments", c.num)?;
            tx.execute(
                "UPDATE commitments SET what = ?2, to_whom = ?3, owner = ?4, made_on = ?5, due_on = ?6, \
                 visit = ?7 WHERE num = ?1",
                params![
                    c.num,
                    c.what.trim(),
                    c.to_whom,
                    owner,
                    c.made_on.to_string(),
                    c.due_on.to_string(),
                    c.visit
                ],
            )?;
            Ok((c.num, id_of(tx, "commitments", c.num)?))
        }
        Change::Remove(r) => remove(tx, rec, *r),
        other => Err(StoreError::Backend(format!("not an edit: {other:?}"))),
    }
}

/// Every `num` in `table` where `column` is `value`.
fn nums_where(tx: &Connection, table: &str, column: &str, value: i64) -> Result<Vec<i64>> {
    let table = history::check_table(table)?;
    collect(
        tx,
        &format!("SELECT num FROM {table} WHERE {column} = ?1 ORDER BY num"),
        &[Value::Integer(value)],
        |r| r.get(0),
    )
}

fn delete_rows(
    tx: &Connection,
    rec: &mut Recorder,
    table: &'static str,
    nums: &[i64],
) -> Result<()> {
    for n in nums {
        rec.touch(tx, table, *n)?;
        tx.execute(&format!("DELETE FROM {table} WHERE num = ?1"), [n])?;
    }
    Ok(())
}

/// Sets `column` to NULL on the rows of `table` that point at `value`.
fn unlink(
    tx: &Connection,
    rec: &mut Recorder,
    table: &'static str,
    column: &str,
    value: i64,
) -> Result<()> {
    for n in nums_where(tx, table, column, value)? {
        rec.touch(tx, table, n)?;
        tx.execute(
            &format!("UPDATE {table} SET {column} = NULL WHERE num = ?1"),
            [n],
        )?;
    }
    Ok(())
}

fn remove(tx: &Connection, rec: &mut Recorder, r: Record) -> Result<(i64, String)> {
    let table = match r {
        Record::Partner(_) => "partners",
        Record::Introduction(_) => "introductions",
        Record::Stakeholder(_) => "stakeholders",
        Record::Moment(_) => "moments",
        Record::Metric(_) => "metrics",
        Record::Measurement(_) => "measurements",
        Record::Visit(_) => "visits",
        Record::Commitment(_) => "commitments",
    };
    let num = r.num();
    let id = id_of(tx, table, num)?;
    match r {
        Record::Moment(n) => unlink(tx, rec, "metrics", "moment", n)?,
        Record::Metric(n) => {
            unlink(tx, rec, "introductions", "metric", n)?;
            let notes = nums_where(tx, "signal_notes", "metric", n)?;
            delete_rows(tx, rec, "signal_notes", &notes)?;
            let ms = nums_where(tx, "measurements", "metric", n)?;
            delete_rows(tx, rec, "measurements", &ms)?;
        }
        Record::Partner(n) => unlink(tx, rec, "metrics", "partner", n)?,
        Record::Visit(n) => {
            unlink(tx, rec, "signal_notes", "visit", n)?;
            unlink(tx, rec, "commitments", "visit", n)?;
        }
        Record::Commitment(n) => {
            unlink(tx, rec, "signal_notes", "commitment", n)?;
            let rs = nums_where(tx, "renegotiations", "commitment", n)?;
            delete_rows(tx, rec, "renegotiations", &rs)?;
        }
        Record::Stakeholder(_) | Record::Measurement(_) | Record::Introduction(_) => {}
    }
    delete_rows(tx, rec, table, &[num])?;
    Ok((num, id))
}
