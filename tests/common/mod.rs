//! Helpers shared by the integration tests: records to start from, a real
//! database file in a temporary folder, and the binary on a real file.
#![allow(dead_code)]

use jiff::civil::{date, Date};
use saydo::domain::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use uuid::Uuid;

/// Tuesday 24 November 2026.
pub const TODAY: Date = date(2026, 11, 24);

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A new, empty book in a temporary folder (the file made, as `saydo
/// --create` would: saydo opens no book a path does not name).
pub fn temp_db() -> TempDb {
    let db = no_db();
    drop(SqliteStore::open(&db.path).expect("make the book"));
    db
}

/// A temporary folder where the book's path names no file yet.
pub fn no_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saydo.db");
    TempDb { dir, path }
}

pub fn sqlite(db: &TempDb) -> SqliteStore {
    SqliteStore::open(&db.path).expect("open store")
}

pub fn account(name: &str, handle: &str, owner: &str) -> Account {
    Account {
        handle: handle.into(),
        owner: Some(owner.into()),
        region: "DACH".into(),
        tags: vec!["oncology".into()],
        renewal: Some(date(2027, 6, 30)),
        why: "Treated the day they are diagnosed".into(),
        ..Account::new(name, "Implementation", date(2026, 6, 1))
    }
}

pub fn commitment(account: i64, what: &str, made: Date, due: Date) -> Commitment {
    Commitment {
        id: Uuid::nil(),
        num: 0,
        account,
        what: what.into(),
        to_whom: "Dr Lee".into(),
        owner: "Dana Cole".into(),
        made_on: made,
        due_on: due,
        visit: None,
        status: Status::Open,
        resolved_on: None,
        reason: String::new(),
        renegotiations: vec![],
    }
}

pub fn visit(account: i64, on: Date, intent: Intent) -> Visit {
    Visit {
        id: Uuid::nil(),
        num: 0,
        account,
        on,
        kind: VisitKind::OnSite,
        intent,
        ours: vec!["Dana Cole".into()],
        theirs: vec!["Dr Lee".into()],
        notes: "walked the department".into(),
        feedback: None,
    }
}

pub fn add(store: &mut dyn Store, change: Change) -> i64 {
    store.apply(&change, TODAY).expect("apply").num
}

/// Every row of every table, in order: equal dumps mean an unchanged database.
pub fn dump(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open for dump");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // The change log tells other processes which accounts to read again:
    // it grows with every write, undo and redo, like a clock.
    tables.retain(|t| t != "sqlite_sequence" && t != "changes");
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{t}: {}\n", row.unwrap().join(" | ")));
        }
    }
    out
}

/// The saydo binary on `db`, with today fixed and no user config.
pub fn saydo(db: &TempDb, args: &[&str]) -> Output {
    saydo_on(db, TODAY, args)
}

pub fn saydo_on(db: &TempDb, today: Date, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saydo"))
        .args(args)
        .env("SAYDO_DB", &db.path)
        .env("SAYDO_CONFIG", db.dir.path().join("config.toml"))
        .env("SAYDO_TODAY", today.to_string())
        .env("USER", "Dana Cole")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run saydo")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs saydo and insists on success; returns stdout.
pub fn ok(db: &TempDb, args: &[&str]) -> String {
    let o = saydo(db, args);
    assert!(
        o.status.success(),
        "saydo {args:?} failed: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Asserts two dumps are equal, showing only the first line that differs.
pub fn assert_same_dump(a: &str, b: &str, what: &str) {
    if a == b {
        return;
    }
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    panic!(
        "{what}: databases differ at row {i} ({} vs {} rows):\n  {}\n  {}",
        la.len(),
        lb.len(),
        la.get(i).unwrap_or(&"(end)"),
        lb.get(i).unwrap_or(&"(end)")
    );
}

pub mod pg;
pub mod tui;

/// A book's content as its export, each record's block in a set order
/// (local numbers, and so the export's order, differ between replicas).
pub fn book_content(s: &SqliteStore) -> String {
    let mut out = Vec::new();
    saydo::exchange::write_toml(s, &Default::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut blocks: Vec<&str> = text.split("\n\n").collect();
    blocks.sort();
    blocks.join("\n\n")
}

/// Every account of the book at `path` has its digest stored, and it is
/// the one its records give (checked before opening the book, which would
/// fill in missing ones). Gives each account with its stored digest and
/// its records.
pub fn assert_digests_kept(
    path: &Path,
) -> Vec<(
    Account,
    saydo::domain::digest::Digest,
    saydo::store::AccountRecords,
)> {
    use saydo::store::AccountQuery;
    let conn = rusqlite::Connection::open(path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM digests"),
        count("SELECT COUNT(*) FROM accounts"),
        "every account has its digest stored"
    );
    drop(conn);
    let s = SqliteStore::open(path).unwrap();
    let every = AccountQuery {
        include_archived: true,
        ..Default::default()
    };
    let mut kept = Vec::new();
    s.each_digest(&every, &mut |a, d| {
        kept.push((a, d));
        Ok(())
    })
    .unwrap();
    let mut records = Vec::new();
    s.each_account(&every, &mut |r| {
        records.push(r);
        Ok(())
    })
    .unwrap();
    assert_eq!(kept.len(), records.len());
    kept.into_iter()
        .zip(records)
        .map(|((a, d), rec)| {
            assert_eq!(a.num, rec.account.num);
            assert_eq!(d, rec.digest(), "@{}: the stored digest", a.handle);
            (a, d, rec)
        })
        .collect()
}
