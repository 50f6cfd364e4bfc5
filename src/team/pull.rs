//! Pulling everyone's changes. A sequence number is normally handed out
//! before its transaction commits, so transactions could commit out of
//! order and a pull of "everything after N" skip a change that commits
//! later with a smaller number. The team book's log takes a lock before it
//! numbers a change and holds it to commit (schema.rs, `number_change`), so
//! its numbers are in commit order, whoever inserts: after N is exact.

use super::{Result, TeamError};
use crate::store::sqlite::SqliteStore;
use crate::store::wire::{Cursor, Op, Pulled, WireChange};
use postgres::Client;

/// How many changes are applied per local transaction.
const BATCH: i64 = 1000;

/// The columns every read of the log takes, in the order [`change_of`] reads.
pub const LOG_COLUMNS: &str = "seq, id, author, at::text, client_at, label, ops";

/// A change of the log from a row of [`LOG_COLUMNS`].
pub fn change_of(r: &postgres::Row) -> Result<Pulled> {
    let seq: i64 = r.get(0);
    let ops: Vec<Op> = serde_json::from_value(r.get(6))
        .map_err(|e| TeamError::Input(format!("change {seq} in the team book is damaged: {e}")))?;
    Ok(Pulled {
        seq,
        author: r.get(2),
        at: r.get(3),
        change: WireChange {
            id: r.get(1),
            label: r.get(5),
            at: r.get(4),
            ops,
        },
    })
}

/// The cursor's change number (0 before any).
pub fn cursor_seq(c: &Cursor) -> i64 {
    c.from.parse().unwrap_or(0)
}

/// Pulls and applies every change not yet here; how many were applied.
pub fn pull(c: &mut Client, local: &mut SqliteStore) -> Result<usize> {
    let Some(state) = local.replica()? else {
        return Err(TeamError::Input("this book is not a replica".into()));
    };
    let mut after = cursor_seq(&state.cursor);
    let mut applied = 0;
    loop {
        let rows = c.query(
            &format!(
                "SELECT {LOG_COLUMNS} FROM saydo.changes WHERE seq > $1 ORDER BY seq LIMIT $2"
            ),
            &[&after, &BATCH],
        )?;
        let done = (rows.len() as i64) < BATCH;
        let mut batch = Vec::with_capacity(rows.len());
        for r in rows {
            let p = change_of(&r)?;
            after = p.seq;
            batch.push(p);
        }
        let next = Cursor {
            from: after.to_string(),
            snapshot: String::new(),
        };
        if !batch.is_empty() {
            applied += local.apply_pulled(&batch, &next)?;
        }
        if done {
            break;
        }
    }
    Ok(applied)
}
