//! The embedded default: one SQLite file in WAL mode with `synchronous=FULL`,
//! so a write saydo reported as saved survives a crash or a power loss.
//! Every user action is one `BEGIN IMMEDIATE` transaction; a busy timeout
//! lets several saydo processes write to the same file.

use super::migrations::{Migration, RECORD_TABLES, SQLITE};
use super::{
    AccountQuery, Applied, Change, CommitmentQuery, Result, Sink, Store, StoreError, VisitQuery,
};
use crate::domain::dates::short;
use crate::domain::{
    kept_status, Account, Choice, Commitment, Date, Measurement, Metric, Moment, Person,
    Renegotiation, StageSpan, Stakeholder, Status, Visit,
};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How many changes the history keeps for undo.
const HISTORY_DEPTH: i64 = 1000;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

fn input<T>(msg: impl Into<String>) -> Result<T> {
    Err(StoreError::Input(msg.into()))
}

pub struct SqliteStore {
    conn: Connection,
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let conn = Connection::open(path)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        set_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore { conn };
        store.migrate(SQLITE, version)?;
        Ok(store)
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
        let mut rec = Recorder::default();
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
            Err(e) => last = Some(e),
        }
        std::thread::sleep(Duration::from_millis(20 + attempt * 5));
    }
    Err(last
        .map(StoreError::from)
        .unwrap_or_else(|| StoreError::Backend("busy".into())))
}

// ---- rows ↔ records ----------------------------------------------------

fn conv_err(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, msg.into())
}

fn date_at(r: &Row, idx: usize) -> rusqlite::Result<Date> {
    let s: String = r.get(idx)?;
    s.parse()
        .map_err(|e: jiff::Error| conv_err(idx, e.to_string()))
}

fn opt_date_at(r: &Row, idx: usize) -> rusqlite::Result<Option<Date>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| {
        s.parse()
            .map_err(|e: jiff::Error| conv_err(idx, e.to_string()))
    })
    .transpose()
}

fn uuid_at(r: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    let s: String = r.get(idx)?;
    Uuid::parse_str(&s).map_err(|e| conv_err(idx, e.to_string()))
}

fn choice_at<C: Choice>(r: &Row, idx: usize) -> rusqlite::Result<C> {
    let s: String = r.get(idx)?;
    C::parse(&s).map_err(|e| conv_err(idx, e))
}

fn list_at(r: &Row, idx: usize) -> rusqlite::Result<Vec<String>> {
    let s: String = r.get(idx)?;
    serde_json::from_str(&s).map_err(|e| conv_err(idx, e.to_string()))
}

fn list_text(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

fn opt_date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn new_id(id: Uuid) -> String {
    if id.is_nil() { Uuid::now_v7() } else { id }.to_string()
}

const ACCOUNT_COLS: &str = "a.num, a.id, a.name, a.handle, p.name, a.region, a.tags, a.stage, \
     a.stage_since, a.renewal, a.why, a.archived FROM accounts a LEFT JOIN people p ON p.num = a.owner";

fn account_row(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        name: r.get(2)?,
        handle: r.get(3)?,
        owner: r.get(4)?,
        region: r.get(5)?,
        tags: list_at(r, 6)?,
        stage: r.get(7)?,
        stage_since: date_at(r, 8)?,
        renewal: opt_date_at(r, 9)?,
        why: r.get(10)?,
        archived: r.get(11)?,
    })
}

const STAKEHOLDER_COLS: &str =
    "num, id, account, name, role, layer, contact, notes FROM stakeholders";

fn stakeholder_row(r: &Row) -> rusqlite::Result<Stakeholder> {
    Ok(Stakeholder {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        name: r.get(3)?,
        role: r.get(4)?,
        layer: choice_at(r, 5)?,
        contact: r.get(6)?,
        notes: r.get(7)?,
    })
}

const MOMENT_COLS: &str = "num, id, account, what, severity FROM moments";

fn moment_row(r: &Row) -> rusqlite::Result<Moment> {
    Ok(Moment {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        what: r.get(3)?,
        severity: choice_at(r, 4)?,
    })
}

