//! The embedded default: one SQLite file in WAL mode with `synchronous=FULL`,
//! so a write saydo reported as saved survives a crash or a power loss.
//! Every user action is one `BEGIN IMMEDIATE` transaction; a busy timeout
//! lets several saydo processes write to the same file.

mod audit;
mod changes;
mod conflicts;
mod digests;
mod edits;
mod exchange;
mod facts;
mod history;
mod replica;
mod rows;
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

/// Whether this process may write `path` and create its side files beside
/// it (SQLite's -wal and -shm). The folder is tried with a probe file.
fn writable(path: &Path) -> bool {
    if !path.exists() {
        return true;
    }
    if std::fs::OpenOptions::new().write(true).open(path).is_err() {
        return false;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let probe = dir.join(format!(".saydo-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// A file path as an SQLite URI, read-only and immutable (nothing can
/// change it under us, and no side file is needed).
fn read_only_uri(path: &Path) -> String {
    let mut p = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => p.push_str("%25"),
            '?' => p.push_str("%3f"),
            '#' => p.push_str("%23"),
            c => p.push(c),
        }
    }
    format!("file:{p}?mode=ro&immutable=1")
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_at_version(path, i64::MAX)
    }

    /// Opens and migrates only up to `version`: for tests of migrations on
    /// files made by an older saydo.
    pub fn open_at_version(path: &Path, version: i64) -> Result<Self> {
        if !writable(path) {
            return Self::open_read_only(path);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::private_dir(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        // SQLite gives its -wal and -shm files the mode of the database
        // file, so a database created 0600 keeps all three private.
        crate::files::touch_private(path)
            .map_err(|e| StoreError::Backend(format!("cannot create {}: {e}", path.display())))?;
        let conn = Connection::open(path)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        let prepare = |conn: Connection| -> Result<Self> {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            set_wal(&conn)?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            let mut store = SqliteStore {
                conn,
                read_only: false,
            };
            store.migrate(SQLITE, version)?;
            digests::renew_if_stale(&mut store.conn)?;
            Ok(store)
        };
        prepare(conn).map_err(|e| match e {
            StoreError::Backend(m) => StoreError::Backend(format!("{}: {m}", path.display())),
            StoreError::Sqlite(e) => StoreError::Backend(format!("{}: {e}", path.display())),
            other => other,
        })
    }

    /// Opens a book this process may not write: at once, for reading.
    fn open_read_only(path: &Path) -> Result<Self> {
        let shown = path.display();
        let conn = Connection::open_with_flags(
            read_only_uri(path),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| StoreError::Backend(format!("cannot open {shown}: {e}")))?;
        let store = SqliteStore {
            conn,
            read_only: true,
        };
        let have = store.schema_version().unwrap_or(0);
        let want = SQLITE.last().map_or(0, |m| m.version);
        if have < want {
            return Err(StoreError::Input(crate::rules::Refusal::new(format!(
                "{shown} is read-only and was made by an older saydo (schema {have} of {want}); \
                 open it once with write access to bring it up to date"
            ))));
        }
        Ok(store)
    }

    /// Refuses a write on a read-only book, saying why.
    fn writes(&self) -> Result<()> {
        if self.read_only {
            return input(
                "this book is read-only (its file or folder is not writable by you): lists, stats \
                 and exports work; writing needs write access to the file and its folder",
            );
        }
        Ok(())
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM migrations",
            [],
            |r| r.get(0),
        )?)
    }

    fn migrate(&mut self, migrations: &[Migration], up_to: i64) -> Result<()> {
        let current: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM migrations",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        if migrations
            .iter()
            .all(|m| m.version <= current || m.version > up_to)
        {
            return Ok(());
        }
        // Another process may be migrating too: decide again under the lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        )?;
        let current: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM migrations",
            [],
            |r| r.get(0),
        )?;
        for m in migrations
            .iter()
            .filter(|m| m.version > current && m.version <= up_to)
        {
            tx.execute_batch(m.sql).map_err(|e| {
                StoreError::Backend(format!("migration {} ({}) failed: {e}", m.version, m.name))
            })?;
            tx.execute(
                "INSERT INTO migrations (version, name) VALUES (?1, ?2)",
                params![m.version, m.name],
            )?;
        }
        // Digests came with migration 9: a book made before has them worked
        // out once, in the same transaction.
        if current < digests::SINCE_VERSION && up_to >= digests::SINCE_VERSION {
            digests::refresh(&tx, None)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn write(
        &mut self,
        f: impl FnOnce(&Transaction, &mut Recorder) -> Result<Applied>,
    ) -> Result<Applied> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut rec = Recorder::new(&tx)?;
        let applied = f(&tx, &mut rec)?;
        rec.finish(&tx, &applied.label)?;
        tx.commit()?;
        Ok(applied)
    }
}

fn set_wal(conn: &Connection) -> Result<()> {
    // Switching to WAL needs a moment of exclusive access; a second process
    // opening the same new file can make it busy, so try a few times.
    let mut last = None;
    for attempt in 0..50 {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(StoreError::Backend(format!(
                    "the database would not switch to WAL mode (it is in {mode} mode)"
                )))
            }
            // Only a busy file is worth another try; anything else is final.
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                last = Some(e)
            }
            Err(e) => return Err(e.into()),
        }
        std::thread::sleep(Duration::from_millis(20 + attempt * 5));
    }
    Err(last
        .map(StoreError::from)
        .unwrap_or_else(|| StoreError::Backend("busy".into())))
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    f: impl Fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| f(r))?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

fn by_account(cols: &str, account: Option<i64>, order: &str) -> (String, Vec<Value>) {
    match account {
        Some(a) => (
            format!("SELECT {cols} WHERE account = ?1 ORDER BY {order}"),
            vec![Value::Integer(a)],
        ),
        None => (format!("SELECT {cols} ORDER BY {order}"), vec![]),
    }
}

