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
    // The log's lock (the one its numbering takes, schema.rs) from the
    // start: what is judged below is what stands when the change is taken.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('saydo.changes'))",
        &[],
    )?;
    // Pushed before (the answer was lost): it is applied once.
    if let Some(r) = tx.query_opt("SELECT seq FROM saydo.changes WHERE id = $1", &[&change.id])? {
        tx.commit()?;
        return Ok(Pushed::Taken(r.get(0)));
    }
    let ids: Vec<Uuid> = change.ops.iter().map(|o| o.id).collect();
    let mut current: HashMap<Uuid, Current> = HashMap::new();
    for r in tx.query(
        "SELECT id, data, version, deleted FROM saydo.records WHERE id = ANY($1)",
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
    for op in &change.ops {
        if let Judged::Clash(reason, fields) = judge(op, current.get(&op.id)) {
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
    if !reasons.is_empty() {
        tx.rollback()?;
        let reason = reasons.join("; ");
        note_refused(c, change, &reason)?;
        return Ok(Pushed::Refused(reason, clashes));
    }
    // The team book checks the change against the author's role and
    // applies it to its records itself (access.sql): a refusal by its
    // rules is kept for the author like a clash.
    let ops = serde_json::to_value(&change.ops).map_err(|e| TeamError::Input(e.to_string()))?;
    let taken = tx.query_one(
        "INSERT INTO saydo.changes (id, client_at, label, ops) VALUES ($1, $2, $3, $4) RETURNING seq",
        &[&change.id, &change.at, &change.label, &ops],
    );
    let seq: i64 = match taken {
        Ok(r) => r.get(0),
        Err(e) => {
            let Some(reason) = refusal(&e) else {
                return Err(e.into());
            };
            drop(tx);
            note_refused(c, change, &reason)?;
            return Ok(Pushed::Refused(reason, Vec::new()));
        }
    };
    tx.commit()?;
    Ok(Pushed::Taken(seq))
}

/// What the team book's rules said when they refused a change, if they did.
fn refusal(e: &postgres::Error) -> Option<String> {
    use postgres::error::SqlState;
    let db = e.as_db_error()?;
    if db.code() == &SqlState::UNIQUE_VIOLATION {
        let what = match db.constraint() {
            Some("records_handle") => "an account with the same handle",
            Some("records_person") => "a person with the same name",
            _ => "a record with the same name",
        };
        return Some(format!("the team book has {what} already"));
    }
    if db.code() == &SqlState::INSUFFICIENT_PRIVILEGE {
        return Some(db.message().to_string());
    }
    None
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
    /// To be taken (the team book merges the fields and writes the
    /// record itself, access.sql; nothing when it is so already).
    Take,
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
        (None, Some(_), None) => Judged::Take,
        (None, Some(a), Some(c)) => {
            if same_fields(a, &c.data) {
                Judged::Take
            } else {
                Judged::Clash(format!("{what} exists already"), Vec::new())
            }
        }
        (Some(_), Some(_), None) => {
            Judged::Clash(format!("{what} was removed in the team book"), Vec::new())
        }
        (Some(b), Some(_), Some(c)) => {
            let untouched = c.version <= op.base;
            let mut clashes = Vec::new();
            for (k, v) in op.changed() {
                let theirs = c.data.get(k).cloned().unwrap_or(Value::Null);
                let mine_before = b.get(k).cloned().unwrap_or(Value::Null);
                if !untouched && theirs != mine_before && &theirs != v {
                    clashes.push((k.to_string(), v.clone(), theirs));
                }
            }
            if clashes.is_empty() {
                Judged::Take
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
                Judged::Take
            } else {
                Judged::Clash(
                    format!(
                        "{what} was changed in the team book since; remove it again to be sure"
                    ),
                    changed,
                )
            }
        }
        (Some(_), None, None) | (None, None, _) => Judged::Take,
    }
}

fn same_fields(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> bool {
    a.iter().all(|(k, v)| b.get(k) == Some(v))
}