const METRIC_COLS: &str = "num, id, account, name, words, kind, unit, direction, baseline, \
     baseline_on, proxy, target, target_on, kpi, moment FROM metrics";

fn metric_row(r: &Row) -> rusqlite::Result<Metric> {
    let baseline: Option<f64> = r.get(8)?;
    let baseline_on = opt_date_at(r, 9)?;
    Ok(Metric {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        name: r.get(3)?,
        words: r.get(4)?,
        kind: choice_at(r, 5)?,
        unit: r.get(6)?,
        direction: choice_at(r, 7)?,
        baseline: match (baseline, baseline_on) {
            (Some(value), Some(on)) => Some(crate::domain::Baseline { value, on }),
            _ => None,
        },
        proxy: r.get(10)?,
        target: r.get(11)?,
        target_on: opt_date_at(r, 12)?,
        kpi: r.get(13)?,
        moment: r.get(14)?,
    })
}

const MEASUREMENT_COLS: &str = "num, id, metric, on_date, value, source, note FROM measurements";

fn measurement_row(r: &Row) -> rusqlite::Result<Measurement> {
    Ok(Measurement {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        metric: r.get(2)?,
        on: date_at(r, 3)?,
        value: r.get(4)?,
        source: r.get(5)?,
        note: r.get(6)?,
    })
}

const VISIT_COLS: &str = "v.num, v.id, v.account, v.on_date, v.kind, v.intent, v.ours, v.theirs, \
     v.notes FROM visits v";

fn visit_row(r: &Row) -> rusqlite::Result<Visit> {
    Ok(Visit {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        on: date_at(r, 3)?,
        kind: choice_at(r, 4)?,
        intent: choice_at(r, 5)?,
        ours: list_at(r, 6)?,
        theirs: list_at(r, 7)?,
        notes: r.get(8)?,
    })
}

const COMMITMENT_FROM: &str = "FROM commitments c JOIN people p ON p.num = c.owner";
const COMMITMENT_COLS: &str = "c.num, c.id, c.account, c.what, c.to_whom, p.name, c.made_on, \
     c.due_on, c.visit, c.status, c.resolved_on, c.reason";

