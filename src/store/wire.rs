//! Changes as the team book keeps them: rows named by their uuid, with
//! their fields before and after (references to other records by uuid too),
//! so a change means the same in every replica, whatever its local numbers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A record's fields: column → value, references as uuids.
pub type Fields = serde_json::Map<String, serde_json::Value>;

/// What one change did to one record: created it (`before` is `None`),
/// changed it, or removed it (`after` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// The table: `commitments`, `accounts`…
    pub t: String,
    pub id: Uuid,
    pub before: Option<Fields>,
    pub after: Option<Fields>,
    /// The team-book version of the record this replica last saw.
    #[serde(default)]
    pub base: i64,
}

impl Op {
    /// The fields this op changes, with their new values.
    pub fn changed(&self) -> Vec<(&str, &serde_json::Value)> {
        let Some(after) = &self.after else {
            return Vec::new();
        };
        after
            .iter()
            .filter(|(k, v)| self.before.as_ref().and_then(|b| b.get(*k)) != Some(v))
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    }
}

/// A change waiting in a replica's outbox, or pulled from the team book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireChange {
    pub id: Uuid,
    /// The history's line for it ("add commitment #42 at @mercy").
    pub label: String,
    /// When the replica made it (its own clock, kept for the record).
    pub at: String,
    pub ops: Vec<Op>,
}

/// A change as the team book ordered it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub seq: i64,
    pub author: String,
    /// Server time.
    pub at: String,
    pub change: WireChange,
}

/// Where a replica is in the team book's log: every change of a
/// transaction below `from` has been applied, and those visible in
/// `snapshot` (the join's snapshot) came with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub from: String,
    pub snapshot: String,
}

/// A change the team book refused: why, and what stands there now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub num: i64,
    pub id: Uuid,
    pub label: String,
    pub at: String,
    pub reason: String,
    /// (table, record, field, mine, theirs, who, when) for each clash.
    pub clashes: Vec<Clash>,
    pub ops: Vec<Op>,
}

impl Conflict {
    /// Refused by the team's rules (a role's limits, a handle taken), not
    /// by a clash with someone's change.
    pub fn by_rules(&self) -> bool {
        self.clashes.is_empty()
    }

    /// What the refused change held, for reworking it: each record's
    /// fields it set ("what: Send the report · due_on: 2026-12-04"),
    /// without ids and empty values.
    pub fn held(&self) -> String {
        let mut parts = Vec::new();
        for op in &self.ops {
            for (k, v) in op.changed() {
                let shown = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => continue,
                    other => other.to_string(),
                };
                let is_id = uuid::Uuid::parse_str(&shown).is_ok();
                if k == "id" || is_id || shown.is_empty() || shown == "[]" {
                    continue;
                }
                parts.push(format!("{k}: {shown}"));
            }
        }
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clash {
    pub t: String,
    pub id: Uuid,
    pub field: String,
    pub mine: serde_json::Value,
    pub theirs: serde_json::Value,
    pub who: String,
    pub when: String,
}

/// A change of the team book's log, as this replica keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedChange {
    pub seq: i64,
    pub author: String,
    pub at: String,
    pub client_at: String,
    pub label: String,
    pub ops: Vec<Op>,
}

/// One entry of an account's history in this book.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalEntry {
    pub seq: i64,
    pub label: String,
    pub undone: bool,
}
