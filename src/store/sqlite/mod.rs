//! The embedded default: one SQLite file in WAL mode with `synchronous=FULL`,
//! so a write saydo reported as saved survives a crash or a power loss.
//! Every user action is one `BEGIN IMMEDIATE` transaction; a busy timeout
//! lets several saydo processes write to the same file.

mod audit;
mod changes;
mod conflicts;
mod connection;
mod digests;
mod edits;
mod exchange;
mod facts;
mod history;
mod inserts;
mod reads;
mod replica;
mod rows;
mod scan;
mod stream;
mod writes;

use super::migrations::{Migration, RECORD_TABLES, SQLITE};
use super::{
    AccountQuery, Applied, Change, CommitmentQuery, Result, Sink, Store, StoreError, VisitQuery,
};
use crate::domain::{
    Account, Choice, Commitment, Date, Measurement, Metric, Moment, Person, Renegotiation,
    SignalNote, StageSpan, Stakeholder, Status, Visit,
};
use history::{step_history, Recorder};
use reads::*;
use rows::*;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;
use writes::{apply_change, SqliteSink};

pub use crate::store::wire::{LocalEntry, LoggedChange};
pub use replica::{ReplicaState, TeamRecord, Waiting};

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Handles by account number, the map sized at once (the last number
/// bounds how many there are: growing it was a fifth of its cost).
fn handle_map(conn: &Connection, sql: &str) -> Result<HashMap<i64, String>> {
    let last: Option<i64> = conn.query_row("SELECT max(num) FROM accounts", [], |r| r.get(0))?;
    let mut map = HashMap::with_capacity(last.unwrap_or(0).clamp(0, 1 << 24) as usize);
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        map.insert(r.get(0)?, r.get(1)?);
    }
    Ok(map)
}

/// How many changes the history keeps for undo.
const HISTORY_DEPTH: i64 = 1000;

fn input<T>(msg: impl Into<String>) -> Result<T> {
    Err(StoreError::Input(crate::rules::Refusal::new(msg)))
}

pub struct SqliteStore {
    conn: Connection,
    /// Opened read-only (the file or its folder is not writable): reads
    /// work, every write is refused with a message.
    read_only: bool,
}

impl Store for SqliteStore {
    fn people(&self) -> Result<Vec<Person>> {
        collect(
            &self.conn,
            "SELECT num, id, name FROM people ORDER BY name",
            &[],
            |r| {
                Ok(Person {
                    num: r.get(0)?,
                    id: uuid_at(r, 1)?,
                    name: r.get(2)?,
                })
            },
        )
    }

    fn comparable_metrics(&self, name: &str) -> Result<Vec<crate::store::Comparable>> {
        collect(
            &self.conn,
            "SELECT m.account, a.handle, (SELECT x.value FROM measurements x WHERE x.metric = m.num \
             ORDER BY x.on_date DESC LIMIT 1) FROM metrics m JOIN accounts a ON a.num = m.account \
             WHERE m.name = ?1 COLLATE NOCASE AND a.archived = 0",
            &[Value::Text(name.trim().to_string())],
            |r| {
                Ok(crate::store::Comparable {
                    account: r.get(0)?,
                    handle: r.get(1)?,
                    latest: r.get(2)?,
                })
            },
        )
    }

    fn introductions(&self, account: Option<i64>) -> Result<Vec<crate::domain::Introduction>> {
        let (sql, p) = match account {
            Some(a) => (
                format!(
                    "SELECT {INTRODUCTION_COLS} WHERE account = ?1 ORDER BY on_date DESC, num DESC"
                ),
                vec![Value::Integer(a)],
            ),
            None => (
                format!("SELECT {INTRODUCTION_COLS} ORDER BY on_date DESC, num DESC"),
                vec![],
            ),
        };
        collect(&self.conn, &sql, &p, introduction_row)
    }

    fn partners(&self) -> Result<Vec<crate::domain::Partner>> {
        collect(
            &self.conn,
            &format!("SELECT {PARTNER_COLS} ORDER BY t.name COLLATE NOCASE"),
            &[],
            partner_row,
        )
    }

    fn accounts(&self, q: &AccountQuery) -> Result<Vec<Account>> {
        let f = account_filter(q);
        let limit = q.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = format!(
            "SELECT {ACCOUNT_COLS}{} ORDER BY a.name COLLATE NOCASE{limit}",
            f.sql()
        );
        collect(&self.conn, &sql, &f.params, account_row)
    }

    fn count_accounts(&self, q: &AccountQuery) -> Result<usize> {
        let f = account_filter(q);
        let sql = format!(
            "SELECT COUNT(*) FROM accounts a LEFT JOIN people p ON p.num = a.owner{}",
            f.sql()
        );
        let n: i64 =
            self.conn
                .query_row(&sql, rusqlite::params_from_iter(f.params.iter()), |r| {
                    r.get(0)
                })?;
        Ok(n as usize)
    }

