//! The local side of a team book: every write on a replica also puts its
//! rows, as the team book names them, into the outbox in the same
//! transaction; changes pulled from the team book are applied field by
//! field; refused pushes become conflicts the person sees.

use super::*;
use crate::store::wire::{Cursor, Fields, Op, Pulled, WireChange};
use std::collections::BTreeSet;

/// The columns that name another record: (table, column, the table named).
const REFS: &[(&str, &str, &str)] = &[
    ("partners", "owner", "people"),
    ("accounts", "owner", "people"),
    ("stage_spans", "account", "accounts"),
    ("stakeholders", "account", "accounts"),
    ("moments", "account", "accounts"),
    ("metrics", "account", "accounts"),
    ("metrics", "moment", "moments"),
    ("metrics", "partner", "partners"),
    ("measurements", "metric", "metrics"),
    ("visits", "account", "accounts"),
    ("commitments", "account", "accounts"),
    ("commitments", "owner", "people"),
    ("commitments", "visit", "visits"),
    ("renegotiations", "commitment", "commitments"),
    ("signal_notes", "metric", "metrics"),
    ("signal_notes", "visit", "visits"),
    ("signal_notes", "commitment", "commitments"),
    ("introductions", "account", "accounts"),
    ("introductions", "metric", "metrics"),
];

fn refers(table: &str, column: &str) -> Option<&'static str> {
    REFS.iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, to)| *to)
}

pub(super) fn damaged(what: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("the team book's change is damaged: {what}"))
}

/// Whether this book is a replica of a team book.
pub(super) fn is_replica(tx: &Connection) -> Result<bool> {
    if !has_table(tx, "replica")? {
        return Ok(false);
    }
    Ok(tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM replica)")?
        .query_row([], |r| r.get(0))?)
}

pub(super) fn has_table(tx: &Connection, name: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        )?
        .query_row([name], |r| r.get(0))?)
}

/// A local row image (JSON of column → value) as the team book names it:
/// without its local number, references by uuid.
pub(super) fn to_wire(tx: &Connection, table: &str, image: &str) -> Result<Fields> {
    let mut map: Fields = serde_json::from_str(image).map_err(damaged)?;
    map.remove("num");
    let cols: Vec<String> = map.keys().cloned().collect();
    for c in cols {
        let Some(to) = refers(table, &c) else {
            continue;
        };
        let Some(n) = map.get(&c).and_then(|v| v.as_i64()) else {
            continue;
        };
        let to = history::check_table(to)?;
        let id: Option<String> = tx
            .prepare_cached(&format!("SELECT id FROM {to} WHERE num = ?1"))?
            .query_row([n], |r| r.get(0))
            .optional()?;
        map.insert(c, id.map_or(serde_json::Value::Null, Into::into));
    }
    Ok(map)
}