fn commitment_row(r: &Row) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        what: r.get(3)?,
        to_whom: r.get(4)?,
        owner: r.get(5)?,
        made_on: date_at(r, 6)?,
        due_on: date_at(r, 7)?,
        visit: r.get(8)?,
        status: choice_at(r, 9)?,
        resolved_on: opt_date_at(r, 10)?,
        reason: r.get(11)?,
        renegotiations: vec![],
    })
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

    fn accounts(&self, q: &AccountQuery) -> Result<Vec<Account>> {
        let mut f = Filter::default();
        if let Some(o) = &q.owner {
            f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
        }
        if !q.include_archived {
            f.add("a.archived = ?", Value::Integer(0));
        }
        let sql = format!(
            "SELECT {ACCOUNT_COLS}{} ORDER BY a.name COLLATE NOCASE",
            f.sql()
        );
        collect(&self.conn, &sql, &f.params, account_row)
    }

    fn account(&self, handle: &str) -> Result<Option<Account>> {
        let h = handle.trim_start_matches('@');
        let sql = format!("SELECT {ACCOUNT_COLS} WHERE a.handle = ?1");
        Ok(self.conn.query_row(&sql, [h], account_row).optional()?)
    }

    fn account_by_num(&self, num: i64) -> Result<Option<Account>> {
        account_by_num(&self.conn, num)
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
        let (sql, p) = by_account(METRIC_COLS, account, "account, num");
        collect(&self.conn, &sql, &p, metric_row)
    }

    fn metric(&self, num: i64) -> Result<Option<Metric>> {
        metric_by_num(&self.conn, num)
    }

    fn measurements(&self, metric: i64) -> Result<Vec<Measurement>> {
        collect(
            &self.conn,
            &format!("SELECT {MEASUREMENT_COLS} WHERE metric = ?1 ORDER BY on_date, num"),
            &[Value::Integer(metric)],
            measurement_row,
        )
    }

    fn visits(&self, q: &VisitQuery) -> Result<Vec<Visit>> {
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
        collect(&self.conn, &sql, &f.params, visit_row)
    }

    fn commitments(&self, q: &CommitmentQuery) -> Result<Vec<Commitment>> {
        let mut f = Filter::default();
        if let Some(a) = q.account {
            f.add("c.account = ?", Value::Integer(a));
        }
        if let Some(o) = &q.owner {
            f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
        }
        if let Some(s) = q.status {
            f.add("c.status = ?", Value::Text(s.word().into()));
        }
        let sql = format!("SELECT {COMMITMENT_COLS} {COMMITMENT_FROM}{}", f.sql());
        let mut list = collect(&self.conn, &sql, &f.params, commitment_row)?;
        let sql = format!(
            "SELECT commitment, new_due, reason, agreed_on FROM renegotiations WHERE commitment IN \
             (SELECT c.num {COMMITMENT_FROM}{}) ORDER BY num",
            f.sql()
        );
        let renegs = collect(&self.conn, &sql, &f.params, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Renegotiation {
                    new_due: date_at(r, 1)?,
                    reason: r.get(2)?,
                    agreed_on: date_at(r, 3)?,
                },
            ))
        })?;
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
        list.sort_by_key(|c| (c.due(), c.num));
        Ok(list)
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

    fn apply(&mut self, change: &Change) -> Result<Applied> {
        self.write(|tx, rec| apply_change(tx, rec, change))
    }

    fn undo(&mut self) -> Result<Option<String>> {
        step_history(&mut self.conn, true)
    }

    fn redo(&mut self) -> Result<Option<String>> {
        step_history(&mut self.conn, false)
    }

    fn bulk(
        &mut self,
        replace: bool,
        load: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
    ) -> Result<()> {
        // A bigger page cache while loading: index pages stay in memory.
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        let result = bulk_load(&mut self.conn, replace, load);
        self.conn.pragma_update(None, "cache_size", -2_000)?;
        result
    }
}