/// Builds "WHERE a AND b" with `?N` placeholders numbered in order.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

/// The conditions of an account query (owner, archived).
fn account_filter(q: &AccountQuery) -> Filter {
    let mut f = Filter::default();
    if let Some(o) = &q.owner {
        f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
    }
    if q.only_archived {
        f.add("a.archived = ?", Value::Integer(1));
    } else if !q.include_archived {
        f.add("a.archived = ?", Value::Integer(0));
    }
    f
}

impl Filter {
    fn add(&mut self, clause: &str, value: Value) {
        self.params.push(value);
        self.clauses
            .push(clause.replace("?", &format!("?{}", self.params.len())));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn read_metrics(conn: &Connection, account: Option<i64>) -> Result<Vec<Metric>> {
    let (sql, p) = by_account(METRIC_COLS, account, "account, num");
    collect(conn, &sql, &p, metric_row)
}

fn read_signal_notes(conn: &Connection, metric: Option<i64>) -> Result<Vec<SignalNote>> {
    match metric {
        Some(m) => collect(
            conn,
            &format!("SELECT {SIGNAL_NOTE_COLS} WHERE metric = ?1 ORDER BY num"),
            &[Value::Integer(m)],
            signal_note_row,
        ),
        None => collect(
            conn,
            &format!("SELECT {SIGNAL_NOTE_COLS} ORDER BY num"),
            &[],
            signal_note_row,
        ),
    }
}

fn read_measurements(conn: &Connection, metric: i64) -> Result<Vec<Measurement>> {
    collect(
        conn,
        &format!("SELECT {MEASUREMENT_COLS} WHERE metric = ?1 ORDER BY on_date, num"),
        &[Value::Integer(metric)],
        measurement_row,
    )
}

fn read_visits(conn: &Connection, q: &VisitQuery) -> Result<Vec<Visit>> {
    let mut f = Filter::default();
    if let Some(a) = q.account {
        f.add("v.account = ?", Value::Integer(a));
    }
    if let Some(o) = &q.owner {
        f.add(
            "v.account IN (SELECT a.num FROM accounts a JOIN people p ON p.num = a.owner \
             WHERE p.name = ? COLLATE NOCASE)",
            Value::Text(o.clone()),
        );
    }
    let sql = format!(
        "SELECT {VISIT_COLS}{} ORDER BY v.on_date DESC, v.num DESC",
        f.sql()
    );
    collect(conn, &sql, &f.params, visit_row)
}

fn read_commitments(conn: &Connection, q: &CommitmentQuery) -> Result<Vec<Commitment>> {
    let mut f = Filter::default();
    if let Some(a) = q.account {
        f.add("c.account = ?", Value::Integer(a));
    }
    if let Some(o) = &q.owner {
        f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
    }
    match q.status {
        // Spelled out, so that SQLite may read the partial index of the
        // open ones (it cannot tell a parameter would match it).
        Some(Status::Open) => f.clauses.push("c.status = 'open'".into()),
        Some(s) => f.add("c.status = ?", Value::Text(s.word().into())),
        None => {}
    }
    let sql = format!("SELECT {COMMITMENT_COLS} {COMMITMENT_FROM}{}", f.sql());
    let mut list = collect(conn, &sql, &f.params, commitment_row)?;
    let sql = format!(
        "SELECT commitment, new_due, reason, agreed_on FROM renegotiations WHERE commitment IN \
         (SELECT c.num {COMMITMENT_FROM}{}) ORDER BY num",
        f.sql()
    );
    let renegs = collect(conn, &sql, &f.params, |r| renegotiation_row(r, 0))?;
    if !renegs.is_empty() {
        let mut by_num: HashMap<i64, Vec<Renegotiation>> = HashMap::new();
        for (num, r) in renegs {
            by_num.entry(num).or_default().push(r);
        }
        for c in &mut list {
            if let Some(r) = by_num.remove(&c.num) {
                c.renegotiations = r;
            }
        }
    }
    // By key, then moved once: a commitment is a big value to move about.
    list.sort_by_cached_key(|c| (c.due(), c.num));
    Ok(list)
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
        let mut stmt = self
            .conn
            .prepare_cached("SELECT num, handle FROM accounts")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<HashMap<i64, String>>>()?)
    }

    fn live_handles(&self) -> Result<HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT num, handle FROM accounts WHERE archived = 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<HashMap<i64, String>>>()?)
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

fn account_by_num(conn: &Connection, num: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLS} WHERE a.num = ?1");
    Ok(conn.query_row(&sql, [num], account_row).optional()?)
}

fn metric_by_num(conn: &Connection, num: i64) -> Result<Option<Metric>> {
    let sql = format!("SELECT {METRIC_COLS} WHERE num = ?1");
    Ok(conn.query_row(&sql, [num], metric_row).optional()?)
}

fn commitment_by_num(conn: &Connection, num: i64) -> Result<Option<Commitment>> {
    let sql = format!("SELECT {COMMITMENT_COLS} {COMMITMENT_FROM} WHERE c.num = ?1");
    let Some(mut c) = conn.query_row(&sql, [num], commitment_row).optional()? else {
        return Ok(None);
    };
    c.renegotiations = collect(
        conn,
        "SELECT new_due, reason, agreed_on FROM renegotiations WHERE commitment = ?1 ORDER BY num",
        &[Value::Integer(num)],
        |r| {
            Ok(Renegotiation {
                new_due: date_at(r, 0)?,
                reason: r.get(1)?,
                agreed_on: date_at(r, 2)?,
            })
        },
    )?;
    Ok(Some(c))
}
