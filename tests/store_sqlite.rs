//! The store suite on a real SQLite file, plus what is SQLite's own:
//! migrations on empty and existing files.

mod common;
mod store_suite;

use common::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, Store};

fn fresh() -> (TempDb, Box<dyn Store>) {
    let db = temp_db();
    let s = sqlite(&db);
    (db, Box::new(s))
}

store_suite::suite!(fresh);

const LATEST: i64 = 20;

#[test]
fn latest_is_the_last_migration() {
    assert_eq!(
        saydo::store::migrations::SQLITE.last().unwrap().version,
        LATEST
    );
}

#[test]
fn migrations_run_on_an_empty_file() {
    let db = temp_db();
    let s = sqlite(&db);
    assert_eq!(s.schema_version().unwrap(), LATEST);
    assert!(s.is_empty().unwrap());
}

/// An account as the first schema held it (today's writes name columns
/// an old schema lacks); its number.
fn old_account(path: &std::path::Path, name: &str, handle: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "INSERT OR IGNORE INTO people (id, name) VALUES (?1, 'Dana Cole')",
        [saydo::domain::person_id("Dana Cole").to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO accounts (id, name, handle, owner, stage, stage_since) \
         VALUES (?1, ?2, ?3, (SELECT num FROM people WHERE name = 'Dana Cole'), 'Implementation', '2026-06-01')",
        rusqlite::params![uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, handle.as_bytes()).to_string(), name, handle],
    )
    .unwrap();
    conn.last_insert_rowid()
}

#[test]
fn migrations_upgrade_an_existing_file_and_keep_its_data() {
    let db = no_db();
    {
        // A file made by a saydo that knew only the first migration.
        let old = SqliteStore::open_at_version(&db.path, 1).unwrap();
        assert_eq!(old.schema_version().unwrap(), 1);
        drop(old);
        old_account(&db.path, "Mercy General", "mercy");
    }
    let mut s = sqlite(&db);
    assert_eq!(s.schema_version().unwrap(), LATEST);
    let a = s.account("mercy").unwrap().expect("the account survived");
    assert_eq!(a.name, "Mercy General");
    // The new history table works on the upgraded file.
    add(
        &mut s,
        Change::Archive {
            account: a.num,
            archived: true,
        },
    );
    assert_eq!(s.undo().unwrap().as_deref(), Some("archive @mercy"));
    // Opening again changes nothing.
    drop(s);
    let before = dump(&db.path);
    let s = sqlite(&db);
    assert_eq!(s.schema_version().unwrap(), LATEST);
    assert_same_dump(&dump(&db.path), &before, "reopened");
}

#[test]
fn writes_are_durable_settings() {
    let db = temp_db();
    let _s = sqlite(&db);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn the_change_log_names_the_accounts_each_change_touched() {
    let db = temp_db();
    common::tui::fixture(&db);
    let mut s = sqlite(&db);
    let mark = s.change_mark().unwrap();
    assert_eq!(
        s.changed_since(mark).unwrap(),
        saydo::store::Changed {
            upto: mark,
            accounts: Some(vec![])
        }
    );
    let mercy = s.account("mercy").unwrap().unwrap().num;
    let luke = s.account("stlukes").unwrap().unwrap().num;
    let c = add(
        &mut s,
        Change::AddCommitment(commitment(
            luke,
            "Call back",
            jiff::civil::date(2026, 11, 1),
            jiff::civil::date(2026, 11, 30),
        )),
    );
    // A renegotiation is its commitment's account's; a measurement its
    // metric's.
    s.apply(
        &Change::Renegotiate {
            commitment: c,
            new_due: jiff::civil::date(2026, 12, 15),
            reason: "holidays".into(),
            agreed_on: jiff::civil::date(2026, 11, 20),
        },
        TODAY,
    )
    .unwrap();
    let metric = s.metrics(Some(mercy)).unwrap()[0].num;
    add(
        &mut s,
        Change::AddMeasurement(saydo::domain::Measurement {
            id: uuid::Uuid::nil(),
            num: 0,
            metric,
            on: jiff::civil::date(2026, 11, 20),
            value: 50.0,
            source: String::new(),
            note: String::new(),
        }),
    );
    // A new account, with a new owner, is only itself.
    let nordic = add(
        &mut s,
        Change::AddAccount(account("Nordic Health", "nordic", "Ingrid Dahl")),
    );
    let changed = s.changed_since(mark).unwrap();
    assert_eq!(changed.accounts, Some(vec![mercy, luke, nordic]));
    // Undo is a change too, of the same account.
    let after = changed.upto;
    s.undo().unwrap();
    assert_eq!(s.changed_since(after).unwrap().accounts, Some(vec![nordic]));
    // A bulk load may touch anything.
    let after = s.change_mark().unwrap();
    s.bulk(false, &mut |sink| {
        sink.account(&account("Fjord Clinic", "fjord", "Dana Cole"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.changed_since(after).unwrap().accounts, None);
    // So may anything a reader fell too far behind to see.
    assert_eq!(s.changed_since(-20_000).unwrap().accounts, None);
}

#[test]
fn a_book_made_before_digests_gets_them_when_opened() {
    let db = no_db();
    {
        // Accounts with commitments and visits (a book at schema 8 has
        // the metrics of its time, which today's writer cannot write).
        let old = SqliteStore::open_at_version(&db.path, 8).unwrap();
        drop(old);
        let nums: Vec<i64> = [("Mercy General", "mercy"), ("St Luke's", "stlukes")]
            .iter()
            .map(|(name, handle)| old_account(&db.path, name, handle))
            .collect();
        let mut old = SqliteStore::open_at_version(&db.path, 8).unwrap();
        old.bulk(false, &mut |sink| {
            for &a in &nums {
                let mut c = commitment(
                    a,
                    "Send the dosing report",
                    jiff::civil::date(2026, 10, 1),
                    jiff::civil::date(2026, 11, 2),
                );
                sink.commitment(&c)?;
                c.what = "Bring the templates".into();
                c.due_on = jiff::civil::date(2026, 12, 2);
                sink.commitment(&c)?;
            }
            Ok(())
        })
        .unwrap();
        drop(old);
        // A visit as a saydo of that schema wrote it (this one's writes
        // name columns the old schema lacks).
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        for a in [1, 2] {
            conn.execute(
                "INSERT INTO visits (id, account, on_date, kind, intent, ours, theirs, notes) \
                 VALUES (?1, ?2, '2026-11-03', 'on-site', 'proactive', '[\"Dana Cole\"]', '[]', '')",
                rusqlite::params![uuid::Uuid::from_u128(0x5eed_0000 + a as u128).to_string(), a],
            )
            .unwrap();
        }
    }
    drop(sqlite(&db));
    assert_digests_kept(&db.path);
}

#[test]
fn digests_of_another_encoding_are_worked_out_again_when_the_book_opens() {
    let db = temp_db();
    {
        let mut s = sqlite(&db);
        s.bulk(false, &mut |sink| {
            saydo::demo::generate(sink, 4, TODAY, &saydo::domain::default_stages())?;
            Ok(())
        })
        .unwrap();
    }
    // As an older saydo would have left them: another version byte.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute(
        "UPDATE digests SET body = CAST(X'00' || substr(body, 2) AS BLOB)",
        [],
    )
    .unwrap();
    drop(conn);
    drop(sqlite(&db));
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let stale: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM digests WHERE substr(body, 1, 1) = X'00'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "renewed on opening");
    drop(conn);
    assert_digests_kept(&db.path);
}