fn bulk_load(
    conn: &mut Connection,
    replace: bool,
    load: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
) -> Result<()> {
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if replace {
            let mut sql = String::from("DELETE FROM history;");
            for t in RECORD_TABLES.iter().rev() {
                sql.push_str(&format!("DELETE FROM {t};"));
            }
            sql.push_str("DELETE FROM sqlite_sequence;");
            tx.execute_batch(&sql)?;
        }
        {
            let mut sink = SqliteSink {
                tx: &tx,
                people: HashMap::new(),
            };
            load(&mut sink)?;
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

// ---- writes ------------------------------------------------------------

fn need_account(tx: &Connection, num: i64) -> Result<Account> {
    account_by_num(tx, num)?.map_or_else(|| input(format!("there is no account #{num}")), Ok)
}

fn need_open_commitment(tx: &Connection, num: i64) -> Result<Commitment> {
    let Some(c) = commitment_by_num(tx, num)? else {
        return input(format!(
            "there is no commitment #{num}; `saydo commit list` shows their numbers"
        ));
    };
    if c.status != Status::Open {
        let when = c
            .resolved_on
            .map(|d| format!(" on {}", short(d)))
            .unwrap_or_default();
        return input(format!(
            "commitment #{num} is already {}{when}; `saydo undo` takes back the last change",
            c.status
        ));
    }
    Ok(c)
}

fn check_handle_free(tx: &Connection, handle: &str, except: i64) -> Result<()> {
    let taken: Option<(i64, String)> = tx
        .query_row(
            "SELECT num, name FROM accounts WHERE handle = ?1",
            [handle],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match taken {
        Some((num, name)) if num != except => input(format!(
            "the handle @{handle} is taken by {name}; choose another"
        )),
        _ => Ok(()),
    }
}

fn validate_account(a: &Account) -> Result<()> {
    if a.name.trim().is_empty() {
        return input("an account needs a name");
    }
    if !crate::domain::text::valid_handle(&a.handle) {
        return input(format!(
            "`@{}`: not a handle; use letters, digits, - _ or . (up to 40), e.g. @mercy",
            a.handle
        ));
    }
    if let Some(t) = a
        .tags
        .iter()
        .find(|t| t.trim().is_empty() || t.contains(','))
    {
        return input(format!(
            "`{t}`: not a tag; tags are single words or phrases without commas"
        ));
    }
    Ok(())
}

/// The person's number, adding them to the people on our side if new.
fn person(tx: &Connection, rec: &mut Recorder, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return input("a person's name cannot be empty");
    }
    if let Some(num) = tx
        .query_row("SELECT num FROM people WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(num);
    }
    tx.execute(
        "INSERT INTO people (id, name) VALUES (?1, ?2)",
        params![Uuid::now_v7().to_string(), name],
    )?;
    let num = tx.last_insert_rowid();
    rec.inserted("people", num);
    Ok(num)
}

fn done(num: i64, id: &str, label: String) -> Result<Applied> {
    Ok(Applied {
        num,
        id: Uuid::parse_str(id).unwrap_or(Uuid::nil()),
        label,
    })
}

fn insert_account(tx: &Connection, a: &Account, owner: Option<i64>) -> Result<(i64, String)> {
    let id = new_id(a.id);
    tx.prepare_cached(
        "INSERT INTO accounts (id, name, handle, owner, region, tags, stage, stage_since, renewal, why, archived) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        a.name.trim(),
        a.handle,
        owner,
        a.region,
        list_text(&a.tags),
        a.stage,
        a.stage_since.to_string(),
        opt_date_text(a.renewal),
        a.why,
        a.archived
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_span(tx: &Connection, account: i64, s: &StageSpan) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO stage_spans (account, stage, entered, left_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        account,
        s.stage,
        s.entered.to_string(),
        opt_date_text(s.left)
    ])?;
    Ok(tx.last_insert_rowid())
}

fn insert_stakeholder(tx: &Connection, s: &Stakeholder) -> Result<(i64, String)> {
    let id = new_id(s.id);
    tx.prepare_cached(
        "INSERT INTO stakeholders (id, account, name, role, layer, contact, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        s.account,
        s.name.trim(),
        s.role,
        s.layer.word(),
        s.contact,
        s.notes
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_moment(tx: &Connection, m: &Moment) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached("INSERT INTO moments (id, account, what, severity) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, m.account, m.what.trim(), m.severity.word()])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_metric(tx: &Connection, m: &Metric) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached(
        "INSERT INTO metrics (id, account, name, words, kind, unit, direction, baseline, baseline_on, \
         proxy, target, target_on, kpi, moment) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        m.account,
        m.name.trim(),
        m.words,
        m.kind.word(),
        m.unit,
        m.direction.word(),
        m.baseline.as_ref().map(|b| b.value),
        m.baseline.as_ref().map(|b| b.on.to_string()),
        m.proxy,
        m.target,
        opt_date_text(m.target_on),
        m.kpi,
        m.moment
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_measurement(tx: &Connection, m: &Measurement) -> Result<(i64, String)> {
    let id = new_id(m.id);
    tx.prepare_cached(
        "INSERT INTO measurements (id, metric, on_date, value, source, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, m.metric, m.on.to_string(), m.value, m.source, m.note])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_visit(tx: &Connection, v: &Visit) -> Result<(i64, String)> {
    let id = new_id(v.id);
    tx.prepare_cached(
        "INSERT INTO visits (id, account, on_date, kind, intent, ours, theirs, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        v.account,
        v.on.to_string(),
        v.kind.word(),
        v.intent.word(),
        list_text(&v.ours),
        list_text(&v.theirs),
        v.notes
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_commitment(tx: &Connection, c: &Commitment, owner: i64) -> Result<(i64, String)> {
    let id = new_id(c.id);
    tx.prepare_cached(
        "INSERT INTO commitments (id, account, what, to_whom, owner, made_on, due_on, visit, status, \
         resolved_on, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        c.account,
        c.what.trim(),
        c.to_whom,
        owner,
        c.made_on.to_string(),
        c.due_on.to_string(),
        c.visit,
        c.status.word(),
        opt_date_text(c.resolved_on),
        c.reason
    ])?;
    Ok((tx.last_insert_rowid(), id))
}

fn insert_renegotiation(tx: &Connection, commitment: i64, r: &Renegotiation) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO renegotiations (commitment, new_due, reason, agreed_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![commitment, r.new_due.to_string(), r.reason, r.agreed_on.to_string()])?;
    Ok(tx.last_insert_rowid())
}

fn apply_change(tx: &Connection, rec: &mut Recorder, change: &Change) -> Result<Applied> {
    match change {
        Change::AddAccount(a) => {
            validate_account(a)?;
            check_handle_free(tx, &a.handle, 0)?;
            let owner = a.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            let (num, id) = insert_account(tx, a, owner)?;
            rec.inserted("accounts", num);
            let span = StageSpan {
                stage: a.stage.clone(),
                entered: a.stage_since,
                left: None,
            };
            let span_num = insert_span(tx, num, &span)?;
            rec.inserted("stage_spans", span_num);
            done(
                num,
                &id,
                format!("add account @{} ({})", a.handle, a.name.trim()),
            )
        }
        Change::EditAccount(a) => {
            validate_account(a)?;
            let old = need_account(tx, a.num)?;
            check_handle_free(tx, &a.handle, a.num)?;
            let owner = a.owner.as_deref().map(|o| person(tx, rec, o)).transpose()?;
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET name = ?2, handle = ?3, owner = ?4, region = ?5, tags = ?6, \
                 renewal = ?7, why = ?8 WHERE num = ?1",
                params![
                    a.num,
                    a.name.trim(),
                    a.handle,
                    owner,
                    a.region,
                    list_text(&a.tags),
                    opt_date_text(a.renewal),
                    a.why
                ],
            )?;
            done(
                a.num,
                &old.id.to_string(),
                format!("edit account @{}", a.handle),
            )
        }
        Change::Archive { account, archived } => {
            let a = need_account(tx, *account)?;
            if a.archived == *archived {
                let state = if *archived {
                    "archived"
                } else {
                    "not archived"
                };
                return input(format!("@{} is already {state}", a.handle));
            }
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET archived = ?2 WHERE num = ?1",
                params![a.num, archived],
            )?;
            let verb = if *archived { "archive" } else { "restore" };
            done(a.num, &a.id.to_string(), format!("{verb} @{}", a.handle))
        }
        Change::SetStage { account, stage, on } => {
            let a = need_account(tx, *account)?;
            if a.stage == *stage {
                return input(format!("@{} is already in {stage}", a.handle));
            }
            if *on < a.stage_since {
                return input(format!(
                    "@{} entered {} on {}; a move must be on or after that",
                    a.handle,
                    a.stage,
                    short(a.stage_since)
                ));
            }
            let open: Option<i64> = tx
                .query_row(
                    "SELECT num FROM stage_spans WHERE account = ?1 AND left_on IS NULL",
                    [a.num],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(span) = open {
                rec.touch(tx, "stage_spans", span)?;
                tx.execute(
                    "UPDATE stage_spans SET left_on = ?2 WHERE num = ?1",
                    params![span, on.to_string()],
                )?;
            }
            let span = StageSpan {
                stage: stage.clone(),
                entered: *on,
                left: None,
            };
            let span_num = insert_span(tx, a.num, &span)?;
            rec.inserted("stage_spans", span_num);
            rec.touch(tx, "accounts", a.num)?;
            tx.execute(
                "UPDATE accounts SET stage = ?2, stage_since = ?3 WHERE num = ?1",
                params![a.num, stage, on.to_string()],
            )?;
            done(
                a.num,
                &a.id.to_string(),
                format!("move @{} to {stage} on {}", a.handle, short(*on)),
            )
        }
        Change::AddStakeholder(s) => {
            let a = need_account(tx, s.account)?;
            if s.name.trim().is_empty() {
                return input("a stakeholder needs a name");
            }
            let (num, id) = insert_stakeholder(tx, s)?;
            rec.inserted("stakeholders", num);
            done(
                num,
                &id,
                format!("add stakeholder {} at @{}", s.name.trim(), a.handle),
            )
        }
        Change::AddMoment(m) => {
            let a = need_account(tx, m.account)?;
            if m.what.trim().is_empty() {
                return input("a moment of truth needs a description");
            }
            let (num, id) = insert_moment(tx, m)?;
            rec.inserted("moments", num);
            done(
                num,
                &id,
                format!("add moment of truth #{num} at @{}", a.handle),
            )
        }
        Change::AddMetric(m) => {
            let a = need_account(tx, m.account)?;
            if m.name.trim().is_empty() {
                return input("a success metric needs a name");
            }
            for (what, v) in [
                ("baseline", m.baseline.as_ref().map(|b| b.value)),
                ("target", m.target),
            ] {
                if v.is_some_and(|v| !v.is_finite()) {
                    return input(format!("the {what} must be a number"));
                }
            }
            if let Some(mt) = m.moment {
                let owner: Option<i64> = tx
                    .query_row("SELECT account FROM moments WHERE num = ?1", [mt], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if owner != Some(m.account) {
                    return input(format!("@{} has no moment of truth #{mt}", a.handle));
                }
            }
            let (num, id) = insert_metric(tx, m)?;
            rec.inserted("metrics", num);
            done(
                num,
                &id,
                format!("add metric #{num} {} at @{}", m.name.trim(), a.handle),
            )
        }
        Change::AddMeasurement(m) => {
            let Some(metric) = metric_by_num(tx, m.metric)? else {
                return input(format!("there is no metric #{}", m.metric));
            };
            if !m.value.is_finite() {
                return input("a measurement must be a number");
            }
            let (num, id) = insert_measurement(tx, m)?;
            rec.inserted("measurements", num);
            done(
                num,
                &id,
                format!(
                    "measure {} = {}{} on {}",
                    metric.name,
                    m.value,
                    unit_suffix(&metric.unit),
                    short(m.on)
                ),
            )
        }
        Change::AddVisit(v) => {
            let a = need_account(tx, v.account)?;
            let (num, id) = insert_visit(tx, v)?;
            rec.inserted("visits", num);
            done(
                num,
                &id,
                format!(
                    "log {} {} visit #{num} at @{} on {}",
                    v.intent,
                    v.kind,
                    a.handle,
                    short(v.on)
                ),
            )
        }
        Change::AddCommitment(c) => {
            let a = need_account(tx, c.account)?;
            if c.what.trim().is_empty() {
                return input("a commitment needs to say what was promised");
            }
            if let Some(v) = c.visit {
                let acc: Option<i64> = tx
                    .query_row("SELECT account FROM visits WHERE num = ?1", [v], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if acc != Some(c.account) {
                    return input(format!("@{} has no visit #{v}", a.handle));
                }
            }
            let owner = person(tx, rec, &c.owner)?;
            let (num, id) = insert_commitment(tx, c, owner)?;
            rec.inserted("commitments", num);
            for r in &c.renegotiations {
                let rn = insert_renegotiation(tx, num, r)?;
                rec.inserted("renegotiations", rn);
            }
            done(
                num,
                &id,
                format!(
                    "add commitment #{num} at @{} · due {}",
                    a.handle,
                    short(c.due())
                ),
            )
        }
        Change::Keep { commitment, on } => {
            let c = need_open_commitment(tx, *commitment)?;
            let status = kept_status(c.due(), *on);
            set_outcome(tx, rec, &c, status, *on, &c.reason)?;
            let how = if status == Status::Kept {
                "on time"
            } else {
                "late"
            };
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} kept {how} on {}", c.num, short(*on)),
            )
        }
        Change::Break {
            commitment,
            on,
            reason,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            set_outcome(tx, rec, &c, Status::Broken, *on, reason)?;
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} broken on {}", c.num, short(*on)),
            )
        }
        Change::Drop {
            commitment,
            on,
            reason,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            set_outcome(tx, rec, &c, Status::Dropped, *on, reason)?;
            done(
                c.num,
                &c.id.to_string(),
                format!("commitment #{} dropped", c.num),
            )
        }
        Change::Renegotiate {
            commitment,
            new_due,
            reason,
            agreed_on,
        } => {
            let c = need_open_commitment(tx, *commitment)?;
            if *new_due == c.due() {
                return input(format!(
                    "commitment #{} is already due {}",
                    c.num,
                    short(*new_due)
                ));
            }
            let r = Renegotiation {
                new_due: *new_due,
                reason: reason.clone(),
                agreed_on: *agreed_on,
            };
            let rn = insert_renegotiation(tx, c.num, &r)?;
            rec.inserted("renegotiations", rn);
            done(
                c.num,
                &c.id.to_string(),
                format!(
                    "commitment #{} renegotiated · due {}",
                    c.num,
                    short(*new_due)
                ),
            )
        }
    }
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

fn set_outcome(
    tx: &Connection,
    rec: &mut Recorder,
    c: &Commitment,
    status: Status,
    on: Date,
    reason: &str,
) -> Result<()> {
    rec.touch(tx, "commitments", c.num)?;
    tx.execute(
        "UPDATE commitments SET status = ?2, resolved_on = ?3, reason = ?4 WHERE num = ?1",
        params![c.num, status.word(), on.to_string(), reason],
    )?;
    Ok(())
}

// ---- history -----------------------------------------------------------

/// The rows one action touched, with their images before it.
#[derive(Default)]
struct Recorder {
    rows: Vec<(&'static str, i64, Option<String>)>,
}

impl Recorder {
    fn inserted(&mut self, table: &'static str, num: i64) {
        self.rows.push((table, num, None));
    }

    fn touch(&mut self, tx: &Connection, table: &'static str, num: i64) -> Result<()> {
        if self.rows.iter().any(|(t, n, _)| *t == table && *n == num) {
            return Ok(());
        }
        let before = snapshot(tx, table, num)?;
        self.rows.push((table, num, before));
        Ok(())
    }

    fn finish(self, tx: &Connection, label: &str) -> Result<()> {
        // A new change ends what could be redone.
        tx.execute("DELETE FROM history WHERE undone = 1", [])?;
        tx.execute("INSERT INTO history (label) VALUES (?1)", [label])?;
        let seq = tx.last_insert_rowid();
        for (ord, (table, num, before)) in self.rows.iter().enumerate() {
            let after = snapshot(tx, table, *num)?;
            tx.prepare_cached(
                "INSERT INTO history_rows (seq, ord, tbl, num, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![seq, ord as i64, table, num, before, after])?;
        }
        tx.execute("DELETE FROM history WHERE seq <= ?1", [seq - HISTORY_DEPTH])?;
        Ok(())
    }
}

fn check_table(table: &str) -> Result<&str> {
    RECORD_TABLES
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| StoreError::Backend(format!("history names an unknown table {table}")))
}

/// A row as a JSON object of column → value, or `None` if there is none.
fn snapshot(tx: &Connection, table: &str, num: i64) -> Result<Option<String>> {
    let table = check_table(table)?;
    let mut stmt = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE num = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([num])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut map = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let v = match row.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(n) => n.into(),
            ValueRef::Real(f) => f.into(),
            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
            ValueRef::Blob(_) => {
                return Err(StoreError::Backend(format!("{table}.{name} holds a blob")))
            }
        };
        map.insert(name.clone(), v);
    }
    Ok(Some(serde_json::Value::Object(map).to_string()))
}

/// Puts a row back as it was in `image` (or removes it when `None`).
fn restore(tx: &Connection, table: &str, num: i64, image: Option<&str>) -> Result<()> {
    let table = check_table(table)?;
    let Some(image) = image else {
        tx.execute(&format!("DELETE FROM {table} WHERE num = ?1"), [num])?;
        return Ok(());
    };
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(image)
        .map_err(|e| StoreError::Backend(format!("a history entry is damaged: {e}")))?;
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for (k, v) in &map {
        if !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Backend(format!(
                "history names an odd column {k}"
            )));
        }
        cols.push(k.clone());
        vals.push(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Real(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        });
    }
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE num = ?1)"),
        [num],
        |r| r.get(0),
    )?;
    let sql = if exists {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        vals.push(Value::Integer(num));
        format!(
            "UPDATE {table} SET {} WHERE num = ?{}",
            sets.join(", "),
            vals.len()
        )
    } else {
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    };
    tx.execute(&sql, rusqlite::params_from_iter(vals.iter()))?;
    Ok(())
}