    fn account(&self, handle: &str) -> Result<Option<Account>> {
        let h = handle.trim_start_matches('@');
        let sql = format!("SELECT {ACCOUNT_COLS} WHERE a.handle = ?1");
        Ok(self.conn.query_row(&sql, [h], account_row).optional()?)
    }

    fn account_by_num(&self, num: i64) -> Result<Option<Account>> {
        account_by_num(&self.conn, num)
    }

    fn assessed(&self) -> Result<Vec<crate::store::Assessed>> {
        // Through the partial index, three columns: the screen asks again
        // after each write.
        let mut stmt = self.conn.prepare_cached(
            "SELECT region, tags, assessments, num FROM accounts \
             WHERE assessments <> '' AND archived = 0",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: String = r.get(2)?;
            out.push(crate::store::Assessed {
                account: r.get(3)?,
                region: r.get(0)?,
                tags: list_at(r, 1)?,
                assessments: serde_json::from_str(&text)
                    .map_err(|e| rows::conv_err(2, e.to_string()))?,
            });
        }
        Ok(out)
    }

    fn settled_renewals(&self) -> Result<Vec<(Option<String>, Vec<crate::domain::Renewal>)>> {
        // Through the partial index, and only the two columns: a write in
        // the TUI asks again.
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.name, a.renewals FROM accounts a LEFT JOIN people p ON p.num = a.owner \
             WHERE a.renewals <> ''",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: String = r.get(1)?;
            let renewals =
                serde_json::from_str(&text).map_err(|e| rows::conv_err(1, e.to_string()))?;
            out.push((r.get(0)?, renewals));
        }
        Ok(out)
    }

    fn accounts_by_handle_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Account>> {
        // No handle starts with more than a handle holds (and SQLite calls
        // a LIKE pattern of 50,000 bytes "too complex").
        if prefix.len() > crate::domain::text::HANDLE_MAX {
            return Ok(Vec::new());
        }
        // LIKE on the NOCASE handle index; its wildcards typed literally.
        let escaped: String = prefix
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let sql = format!(
            "SELECT {ACCOUNT_COLS} WHERE a.handle LIKE ?1 ESCAPE '\\' AND a.archived = 0 \
             ORDER BY a.handle LIMIT {limit}"
        );
        collect(
            &self.conn,
            &sql,
            &[Value::Text(format!("{escaped}%"))],
            account_row,
        )
    }

    fn stage_history(&self, account: i64) -> Result<Vec<StageSpan>> {
        collect(
            &self.conn,
            "SELECT stage, entered, left_on FROM stage_spans WHERE account = ?1 ORDER BY entered, num",
            &[Value::Integer(account)],
            |r| {
                Ok(StageSpan {
                    stage: r.get(0)?,
                    entered: date_at(r, 1)?,
                    left: opt_date_at(r, 2)?,
                })
            },
        )
    }

    fn stakeholders(&self, account: Option<i64>) -> Result<Vec<Stakeholder>> {
        let (sql, p) = by_account(STAKEHOLDER_COLS, account, "account, layer, name");
        collect(&self.conn, &sql, &p, stakeholder_row)
    }

    fn moments(&self, account: Option<i64>) -> Result<Vec<Moment>> {
        let (sql, p) = by_account(MOMENT_COLS, account, "account, num");
        collect(&self.conn, &sql, &p, moment_row)
    }

    fn metrics(&self, account: Option<i64>) -> Result<Vec<Metric>> {
        read_metrics(&self.conn, account)
    }

    fn aligned_metrics(&self) -> Result<Vec<Metric>> {
        collect(
            &self.conn,
            &format!("SELECT {METRIC_COLS} WHERE partner IS NOT NULL ORDER BY num"),
            &[],
            metric_row,
        )
    }

    fn signal_notes(&self, metric: Option<i64>) -> Result<Vec<SignalNote>> {
        read_signal_notes(&self.conn, metric)
    }

    fn metric(&self, num: i64) -> Result<Option<Metric>> {
        metric_by_num(&self.conn, num)
    }

    fn measurements(&self, metric: i64) -> Result<Vec<Measurement>> {
        read_measurements(&self.conn, metric)
    }

    fn visits(&self, q: &VisitQuery) -> Result<Vec<Visit>> {
        read_visits(&self.conn, q)
    }

    fn commitments(&self, q: &CommitmentQuery) -> Result<Vec<Commitment>> {
        read_commitments(&self.conn, q)
    }

    fn commitment(&self, num: i64) -> Result<Option<Commitment>> {
        commitment_by_num(&self.conn, num)
    }

    fn is_empty(&self) -> Result<bool> {
        let any: i64 = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM accounts) OR EXISTS(SELECT 1 FROM people)",
            [],
            |r| r.get(0),
        )?;
        Ok(any == 0)
    }

    fn each_account(
        &self,
        q: &AccountQuery,
        f: &mut dyn FnMut(crate::store::AccountRecords) -> Result<()>,
    ) -> Result<()> {
        stream::each_account(&self.conn, q, f)
    }

    fn account_records(&self, account: Account) -> Result<crate::store::AccountRecords> {
        digests::records_of(&self.conn, account)
    }

    fn handles(&self) -> Result<HashMap<i64, String>> {
        handle_map(&self.conn, "SELECT num, handle FROM accounts")
    }

    fn live_handles(&self) -> Result<HashMap<i64, String>> {
        handle_map(
            &self.conn,
            "SELECT num, handle FROM accounts WHERE archived = 0",
        )
    }

    fn digest(&self, account: Account) -> Result<crate::domain::digest::Digest> {
        digests::one(&self.conn, account)
    }

    fn each_digest(
        &self,
        q: &AccountQuery,
        f: &mut dyn FnMut(Account, crate::domain::digest::Digest) -> Result<()>,
    ) -> Result<()> {
        digests::each(&self.conn, q, f)
    }

    fn changed_since(&self, seq: i64) -> Result<crate::store::Changed> {
        changes::since(&self.conn, seq)
    }

    fn change_mark(&self) -> Result<i64> {
        changes::mark(&self.conn)
    }

    fn sync_mark(&self) -> Option<crate::store::SyncMark> {
        self.mark().ok().flatten()
    }

    fn conflicts(&self) -> Result<Vec<crate::store::wire::Conflict>> {
        SqliteStore::conflicts(self)
    }

    fn resolve(&mut self, num: i64, mine: bool, at: &str) -> Result<String> {
        SqliteStore::resolve(self, num, mine, at)
    }

    fn team_log(&self, account: i64, limit: usize) -> Result<Vec<LoggedChange>> {
        self.team_history(account, limit)
    }

    fn team_log_of(&self, record: Uuid, limit: usize) -> Result<Vec<LoggedChange>> {
        self.team_history_of(&[record], limit)
    }

    fn own_history(&self, account: i64, limit: usize) -> Result<Vec<LocalEntry>> {
        self.local_history(account, limit)
    }

    fn version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn check(&self, change: &Change, today: Date) -> Result<()> {
        // A read transaction, rolled back when dropped: nothing is written.
        let tx = self.conn.unchecked_transaction()?;
        crate::rules::judge(change, &*tx, today).map_err(|f| match f {
            crate::rules::Fault::Refused(r) => StoreError::Input(r),
            crate::rules::Fault::Facts(e) => e,
        })?;
        Ok(())
    }

    fn read_only(&self) -> bool {
        self.read_only
    }

    fn apply(&mut self, change: &Change, today: Date) -> Result<Applied> {
        self.writes()?;
        self.write(|tx, rec| apply_change(tx, rec, change, today))
    }

    fn undo(&mut self) -> Result<Option<String>> {
        self.writes()?;
        step_history(&mut self.conn, true)
    }

    fn redo(&mut self) -> Result<Option<String>> {
        self.writes()?;
        step_history(&mut self.conn, false)
    }

    fn export(
        &self,
        q: &crate::store::ExportQuery,
        f: &mut dyn FnMut(crate::store::Exported) -> Result<()>,
    ) -> Result<()> {
        exchange::export(&self.conn, q, f)
    }

    fn bulk(
        &mut self,
        replace: bool,
        load: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
    ) -> Result<()> {
        self.writes()?;
        if replica::is_replica(&self.conn)? {
            return input(
                "this book is a replica of a team book: a demo or an import here would bypass the \
                 team book; load it into a book of its own, or import into the team book's first book \
                 before `saydo team init`",
            );
        }
        // A bigger page cache while loading keeps index pages in memory;
        // 32 MiB loads as fast as 256 did here and keeps memory flat
        // however many records come in.
        self.conn.pragma_update(None, "cache_size", -32_768)?;
        let log = self.schema_version()? >= changes::SINCE_VERSION;
        let result = bulk_load(&mut self.conn, replace, log, load);
        self.conn.pragma_update(None, "cache_size", -2_000)?;
        result
    }
}

fn bulk_load(
    conn: &mut Connection,
    replace: bool,
    log: bool,
    load: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
) -> Result<()> {
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if replace {
            let mut sql = String::from("DELETE FROM history;");
            for t in RECORD_TABLES.iter().rev() {
                sql.push_str(&format!("DELETE FROM {t};"));
            }
            // The change log keeps counting: readers compare its numbers.
            sql.push_str("DELETE FROM sqlite_sequence WHERE name != 'changes';");
            tx.execute_batch(&sql)?;
        }
        {
            let mut sink = SqliteSink {
                tx: &tx,
                people: HashMap::new(),
            };
            load(&mut sink)?;
        }
        if log {
            changes::note(&tx, None)?;
        }
        tx.commit()?;
        Ok(())
    }
}
