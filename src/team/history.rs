//! Who changed what and when, from the team book's log: the audit trail of
//! an account, newest first.

use super::Result;
use crate::store::wire::Op;
use postgres::Client;
use serde::Serialize;
use uuid::Uuid;

/// One change of the log, as the audit shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub seq: i64,
    /// The login the team book knew the writer as.
    pub author: String,
    /// The team book's time.
    pub at: String,
    /// The writer's own clock, kept for the record.
    pub client_at: String,
    pub label: String,
    /// (record kind, field, before, after) for each field it changed.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub record: String,
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

fn fields_of(ops: &[Op]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for op in ops {
        let record = op.t.trim_end_matches('s').replace('_', " ");
        match &op.after {
            None => out.push(FieldChange {
                record,
                field: "(removed)".into(),
                before: serde_json::Value::Null,
                after: serde_json::Value::Null,
            }),
            Some(_) => {
                for (k, v) in op.changed() {
                    if k == "id" {
                        continue;
                    }
                    out.push(FieldChange {
                        record: record.clone(),
                        field: k.to_string(),
                        before: op
                            .before
                            .as_ref()
                            .and_then(|b| b.get(k).cloned())
                            .unwrap_or(serde_json::Value::Null),
                        after: v.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The changes of the log that touched any of `ids` (an account and its
/// records) or named `account` as theirs, newest first.
pub fn of_account(c: &mut Client, account: Uuid, ids: &[Uuid], limit: i64) -> Result<Vec<Entry>> {
    let acc = account.to_string();
    let rows = c.query(
        "SELECT seq, author, at::text, client_at, label, ops FROM saydo.changes ch \
         WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(ch.ops) o \
             WHERE (o->>'id')::uuid = ANY($1) OR o->'after'->>'account' = $2 \
             OR o->'before'->>'account' = $2) \
         ORDER BY seq DESC LIMIT $3",
        &[&ids, &acc, &limit],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let ops: Vec<Op> = serde_json::from_value(r.get(5)).unwrap_or_default();
        out.push(Entry {
            seq: r.get(0),
            author: r.get(1),
            at: r.get(2),
            client_at: r.get(3),
            label: r.get(4),
            fields: fields_of(&ops),
        });
    }
    Ok(out)
}
