//! Pushing the outbox: each change in a transaction of its own, applied
//! once (its uuid), checked field by field against what stands in the team
//! book, or refused with the clashes — never settled silently.

use super::{Result, TeamError};
use crate::store::sqlite::{SqliteStore, TeamRecord};
use crate::store::wire::{Clash, Op, WireChange};
use postgres::Client;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// How many outbox changes are read at a time.
const BATCH: usize = 500;

/// Pushes every waiting change; (taken, refused).
pub fn push(c: &mut Client, local: &mut SqliteStore) -> Result<(usize, usize)> {
    let (mut taken, mut refused) = (0, 0);
    loop {
        let waiting = local.outbox(BATCH)?;
        if waiting.is_empty() {
            return Ok((taken, refused));
        }
        for change in &waiting {
            match push_one(c, change)? {
                Pushed::Taken(seq) => {
                    local.pushed(change.id, seq)?;
                    taken += 1;
                }
                Pushed::Refused(reason, clashes) => {
                    let standing = standing(c, change)?;
                    local.refused(change, &reason, &clashes, &standing)?;
                    refused += 1;
                }
            }
        }
    }
}

/// The records a change touched, as the team book holds them now.
fn standing(c: &mut Client, change: &WireChange) -> Result<Vec<TeamRecord>> {
    let ids: Vec<Uuid> = change.ops.iter().map(|o| o.id).collect();
    let mut out = Vec::new();
    for r in c.query(
        "SELECT tbl, id, data, version FROM saydo.records WHERE id = ANY($1) AND NOT deleted",
        &[&ids],
    )? {
        if let Value::Object(fields) = r.get::<_, Value>(2) {
            out.push(TeamRecord {
                table: r.get(0),
                id: r.get(1),
                fields,
                version: r.get(3),
            });
        }
    }
    Ok(out)
}

enum Pushed {
    Taken(i64),
    Refused(String, Vec<Clash>),
}

struct Current {
    data: serde_json::Map<String, Value>,
    version: i64,
    deleted: bool,
}

fn push_one(c: &mut Client, change: &WireChange) -> Result<Pushed> {
    let mut tx = c.transaction()?;
    // Pushed before (the answer was lost): it is applied once.
    if let Some(r) = tx.query_opt("SELECT seq FROM saydo.changes WHERE id = $1", &[&change.id])? {
        tx.commit()?;
        return Ok(Pushed::Taken(r.get(0)));
    }
    let ids: Vec<Uuid> = change.ops.iter().map(|o| o.id).collect();
    let mut current: HashMap<Uuid, Current> = HashMap::new();
    for r in tx.query(
        "SELECT id, data, version, deleted FROM saydo.records WHERE id = ANY($1) FOR UPDATE",
        &[&ids],
    )? {
        let data: Value = r.get(1);
        current.insert(
            r.get(0),
            Current {
                data: match data {
                    Value::Object(m) => m,
                    _ => Default::default(),
                },
                version: r.get(2),
                deleted: r.get(3),
            },
        );
    }
    let mut clashes = Vec::new();
    let mut reasons = Vec::new();
    let mut writes = Vec::new();
    for op in &change.ops {
        match judge(op, current.get(&op.id)) {
            Judged::Write(data) => writes.push((op, data)),
            Judged::Skip => {}
            Judged::Clash(reason, fields) => {
                let (who, when) = last_change(&mut tx, current.get(&op.id))?;
                reasons.push(reason);
                for (field, mine, theirs) in fields {
                    clashes.push(Clash {
                        t: op.t.clone(),
                        id: op.id,
                        field,
                        mine,
                        theirs,
                        who: who.clone(),
                        when: when.clone(),
                    });
                }
            }
        }
    }
    if !reasons.is_empty() {
        tx.rollback()?;
        let reason = reasons.join("; ");
        note_refused(c, change, &reason)?;
        return Ok(Pushed::Refused(reason, clashes));
    }
    let ops = serde_json::to_value(&change.ops).map_err(|e| TeamError::Input(e.to_string()))?;
    let seq: i64 = tx
        .query_one(
            "INSERT INTO saydo.changes (id, client_at, label, ops) VALUES ($1, $2, $3, $4) RETURNING seq",
            &[&change.id, &change.at, &change.label, &ops],
        )?
        .get(0);
    for (op, data) in writes {
        let (data, deleted) = match data {
            Some(d) => (Value::Object(d), false),
            None => (Value::Object(Default::default()), true),
        };
        let written = tx.execute(
            "INSERT INTO saydo.records (id, tbl, data, version, deleted) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET data = $3, version = $4, deleted = $5",
            &[&op.id, &op.t, &data, &seq, &deleted],
        );
        if let Err(e) = written {
            if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) {
                drop(tx);
                let reason = format!(
                    "{} {}: another record in the team book has the same {}",
                    op.t,
                    op.id,
                    if op.t == "accounts" { "handle" } else { "name" }
                );
                note_refused(c, change, &reason)?;
                return Ok(Pushed::Refused(reason, Vec::new()));
            }
            return Err(e.into());
        }
    }
    tx.commit()?;
    Ok(Pushed::Taken(seq))
}

