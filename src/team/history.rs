//! Who changed what and when, from the team book's log (each replica keeps
//! a copy, so the audit reads offline): the trail of an account, newest first.

use crate::store::wire::LoggedChange;
use crate::store::wire::Op;
use serde::Serialize;

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

/// The audit's entries for changes of the log this replica keeps.
pub fn entries(logged: Vec<LoggedChange>) -> Vec<Entry> {
    logged
        .into_iter()
        .map(|l| Entry {
            seq: l.seq,
            author: l.author,
            at: l.at,
            client_at: l.client_at,
            label: l.label,
            fields: fields_of(&l.ops),
        })
        .collect()
}