fn step_history(conn: &mut Connection, undo: bool) -> Result<Option<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let pick = if undo {
        "SELECT seq, label FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
    } else {
        "SELECT seq, label FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
    };
    let Some((seq, label)) = tx
        .query_row(pick, [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let rows = collect(
        &tx,
        "SELECT tbl, num, before, after FROM history_rows WHERE seq = ?1 ORDER BY ord",
        &[Value::Integer(seq)],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        },
    )?;
    if undo {
        for (table, num, before, _) in rows.iter().rev() {
            restore(&tx, table, *num, before.as_deref())?;
        }
    } else {
        for (table, num, _, after) in &rows {
            restore(&tx, table, *num, after.as_deref())?;
        }
    }
    tx.execute(
        "UPDATE history SET undone = ?2 WHERE seq = ?1",
        params![seq, undo],
    )?;
    tx.commit()?;
    Ok(Some(label))
}

// ---- bulk --------------------------------------------------------------

struct SqliteSink<'t> {
    tx: &'t Transaction<'t>,
    people: HashMap<String, i64>,
}

impl SqliteSink<'_> {
    fn person_named(&mut self, name: &str) -> Result<i64> {
        if let Some(n) = self.people.get(name) {
            return Ok(*n);
        }
        let mut rec = Recorder::default();
        let n = person(self.tx, &mut rec, name)?;
        self.people.insert(name.to_string(), n);
        Ok(n)
    }
}