/// The local number of record `id` in `table`.
pub(super) fn local_num(tx: &Connection, table: &str, id: &str) -> Result<Option<i64>> {
    let table = history::check_table(table)?;
    Ok(tx
        .prepare_cached(&format!("SELECT num FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// A team-book field as a local column value (references by local number).
fn local_value(tx: &Connection, table: &str, col: &str, v: &serde_json::Value) -> Result<Value> {
    if let Some(to) = refers(table, col) {
        return match v.as_str() {
            None => Ok(Value::Null),
            Some(id) => local_num(tx, to, id)?.map(Value::Integer).ok_or_else(|| {
                damaged(format!(
                    "{table}.{col} names {to} {id}, which this replica does not have"
                ))
            }),
        };
    }
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(*b as i64),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    })
}

fn column_name(c: &str) -> Result<&str> {
    if !c.is_empty() && c.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && c != "num" {
        Ok(c)
    } else {
        Err(damaged(format!("an odd column {c:?}")))
    }
}

/// Inserts a record from its team-book fields; its new local number. The
/// statement is cached: a table's fields always come in the same order.
fn insert_fields(tx: &Connection, table: &str, fields: &Fields) -> Result<i64> {
    let mut cols = Vec::with_capacity(fields.len());
    let mut vals = Vec::with_capacity(fields.len());
    for (col, v) in fields {
        let col = column_name(col)?;
        vals.push(local_value(tx, table, col, v)?);
        cols.push(col);
    }
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        cols.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(vals.iter()))?;
    Ok(tx.last_insert_rowid())
}

/// Puts one op into the local book: inserts, changes only the fields the
/// op changed, or removes. Returns the row's number and images before and
/// after, for the accounts it touched.
pub(super) fn apply_op(tx: &Connection, op: &Op) -> Result<(i64, Option<String>, Option<String>)> {
    let table = history::check_table(&op.t)?;
    let id = op.id.to_string();
    let num = local_num(tx, table, &id)?;
    let before = match num {
        Some(n) => history::snapshot(tx, table, n)?,
        None => None,
    };
    let num = match (&op.after, num) {
        (None, None) => return Ok((0, None, None)),
        (None, Some(n)) => {
            tx.execute(&format!("DELETE FROM {table} WHERE num = ?1"), [n])?;
            n
        }
        (Some(after), Some(n)) => {
            let fields: Vec<(&str, &serde_json::Value)> = if op.before.is_some() {
                op.changed()
            } else {
                after.iter().map(|(k, v)| (k.as_str(), v)).collect()
            };
            for (col, v) in fields {
                let col = column_name(col)?;
                let value = local_value(tx, table, col, v)?;
                tx.execute(
                    &format!("UPDATE {table} SET {col} = ?1 WHERE num = ?2"),
                    params![value, n],
                )?;
            }
            n
        }
        (Some(after), None) => insert_fields(tx, table, after)?,
    };
    let after = history::snapshot(tx, table, num)?;
    Ok((num, before, after))
}

/// One record as the team book holds it, with its version there.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRecord {
    pub table: String,
    pub id: Uuid,
    pub fields: Fields,
    pub version: i64,
}

/// What a replica knows of its team book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplicaState {
    pub url: String,
    /// The person the team book knows this connection as.
    pub me: String,
    pub cursor: Cursor,
    pub team_version: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
}

/// Counts for the status line and `saydo team status`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waiting {
    pub changes: usize,
    pub conflicts: usize,
}

impl SqliteStore {
    /// The team book this file replicates, if it is a replica.
    pub fn replica(&self) -> Result<Option<ReplicaState>> {
        if !is_replica(&self.conn)? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT url, me, cursor, snapshot, team_version, last_sync, last_error FROM replica",
                [],
                |r| {
                    Ok(ReplicaState {
                        url: r.get(0)?,
                        me: r.get(1)?,
                        cursor: Cursor {
                            from: r.get(2)?,
                            snapshot: r.get(3)?,
                        },
                        team_version: r.get(4)?,
                        last_sync: r.get(5)?,
                        last_error: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Makes this file a replica (or updates what it knows of its team book).
    pub fn set_replica(&mut self, s: &ReplicaState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO replica (only, url, me, cursor, snapshot, team_version, last_sync, last_error) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (only) DO UPDATE SET url = ?1, me = ?2, \
             cursor = ?3, snapshot = ?4, team_version = ?5, last_sync = ?6, last_error = ?7",
            params![
                s.url,
                s.me,
                s.cursor.from,
                s.cursor.snapshot,
                s.team_version,
                s.last_sync,
                s.last_error
            ],
        )?;
        Ok(())
    }

    /// Notes how the last sync went. A failure keeps the time of the first
    /// one in a row ("offline since").
    pub fn note_sync(&mut self, at: &str, error: Option<&str>) -> Result<()> {
        if let Some(e) = error {
            self.conn.execute(
                "UPDATE replica SET last_error = COALESCE(last_error, ?1)",
                params![format!("{at}\t{e}")],
            )?;
        } else {
            self.conn.execute(
                "UPDATE replica SET last_sync = ?1, last_error = NULL",
                params![at],
            )?;
        }
        Ok(())
    }

    /// The replica's standing, for the status line.
    pub fn mark(&self) -> Result<Option<crate::store::SyncMark>> {
        let Some(s) = self.replica()? else {
            return Ok(None);
        };
        let w = self.waiting()?;
        Ok(Some(crate::store::SyncMark {
            waiting: w.changes,
            conflicts: w.conflicts,
            offline_since: s
                .last_error
                .as_deref()
                .map(|e| e.split('\t').next().unwrap_or("").to_string()),
            last_sync: s.last_sync,
        }))
    }

    pub fn waiting(&self) -> Result<Waiting> {
        if !is_replica(&self.conn)? {
            return Ok(Waiting::default());
        }
        let count = |sql: &str| -> Result<usize> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
        };
        Ok(Waiting {
            changes: count("SELECT COUNT(*) FROM outbox WHERE pushed IS NULL")?,
            conflicts: count("SELECT COUNT(*) FROM conflicts")?,
        })
    }

    /// The changes waiting to be pushed, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<WireChange>> {
        collect(
            &self.conn,
            "SELECT id, label, at, ops FROM outbox WHERE pushed IS NULL ORDER BY seq LIMIT ?1",
            &[Value::Integer(limit as i64)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)),
        )?
        .into_iter()
        .map(|(id, label, at, ops): (String, String, String, String)| {
            Ok(WireChange {
                id: Uuid::parse_str(&id).map_err(damaged)?,
                label,
                at,
                ops: serde_json::from_str(&ops).map_err(damaged)?,
            })
        })
        .collect()
    }

