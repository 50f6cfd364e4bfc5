//! Changing and removing records after they were made. Each row touched is
//! recorded before it changes, children before their parents, so that an
//! undo (which restores in reverse) puts parents back first.

use super::writes::{
    check_commitment, check_measurement, check_metric, check_moment, check_stakeholder, done,
    need_account, person,
};
use super::*;
use crate::store::Record;

/// The account a record belongs to, or a message naming what is missing.
fn owner_of(tx: &Connection, table: &str, num: i64, what: &str) -> Result<(Account, String)> {
    let sql = match table {
        "measurements" => {
            "SELECT m.account, x.id FROM measurements x JOIN metrics m ON m.num = x.metric WHERE x.num = ?1"
                .to_string()
        }
        t => format!("SELECT account, id FROM {} WHERE num = ?1", history::check_table(t)?),
    };
    let found: Option<(i64, String)> = tx
        .query_row(&sql, [num], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((account, id)) => Ok((need_account(tx, account)?, id)),
        None => input(format!("there is no {what} #{num}")),
    }
}

fn same_account(found: &Account, given: i64, what: &str) -> Result<()> {
    if found.num != given {
        return input(format!(
            "a {what} stays with its account (@{}); add a new one to another account",
            found.handle
        ));
    }
    Ok(())
}

pub(super) fn apply_edit(tx: &Connection, rec: &mut Recorder, change: &Change) -> Result<Applied> {
    match change {
        Change::EditStakeholder(s) => {
            let (a, id) = owner_of(tx, "stakeholders", s.num, "stakeholder")?;
            same_account(&a, s.account, "stakeholder")?;
            check_stakeholder(s)?;
            rec.touch(tx, "stakeholders", s.num)?;
            tx.execute(
                "UPDATE stakeholders SET name = ?2, role = ?3, layer = ?4, contact = ?5, notes = ?6 WHERE num = ?1",
                params![s.num, s.name.trim(), s.role, s.layer.word(), s.contact, s.notes],
            )?;
            done(
                s.num,
                &id,
                format!("edit stakeholder {} at @{}", s.name.trim(), a.handle),
            )
        }
        Change::EditMoment(m) => {
            let (a, id) = owner_of(tx, "moments", m.num, "moment of truth")?;
            same_account(&a, m.account, "moment of truth")?;
            check_moment(m)?;
            rec.touch(tx, "moments", m.num)?;
            tx.execute(
                "UPDATE moments SET what = ?2, severity = ?3 WHERE num = ?1",
                params![m.num, m.what.trim(), m.severity.word()],
            )?;
            done(
                m.num,
                &id,
                format!("edit moment of truth #{} at @{}", m.num, a.handle),
            )
        }
        Change::EditMetric(m) => {
            let (a, id) = owner_of(tx, "metrics", m.num, "metric")?;
            same_account(&a, m.account, "metric")?;
            check_metric(tx, m, &a)?;
            rec.touch(tx, "metrics", m.num)?;
            let sets: Vec<String> = writes::METRIC_FIELDS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            let mut values = vec![Value::Integer(m.num)];
            values.extend(writes::metric_values(m));
            tx.execute(
                &format!("UPDATE metrics SET {} WHERE num = ?1", sets.join(", ")),
                rusqlite::params_from_iter(values.iter()),
            )?;
            done(
                m.num,
                &id,
                format!("edit metric #{} {} at @{}", m.num, m.name.trim(), a.handle),
            )
        }
        Change::EditMeasurement(m) => {
            let (_, id) = owner_of(tx, "measurements", m.num, "measurement")?;
            let metric = check_measurement(tx, m)?;
            let current: i64 = tx.query_row(
                "SELECT metric FROM measurements WHERE num = ?1",
                [m.num],
                |r| r.get(0),
            )?;
            if current != m.metric {
                return input(
                    "a measurement stays with its metric; add a new one to the other metric",
                );
            }
            rec.touch(tx, "measurements", m.num)?;
            tx.execute(
                "UPDATE measurements SET on_date = ?2, value = ?3, source = ?4, note = ?5 WHERE num = ?1",
                params![m.num, m.on.to_string(), m.value, m.source, m.note],
            )?;
            done(
                m.num,
                &id,
                format!(
                    "edit measurement of {} = {}{} on {}",
                    metric.name,
                    m.value,
                    writes::unit_suffix(&metric.unit),
                    short(m.on)
                ),
            )
        }
        Change::EditVisit(v) => {
            let (a, id) = owner_of(tx, "visits", v.num, "visit")?;
            same_account(&a, v.account, "visit")?;
            rec.touch(tx, "visits", v.num)?;
            tx.execute(
                "UPDATE visits SET on_date = ?2, kind = ?3, intent = ?4, ours = ?5, theirs = ?6, notes = ?7 \
                 WHERE num = ?1",
                params![
                    v.num,
                    v.on.to_string(),
                    v.kind.word(),
                    v.intent.word(),
                    list_text(&v.ours),
                    list_text(&v.theirs),
                    v.notes
                ],
            )?;
            done(
                v.num,
                &id,
                format!("edit visit #{} at @{}", v.num, a.handle),
            )
        }
        Change::EditCommitment(c) => {
            let (a, id) = owner_of(tx, "commitments", c.num, "commitment")?;
            same_account(&a, c.account, "commitment")?;
            check_commitment(tx, c, &a)?;
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
            done(
                c.num,
                &id,
                format!("edit commitment #{} at @{}", c.num, a.handle),
            )
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

fn remove(tx: &Connection, rec: &mut Recorder, r: Record) -> Result<Applied> {
    let what = r.describe();
    let (table, num, title) = match r {
        Record::Stakeholder(n) => ("stakeholders", n, "stakeholder"),
        Record::Moment(n) => ("moments", n, "moment of truth"),
        Record::Metric(n) => ("metrics", n, "metric"),
        Record::Measurement(n) => ("measurements", n, "measurement"),
        Record::Visit(n) => ("visits", n, "visit"),
        Record::Commitment(n) => ("commitments", n, "commitment"),
    };
    let (a, id) = owner_of(tx, table, num, title)?;
    let mut also = String::new();
    match r {
        Record::Metric(n) => {
            let notes = nums_where(tx, "signal_notes", "metric", n)?;
            delete_rows(tx, rec, "signal_notes", &notes)?;
            let ms = nums_where(tx, "measurements", "metric", n)?;
            if !ms.is_empty() {
                also = format!(" and its {} measurements", ms.len());
            }
            delete_rows(tx, rec, "measurements", &ms)?;
        }
        Record::Moment(n) => unlink(tx, rec, "metrics", "moment", n)?,
        Record::Visit(n) => {
            unlink(tx, rec, "signal_notes", "visit", n)?;
            unlink(tx, rec, "commitments", "visit", n)?;
        }
        Record::Commitment(n) => {
            unlink(tx, rec, "signal_notes", "commitment", n)?;
            let rs = nums_where(tx, "renegotiations", "commitment", n)?;
            delete_rows(tx, rec, "renegotiations", &rs)?;
        }
        Record::Stakeholder(_) | Record::Measurement(_) => {}
    }
    delete_rows(tx, rec, table, &[num])?;
    done(num, &id, format!("remove {what}{also} at @{}", a.handle))
}
