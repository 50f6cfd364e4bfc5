//! Several saydo processes on one file: nothing lost, no lock errors; and
//! processes killed mid-write or mid-import (kill -9) lose nothing they
//! acknowledged and leave a sound file.
//!
//! CI runs them small; long: `SAYDO_WRITES=500 SAYDO_KILL_ROUNDS=1500
//! cargo test --release --test concurrency -- --nocapture`.

mod common;

use common::*;
use saydo::store::{CommitmentQuery, Store};
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn two_four_and_eight_writers_lose_nothing() {
    for writers in [2, 4, 8] {
        writers_lose_nothing(writers, count("SAYDO_WRITES", 60) / (writers / 2));
    }
}

fn writers_lose_nothing(n: usize, each: usize) {
    let db = temp_db();
    ok(
        &db,
        &["account", "add", "Mercy General", "--handle", "mercy"],
    );
    // People are added on purpose: by: never makes one up.
    let names: Vec<String> = (0..n).map(|i| format!("Writer {i}")).collect();
    for who in &names {
        ok(&db, &["person", "add", who]);
    }
    let writers: Vec<_> = names
        .clone()
        .into_iter()
        .map(|who| {
            let path = db.path.clone();
            let config = db.dir.path().join("config.toml");
            std::thread::spawn(move || {
                let mut saved = Vec::new();
                for i in 0..each {
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
    assert_eq!(acknowledged, n * each);
    assert_eq!(all.len(), n * each);
    let nums: BTreeSet<i64> = all.iter().map(|c| c.num).collect();
    assert_eq!(nums.len(), n * each, "every number given once");
    for who in &names {
        assert_eq!(
            all.iter().filter(|c| &c.owner == who).count(),
            each,
            "{who}"
        );
    }
    // Each writer's transaction brought the digest up to date with it.
    drop(s);
    assert_digests_kept(&db.path);
    eprintln!("{n} writers × {each}: {} saved, none lost", n * each);
}

#[test]
fn a_killed_writer_loses_nothing_it_acknowledged() {
    let db = temp_db();
    ok(
        &db,
        &["account", "add", "Mercy General", "--handle", "mercy"],
    );
    let mut acknowledged = Vec::new();
    let rounds = count("SAYDO_KILL_ROUNDS", 120) as u64;
    for i in 0..rounds {
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
        std::thread::sleep(Duration::from_micros((i % 24) * 500));
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
    // The figures' digests were written in the killed transactions too:
    // whatever survived, they agree with it.
    drop(s);
    assert_digests_kept(&db.path);
    // And the file still takes writes.
    ok(&db, &["add", "commit @mercy after the storm due:fri"]);
    eprintln!(
        "{rounds} kills: {} acknowledged, all kept, integrity ok",
        acknowledged.len()
    );
}

#[test]
fn an_import_killed_midway_is_all_there_or_not_at_all() {
    let src = temp_db();
    ok(&src, &["demo", "--accounts", "30"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.toml");
    ok(&src, &["export", "--out", &file.display().to_string()]);
    let whole = sqlite(&src)
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .len();
    let rounds = count("SAYDO_KILL_ROUNDS", 120) as u64 / 4;
    let (mut whole_ones, mut empty_ones) = (0, 0);
    for i in 0..rounds {
        let db = temp_db();
        let mut child = Command::new(env!("CARGO_BIN_EXE_saydo"))
            .args(["import", &file.display().to_string()])
            .env("SAYDO_DB", &db.path)
            .env("SAYDO_CONFIG", db.dir.path().join("config.toml"))
            .env("SAYDO_TODAY", "2026-11-24")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros((i % 16) * 8000));
        let _ = child.kill();
        let o = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&o.stdout).contains("imported");
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        drop(conn);
        let n = sqlite(&db)
            .commitments(&CommitmentQuery::default())
            .unwrap()
            .len();
        assert!(
            n == 0 || n == whole,
            "round {i}: {n} of {whole} commitments"
        );
        if said {
            assert_eq!(n, whole, "round {i}: acknowledged, so all there");
        }
        assert_digests_kept(&db.path);
        if n == whole {
            whole_ones += 1;
        } else {
            empty_ones += 1;
        }
    }
    eprintln!("{rounds} killed imports: {whole_ones} whole, {empty_ones} empty, none partial");
}