impl Sink for SqliteSink<'_> {
    fn person(&mut self, p: &Person) -> Result<i64> {
        self.tx
            .prepare_cached("INSERT INTO people (id, name) VALUES (?1, ?2)")?
            .execute(params![new_id(p.id), p.name.trim()])?;
        let num = self.tx.last_insert_rowid();
        self.people.insert(p.name.trim().to_string(), num);
        Ok(num)
    }

    fn account(&mut self, a: &Account) -> Result<i64> {
        let owner = a
            .owner
            .as_deref()
            .map(|o| self.person_named(o))
            .transpose()?;
        Ok(insert_account(self.tx, a, owner)?.0)
    }

    fn stage_span(&mut self, account: i64, span: &StageSpan) -> Result<()> {
        insert_span(self.tx, account, span).map(|_| ())
    }

    fn stakeholder(&mut self, s: &Stakeholder) -> Result<i64> {
        Ok(insert_stakeholder(self.tx, s)?.0)
    }

    fn moment(&mut self, m: &Moment) -> Result<i64> {
        Ok(insert_moment(self.tx, m)?.0)
    }

    fn metric(&mut self, m: &Metric) -> Result<i64> {
        Ok(insert_metric(self.tx, m)?.0)
    }

    fn measurement(&mut self, m: &Measurement) -> Result<i64> {
        Ok(insert_measurement(self.tx, m)?.0)
    }

    fn visit(&mut self, v: &Visit) -> Result<i64> {
        Ok(insert_visit(self.tx, v)?.0)
    }

    fn commitment(&mut self, c: &Commitment) -> Result<i64> {
        let owner = self.person_named(&c.owner)?;

        let (num, _) = insert_commitment(self.tx, c, owner)?;
        for r in &c.renegotiations {
            insert_renegotiation(self.tx, num, r)?;
        }
        Ok(num)
    }
}
