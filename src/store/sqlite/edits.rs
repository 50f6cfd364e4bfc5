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
            let sql =
                "UPDATE partners SET name = ?2, function = ?3, owner = ?4, kpis = ?5 WHERE num = ?1";
            let kpis = list_text(&inserts::partner_kpis(p));
            let values = params![p.num, p.name.trim(), p.function.trim(), owner, kpis];
            update(tx, rec, ("partners", p.num), sql, values)
        }
        Change::EditIntroduction(x) => {
            let values = inserts::introduction_values(x);
            let fields = inserts::INTRODUCTION_FIELDS;
            update_fields(tx, rec, ("introductions", x.num), &fields, values)
        }
        Change::EditStakeholder(s) => {
            let values = inserts::stakeholder_values(s);
            update_fields(
                tx,
                rec,
                ("stakeholders", s.num),
                &inserts::STAKEHOLDER_FIELDS,
                values,
            )
        }
        Change::EditMoment(m) => {
            let sql = "UPDATE moments SET what = ?2, severity = ?3 WHERE num = ?1";
            let values = params![m.num, m.what.trim(), m.severity.word()];
            update(tx, rec, ("moments", m.num), sql, values)
        }
        Change::EditMetric(m) => {
            let values = inserts::metric_values(m);
            update_fields(tx, rec, ("metrics", m.num), &inserts::METRIC_FIELDS, values)
        }
        Change::EditMeasurement(m) => {
            let sql = "UPDATE measurements SET on_date = ?2, value = ?3, source = ?4, note = ?5 \
                       WHERE num = ?1";
            let values = params![m.num, m.on.to_string(), m.value, m.source, m.note];
            update(tx, rec, ("measurements", m.num), sql, values)
        }
        Change::EditVisit(v) => {
            let values = inserts::visit_values(v);
            update_fields(tx, rec, ("visits", v.num), &inserts::VISIT_FIELDS, values)
        }
        Change::EditCommitment(c) => {
            let owner = person(tx, rec, &c.owner)?;
            let sql = "UPDATE commitments SET what = ?2, to_whom = ?3, owner = ?4, made_on = ?5, \
                       due_on = ?6, visit = ?7 WHERE num = ?1";
            let (made, due) = (c.made_on.to_string(), c.due_on.to_string());
            let values = params![c.num, c.what.trim(), c.to_whom, owner, made, due, c.visit];
            update(tx, rec, ("commitments", c.num), sql, values)
        }
        Change::Remove(r) => remove(tx, rec, *r),
        other => Err(StoreError::Backend(format!("not an edit: {other:?}"))),
    }
}

/// One row rewritten: recorded first (for undo), then `sql` with `values`
/// (`?1` is its number); its number and id.
fn update(
    tx: &Connection,
    rec: &mut Recorder,
    (table, num): (&'static str, i64),
    sql: &str,
    values: impl rusqlite::Params,
) -> Result<(i64, String)> {
    rec.touch(tx, table, num)?;
    tx.execute(sql, values)?;
    Ok((num, id_of(tx, table, num)?))
}

/// [`update`] of the columns `fields`, in order, to `values`: the records
/// whose columns are listed once for inserting and editing alike.
fn update_fields(
    tx: &Connection,
    rec: &mut Recorder,
    (table, num): (&'static str, i64),
    fields: &[&str],
    values: Vec<Value>,
) -> Result<(i64, String)> {
    let table = history::check_table(table)?;
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let sql = format!("UPDATE {table} SET {} WHERE num = ?1", sets.join(", "));
    let mut all = vec![Value::Integer(num)];
    all.extend(values);
    update(
        tx,
        rec,
        (table, num),
        &sql,
        rusqlite::params_from_iter(all.iter()),
    )
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
