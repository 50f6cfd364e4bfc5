//! Several saydo processes on one file: nothing lost, no lock errors; and
//! processes killed mid-write (kill -9) lose nothing they acknowledged.

mod common;

use common::*;
use saydo::store::{CommitmentQuery, Store};
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn two_writers_500_times_each_lose_nothing() {
    let db = temp_db();
    ok(
        &db,
        &["account", "add", "Mercy General", "--handle", "mercy"],
    );
    // People are added on purpose: by: never makes one up.
    ok(&db, &["person", "add", "Ravi Menon"]);
    let writers: Vec<_> = ["Dana Cole", "Ravi Menon"]
        .into_iter()
        .map(|who| {
            let path = db.path.clone();
            let config = db.dir.path().join("config.toml");
            std::thread::spawn(move || {
                let mut saved = Vec::new();
                for i in 0..500 {
                    let line = format!("commit @mercy promise {i} from {who} due:fri by:\"{who}\"");
                    let o = Command::new(env!("CARGO_BIN_EXE_saydo"))
                        .args(["add", &line])
                        .env("SAYDO_DB", &path)
                        .env("SAYDO_CONFIG", &config)
                        .env("SAYDO_TODAY", "2026-11-24")
                        .output()
                        .unwrap();
                    let err = String::from_utf8_lossy(&o.stderr).into_owned();
                    assert!(o.status.success() && err.is_empty(), "{who} #{i}: {err}");
                    saved.push(String::from_utf8_lossy(&o.stdout).into_owned());
                }
                saved
            })
        })
        .collect();
    let mut acknowledged = 0;
    for w in writers {
        for out in w.join().unwrap() {
            assert!(out.starts_with("saved #"), "{out}");
            acknowledged += 1;
        }
    }
    let s = sqlite(&db);
    let all = s.commitments(&CommitmentQuery::default()).unwrap();
    assert_eq!(acknowledged, 1000);
    assert_eq!(all.len(), 1000);
    let nums: BTreeSet<i64> = all.iter().map(|c| c.num).collect();
    assert_eq!(nums.len(), 1000, "every number given once");
    for who in ["Dana Cole", "Ravi Menon"] {
        assert_eq!(all.iter().filter(|c| c.owner == who).count(), 500, "{who}");
    }
}

#[test]
fn a_killed_writer_loses_nothing_it_acknowledged() {
    let db = temp_db();
    ok(
        &db,
        &["account", "add", "Mercy General", "--handle", "mercy"],
    );
    let mut acknowledged = Vec::new();
    for i in 0..120u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_saydo"))
            .args(["add", &format!("commit @mercy promise {i} due:fri")])
            .env("SAYDO_DB", &db.path)
            .env("SAYDO_CONFIG", db.dir.path().join("config.toml"))
            .env("SAYDO_TODAY", "2026-11-24")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Kill at different moments of its life: before opening the file,
        // during the transaction, after the commit.
        std::thread::sleep(Duration::from_micros((i % 12) * 500));
        let _ = child.kill(); // SIGKILL
        let o = child.wait_with_output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        if let Some(rest) = out.strip_prefix("saved #") {
            acknowledged.push(rest.split(':').next().unwrap().parse::<i64>().unwrap());
        }
    }
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let s = sqlite(&db);
    let stored: BTreeSet<i64> = s
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .iter()
        .map(|c| c.num)
        .collect();
    for n in &acknowledged {
        assert!(stored.contains(n), "acknowledged #{n} was lost");
    }
    // And the file still takes writes.
    ok(&db, &["add", "commit @mercy after the storm due:fri"]);
}