    /// The team book took the change as number `seq`.
    pub fn pushed(&mut self, id: Uuid, seq: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET pushed = ?2 WHERE id = ?1",
            params![id.to_string(), seq],
        )?;
        Ok(())
    }

    /// Applies changes pulled from the team book, in its order, and moves
    /// the cursor past them, in one transaction. A change this replica
    /// pushed itself is already here: it only leaves the outbox.
    pub fn apply_pulled(&mut self, pulled: &[Pulled], cursor: &Cursor) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut applied = 0;
        let mut accounts: Option<BTreeSet<i64>> = Some(BTreeSet::new());
        for p in pulled {
            let ours = tx.execute(
                "DELETE FROM outbox WHERE id = ?1",
                [p.change.id.to_string()],
            )? > 0;
            if !ours {
                let mut touched = Vec::new();
                for op in &p.change.ops {
                    let (num, before, after) = apply_op(&tx, op)?;
                    touched.push((op.t.clone(), num, before, after));
                }
                let t: Vec<changes::Touched> = touched
                    .iter()
                    .map(|(t, n, b, a)| (t.as_str(), *n, b.as_deref(), a.as_deref()))
                    .collect();
                match (changes::accounts_of(&tx, &t)?, accounts.as_mut()) {
                    (Some(found), Some(all)) => all.extend(found),
                    _ => accounts = None,
                }
                applied += 1;
            }
            for op in &p.change.ops {
                tx.prepare_cached("INSERT OR REPLACE INTO versions (id, version) VALUES (?1, ?2)")?
                    .execute(params![op.id.to_string(), p.seq])?;
            }
            log_change(&tx, p)?;
        }
        if applied > 0 {
            changes::note(&tx, accounts.as_ref())?;
        }
        tx.execute(
            "UPDATE replica SET cursor = ?1, snapshot = ?2",
            params![cursor.from, cursor.snapshot],
        )?;
        tx.commit()?;
        Ok(applied)
    }

    /// Every record of the book as the team book names them, parents
    /// before children: what `team init` uploads.
    pub fn each_record(&self, f: &mut dyn FnMut(&str, Uuid, Fields) -> Result<()>) -> Result<()> {
        for table in RECORD_TABLES {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT num FROM {table} ORDER BY num"))?;
            let nums: Vec<i64> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for n in nums {
                let Some(image) = history::snapshot(&self.conn, table, n)? else {
                    continue;
                };
                let fields = to_wire(&self.conn, table, &image)?;
                let id = fields
                    .get("id")
                    .and_then(|v| v.as_str())
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .ok_or_else(|| damaged(format!("{table} #{n} has no id")))?;
                f(table, id, fields)?;
            }
        }
        Ok(())
    }

    /// Loads a team book's records into this (empty) file, in one
    /// transaction, and makes it a replica at `state`'s cursor. `records`
    /// hands each record in turn (parents first) until it returns `None`.
    pub fn load_replica(
        &mut self,
        state: &ReplicaState,
        records: &mut dyn FnMut() -> Result<Option<TeamRecord>>,
        log: &mut dyn FnMut() -> Result<Option<Pulled>>,
    ) -> Result<usize> {
        if !self.is_empty()? {
            return input("this book is not empty; join a team book with a new file (--db PATH)");
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        // A new file: every record is new, inserted straight. Versions are
        // left to the pulls (without one, a push is checked field by field).
        while let Some(r) = records()? {
            let table = history::check_table(&r.table)?;
            insert_fields(&tx, table, &r.fields)?;
            n += 1;
        }
        while let Some(p) = log()? {
            log_change(&tx, &p)?;
        }
        tx.execute(
            "INSERT INTO replica (only, url, me, cursor, snapshot, team_version) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![
                state.url,
                state.me,
                state.cursor.from,
                state.cursor.snapshot,
                state.team_version
            ],
        )?;
        changes::note(&tx, None)?;
        tx.commit()?;
        Ok(n)
    }
}