/// Who made the change that last set a record, and when.
fn last_change(tx: &mut postgres::Transaction, cur: Option<&Current>) -> Result<(String, String)> {
    let Some(cur) = cur.filter(|c| c.version > 0) else {
        return Ok(("the team book's first content".into(), String::new()));
    };
    Ok(
        match tx.query_opt(
            "SELECT author, at::text FROM saydo.changes WHERE seq = $1",
            &[&cur.version],
        )? {
            Some(r) => (r.get(0), r.get(1)),
            None => (String::new(), String::new()),
        },
    )
}

fn note_refused(c: &mut Client, change: &WireChange, reason: &str) -> Result<()> {
    let ops = serde_json::to_value(&change.ops).map_err(|e| TeamError::Input(e.to_string()))?;
    c.execute(
        "INSERT INTO saydo.refused (id, label, ops, reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
        &[&change.id, &change.label, &ops, &reason],
    )?;
    Ok(())
}

enum Judged {
    /// The record as it stands after the op (`None`: removed).
    Write(Option<serde_json::Map<String, Value>>),
    /// Nothing to do (already so).
    Skip,
    /// Refused: why, and (field, mine, theirs) for each clash.
    Clash(String, Vec<(String, Value, Value)>),
}

/// One op against what stands in the team book. Fields changed on one
/// side only merge; the same field changed on both sides to different
/// values, a change to a removed record, or a removal of a record changed
/// since, clash.
fn judge(op: &Op, cur: Option<&Current>) -> Judged {
    let live = cur.filter(|c| !c.deleted);
    let what = format!("{} {}", op.t, op.id);
    match (&op.before, &op.after, live) {
        (None, Some(a), None) => Judged::Write(Some(a.clone())),
        (None, Some(a), Some(c)) => {
            if same_fields(a, &c.data) {
                Judged::Skip
            } else {
                Judged::Clash(format!("{what} exists already"), Vec::new())
            }
        }
        (Some(_), Some(_), None) => {
            Judged::Clash(format!("{what} was removed in the team book"), Vec::new())
        }
        (Some(b), Some(_), Some(c)) => {
            let untouched = c.version <= op.base;
            let mut data = c.data.clone();
            let mut clashes = Vec::new();
            for (k, v) in op.changed() {
                let theirs = c.data.get(k).cloned().unwrap_or(Value::Null);
                let mine_before = b.get(k).cloned().unwrap_or(Value::Null);
                if !untouched && theirs != mine_before && &theirs != v {
                    clashes.push((k.to_string(), v.clone(), theirs));
                }
                data.insert(k.to_string(), v.clone());
            }
            if clashes.is_empty() {
                Judged::Write(Some(data))
            } else {
                let fields: Vec<&str> = clashes.iter().map(|(f, _, _)| f.as_str()).collect();
                Judged::Clash(
                    format!("{what}: {} changed in the team book too", fields.join(", ")),
                    clashes,
                )
            }
        }
        (Some(b), None, Some(c)) => {
            let changed: Vec<(String, Value, Value)> = c
                .data
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(v))
                .map(|(k, v)| {
                    (
                        k.clone(),
                        b.get(k).cloned().unwrap_or(Value::Null),
                        v.clone(),
                    )
                })
                .collect();
            if c.version <= op.base || changed.is_empty() {
                Judged::Write(None)
            } else {
                Judged::Clash(
                    format!(
                        "{what} was changed in the team book since; remove it again to be sure"
                    ),
                    changed,
                )
            }
        }
        (Some(_), None, None) | (None, None, _) => Judged::Skip,
    }
}

fn same_fields(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> bool {
    a.iter().all(|(k, v)| b.get(k) == Some(v))
}
