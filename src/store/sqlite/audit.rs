//! The audit trail: an account's or a record's changes, from the team
//! book's log this replica keeps, or from this book's own history.

use super::replica::{damaged, has_table};
use super::*;
use crate::store::wire::{LocalEntry, LoggedChange};
use std::collections::BTreeSet;

impl SqliteStore {
    /// The team book's changes to account `num` (itself, its records, and
    /// records that named it, removed ones too), newest first.
    pub fn team_history(&self, num: i64, limit: usize) -> Result<Vec<LoggedChange>> {
        if !has_table(&self.conn, "team_log")? {
            return Ok(Vec::new());
        }
        self.team_history_of(&self.record_ids_of(num)?, limit)
    }

    /// The team book's changes to any of `records`, newest first.
    pub fn team_history_of(&self, records: &[Uuid], limit: usize) -> Result<Vec<LoggedChange>> {
        if !has_table(&self.conn, "team_log")? {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = records.iter().map(|u| u.to_string()).collect();
        let mut seqs = BTreeSet::new();
        for id in &ids {
            let found: Vec<i64> = collect(
                &self.conn,
                "SELECT seq FROM team_log_records WHERE id = ?1",
                &[Value::Text(id.clone())],
                |r| r.get(0),
            )?;
            seqs.extend(found);
        }
        let mut out = Vec::new();
        for seq in seqs.into_iter().rev().take(limit) {
            let (author, at, client_at, label, ops): (String, String, String, String, String) =
                self.conn.query_row(
                    "SELECT author, at, client_at, label, ops FROM team_log WHERE seq = ?1",
                    [seq],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )?;
            out.push(LoggedChange {
                seq,
                author,
                at,
                client_at,
                label,
                ops: serde_json::from_str(&ops).map_err(damaged)?,
            });
        }
        Ok(out)
    }
}

impl SqliteStore {
    /// The ids of every record of account `num`, itself included: what the
    /// team book's log is searched for.
    pub fn record_ids_of(&self, num: i64) -> Result<Vec<Uuid>> {
        let ids: Vec<String> = collect(
            &self.conn,
            "SELECT id FROM accounts WHERE num = ?1 \
             UNION ALL SELECT id FROM stage_spans WHERE account = ?1 \
             UNION ALL SELECT id FROM stakeholders WHERE account = ?1 \
             UNION ALL SELECT id FROM moments WHERE account = ?1 \
             UNION ALL SELECT id FROM metrics WHERE account = ?1 \
             UNION ALL SELECT id FROM visits WHERE account = ?1 \
             UNION ALL SELECT id FROM commitments WHERE account = ?1 \
             UNION ALL SELECT x.id FROM measurements x JOIN metrics m ON m.num = x.metric WHERE m.account = ?1 \
             UNION ALL SELECT r.id FROM renegotiations r JOIN commitments c ON c.num = r.commitment WHERE c.account = ?1 \
             UNION ALL SELECT s.id FROM signal_notes s JOIN metrics m ON m.num = s.metric WHERE m.account = ?1",
            &[Value::Integer(num)],
            |r| r.get(0),
        )?;
        Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
    }

    /// This book's own changes that touched account `num`, newest first
    /// (what undo walks; who and when come from a team book).
    pub fn local_history(&self, num: i64, limit: usize) -> Result<Vec<LocalEntry>> {
        let seqs: Vec<(i64, String, bool)> = collect(
            &self.conn,
            "SELECT seq, label, undone FROM history ORDER BY seq DESC",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut out = Vec::new();
        for (seq, label, undone) in seqs {
            let rows: Vec<(String, i64, Option<String>, Option<String>)> = collect(
                &self.conn,
                "SELECT tbl, num, before, after FROM history_rows WHERE seq = ?1",
                &[Value::Integer(seq)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            let t: Vec<changes::Touched> = rows
                .iter()
                .map(|(t, n, b, a)| (t.as_str(), *n, b.as_deref(), a.as_deref()))
                .collect();
            let touches = match changes::accounts_of(&self.conn, &t)? {
                Some(accounts) => accounts.contains(&num),
                None => false,
            };
            if touches {
                out.push(LocalEntry { seq, label, undone });
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}