/// Keeps a change of the team book's log in this replica, with the records
/// it touched and the accounts they named.
fn log_change(tx: &Connection, p: &Pulled) -> Result<()> {
    let ops = serde_json::to_string(&p.change.ops).map_err(damaged)?;
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO team_log (seq, id, author, at, client_at, label, ops) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            p.seq,
            p.change.id.to_string(),
            p.author,
            p.at,
            p.change.at,
            p.change.label,
            ops
        ])?;
    if added == 0 {
        return Ok(());
    }
    let mut ids = BTreeSet::new();
    for op in &p.change.ops {
        ids.insert(op.id.to_string());
        for m in [&op.before, &op.after].into_iter().flatten() {
            if let Some(a) = m.get("account").and_then(|v| v.as_str()) {
                ids.insert(a.to_string());
            }
        }
    }
    let mut stmt = tx.prepare_cached("INSERT INTO team_log_records (seq, id) VALUES (?1, ?2)")?;
    for id in ids {
        stmt.execute(params![p.seq, id])?;
    }
    Ok(())
}

pub(super) fn version_of(tx: &Connection, id: Uuid) -> Result<i64> {
    Ok(tx
        .prepare_cached("SELECT version FROM versions WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

pub(super) fn put_in_outbox(tx: &Connection, label: &str, at: &str, ops: &[Op]) -> Result<()> {
    tx.prepare_cached("INSERT INTO outbox (id, at, label, ops) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            Uuid::now_v7().to_string(),
            at,
            label,
            serde_json::to_string(ops).map_err(damaged)?
        ])?;
    Ok(())
}

/// The rows a change wrote, as ops for the outbox: `before` already in the
/// team book's names (taken while the rows it names still existed),
/// `after` the local image now.
pub(super) fn capture(
    tx: &Connection,
    label: &str,
    rows: &[(&'static str, Option<Fields>, i64)],
) -> Result<()> {
    let mut ops = Vec::new();
    for (table, before, num) in rows {
        let after = match history::snapshot(tx, table, *num)? {
            Some(i) => Some(to_wire(tx, table, &i)?),
            None => None,
        };
        if *before == after {
            continue;
        }
        let id = after
            .as_ref()
            .or(before.as_ref())
            .and_then(|m| m.get("id"))
            .and_then(|v| v.as_str())
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| damaged(format!("{table} #{num} has no id")))?;
        ops.push(Op {
            t: table.to_string(),
            id,
            before: before.clone(),
            after,
            base: version_of(tx, id)?,
        });
    }
    if !ops.is_empty() {
        let at = jiff::Timestamp::now().to_string();
        put_in_outbox(tx, label, &at, &ops)?;
    }
    Ok(())
}
