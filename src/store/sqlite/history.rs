//! Undo and redo: each change keeps the images of the rows it touched,
//! before and after, so any change can be put back or done again.

use super::*;

/// The rows one action touched, with their images before it.
#[derive(Default)]
pub(super) struct Recorder {
    rows: Vec<(&'static str, i64, Option<String>)>,
    /// On a replica, each row's image before as the team book names it
    /// (taken now, while the records it names still exist).
    wire: Option<Vec<Option<crate::store::wire::Fields>>>,
}

impl Recorder {
    /// A recorder for a change in `tx`, which also fills the outbox when
    /// the book is a replica.
    pub(super) fn new(tx: &Connection) -> Result<Self> {
        Ok(Recorder {
            rows: Vec::new(),
            wire: super::replica::is_replica(tx)?.then(Vec::new),
        })
    }

    pub(super) fn inserted(&mut self, table: &'static str, num: i64) {
        self.rows.push((table, num, None));
        if let Some(w) = &mut self.wire {
            w.push(None);
        }
    }

    pub(super) fn touch(&mut self, tx: &Connection, table: &'static str, num: i64) -> Result<()> {
        if self.rows.iter().any(|(t, n, _)| *t == table && *n == num) {
            return Ok(());
        }
        let before = snapshot(tx, table, num)?;
        if let Some(w) = &mut self.wire {
            w.push(
                before
                    .as_deref()
                    .map(|i| super::replica::to_wire(tx, table, i))
                    .transpose()?,
            );
        }
        self.rows.push((table, num, before));
        Ok(())
    }

    pub(super) fn finish(self, tx: &Connection, label: &str) -> Result<()> {
        // A new change ends what could be redone.
        tx.execute("DELETE FROM history WHERE undone = 1", [])?;
        tx.execute("INSERT INTO history (label) VALUES (?1)", [label])?;
        let seq = tx.last_insert_rowid();
        let mut afters = Vec::with_capacity(self.rows.len());
        for (ord, (table, num, before)) in self.rows.iter().enumerate() {
            let after = snapshot(tx, table, *num)?;
            tx.prepare_cached(
                "INSERT INTO history_rows (seq, ord, tbl, num, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![seq, ord as i64, table, num, before, after])?;
            afters.push(after);
        }
        let touched: Vec<changes::Touched> = self
            .rows
            .iter()
            .zip(&afters)
            .map(|((t, n, b), a)| (*t, *n, b.as_deref(), a.as_deref()))
            .collect();
        changes::note(tx, changes::accounts_of(tx, &touched)?.as_ref())?;
        tx.execute("DELETE FROM history WHERE seq <= ?1", [seq - HISTORY_DEPTH])?;
        if let Some(wire) = self.wire {
            let rows: Vec<_> = self
                .rows
                .iter()
                .zip(wire)
                .map(|((t, n, _), w)| (*t, w, *n))
                .collect();
            super::replica::capture(tx, label, &rows)?;
        }
        Ok(())
    }
}

pub(super) fn check_table(table: &str) -> Result<&'static str> {
    RECORD_TABLES
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| StoreError::Backend(format!("history names an unknown table {table}")))
}

/// A row as a JSON object of column → value, or `None` if there is none.
pub(super) fn snapshot(tx: &Connection, table: &str, num: i64) -> Result<Option<String>> {
    let table = check_table(table)?;
    let mut stmt = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE num = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([num])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut map = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let v = match row.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(n) => n.into(),
            ValueRef::Real(f) => f.into(),
            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
            ValueRef::Blob(_) => {
                return Err(StoreError::Backend(format!("{table}.{name} holds a blob")))
            }
        };
        map.insert(name.clone(), v);
    }
    Ok(Some(serde_json::Value::Object(map).to_string()))
}

/// Puts a row back as it was in `image` (or removes it when `None`).
pub(super) fn restore(tx: &Connection, table: &str, num: i64, image: Option<&str>) -> Result<()> {
    let table = check_table(table)?;
    let Some(image) = image else {
        tx.execute(&format!("DELETE FROM {table} WHERE num = ?1"), [num])?;
        return Ok(());
    };
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(image)
        .map_err(|e| StoreError::Backend(format!("a history entry is damaged: {e}")))?;
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for (k, v) in &map {
        if !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Backend(format!(
                "history names an odd column {k}"
            )));
        }
        cols.push(k.clone());
        vals.push(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Real(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        });
    }
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE num = ?1)"),
        [num],
        |r| r.get(0),
    )?;
    let sql = if exists {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        vals.push(Value::Integer(num));
        format!(
            "UPDATE {table} SET {} WHERE num = ?{}",
            sets.join(", "),
            vals.len()
        )
    } else {
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    };
    tx.execute(&sql, rusqlite::params_from_iter(vals.iter()))?;
    Ok(())
}

pub(super) fn step_history(conn: &mut Connection, undo: bool) -> Result<Option<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let pick = if undo {
        "SELECT seq, label FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
    } else {
        "SELECT seq, label FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
    };
    let Some((seq, label)) = tx
        .query_row(pick, [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let rows = collect(
        &tx,
        "SELECT tbl, num, before, after FROM history_rows WHERE seq = ?1 ORDER BY ord",
        &[Value::Integer(seq)],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        },
    )?;
    // On a replica, undo and redo sync as ordinary changes: the rows as
    // they stand now, before this step, against how the step leaves them.
    let wire = if super::replica::is_replica(&tx)? {
        let mut w = Vec::new();
        for (table, num, _, _) in &rows {
            let table = check_table(table)?;
            let now = snapshot(&tx, table, *num)?
                .map(|i| super::replica::to_wire(&tx, table, &i))
                .transpose()?;
            w.push((table, now, *num));
        }
        Some(w)
    } else {
        None
    };
    if undo {
        for (table, num, before, _) in rows.iter().rev() {
            restore(&tx, table, *num, before.as_deref())?;
        }
    } else {
        for (table, num, _, after) in &rows {
            restore(&tx, table, *num, after.as_deref())?;
        }
    }
    tx.execute(
        "UPDATE history SET undone = ?2 WHERE seq = ?1",
        params![seq, undo],
    )?;
    let touched: Vec<changes::Touched> = rows
        .iter()
        .map(|(t, n, b, a)| (t.as_str(), *n, b.as_deref(), a.as_deref()))
        .collect();
    changes::note(&tx, changes::accounts_of(&tx, &touched)?.as_ref())?;
    if let Some(w) = wire {
        let verb = if undo { "undo" } else { "redo" };
        super::replica::capture(&tx, &format!("{verb}: {label}"), &w)?;
    }
    tx.commit()?;
    Ok(Some(label))
}
