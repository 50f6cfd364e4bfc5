//! The team book's figures, on a throwaway local PostgreSQL (or the one
//! `SAYDO_TEST_PG` names): `cargo bench --bench team [-- --accounts N]`.
//!
//! - a change visible in another running replica after its commit
//!   (both syncing in the background, as the TUI does): median and p95;
//! - `team join` of a demo book of N accounts: time and peak memory,
//!   beside `saydo import` of the same book;
//! - 1,000 offline changes pushed on reconnect;
//! - 50 replicas pushing and pulling at once: throughput, p95 push latency,
//!   lost and duplicated changes.

#[path = "../tests/common/pg.rs"]
mod pg;

use jiff::civil::date;
use saydo::domain::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, CommitmentQuery, Store};
use saydo::team;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const TODAY: Date = date(2026, 11, 24);

fn commitment(account: i64, what: &str) -> Commitment {
    Commitment {
        id: Uuid::nil(),
        num: 0,
        account,
        what: what.into(),
        to_whom: String::new(),
        owner: "Dana Cole".into(),
        made_on: TODAY,
        due_on: date(2026, 12, 4),
        visit: None,
        status: Status::Open,
        resolved_on: None,
        reason: String::new(),
        renegotiations: vec![],
    }
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn demo_book(path: &std::path::Path, accounts: u32) -> SqliteStore {
    let mut s = SqliteStore::open(path).unwrap();
    s.bulk(false, &mut |sink| {
        saydo::demo::generate(sink, accounts, TODAY, &default_stages())?;
        Ok(())
    })
    .unwrap();
    s
}

fn visible_latency(url: &str, dir: &std::path::Path) {
    let (pa, pb) = (dir.join("lat-a.db"), dir.join("lat-b.db"));
    let mut a = demo_book(&pa, 4);
    team::init(url, &mut a, "Dana Cole").unwrap();
    let mut b = SqliteStore::open(&pb).unwrap();
    team::join(url, &mut b).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let ta = team::background::start(pa.clone(), stop.clone());
    let tb = team::background::start(pb.clone(), stop.clone());
    std::thread::sleep(Duration::from_millis(500));
    let mercy = a.account("mercy").unwrap().unwrap().num;
    let mut lat = Vec::new();
    for i in 0..30 {
        let what = format!("latency {i}");
        a.apply(&Change::AddCommitment(commitment(mercy, &what)), TODAY)
            .unwrap();
        let t = Instant::now();
        loop {
            let seen = b
                .commitments(&CommitmentQuery {
                    account: b.account("mercy").unwrap().map(|x| x.num),
                    ..Default::default()
                })
                .unwrap()
                .iter()
                .any(|c| c.what == what);
            if seen {
                lat.push(t.elapsed());
                break;
            }
            if t.elapsed() > Duration::from_secs(10) {
                panic!("{what} never arrived");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let _ = (ta.join(), tb.join());
    let median = percentile(&mut lat, 0.5);
    let p95 = percentile(&mut lat, 0.95);
    println!("change visible in another replica: median {median:.1?}, p95 {p95:.1?} (30 changes)");
}

/// Runs saydo with `args` on `db`; its time and peak memory (KiB).
// wait4 waits for it, with its rusage, where Child::wait would not give it.
#[allow(clippy::zombie_processes)]
fn saydo_run(db: &std::path::Path, args: &[&str]) -> (Duration, i64) {
    let t = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
        .args(args)
        .env("SAYDO_DB", db)
        .env("SAYDO_CONFIG", db.with_extension("toml"))
        .env("SAYDO_TODAY", TODAY.to_string())
        .env("USER", "Dana Cole")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid, and wait4 fills it for our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for the child just spawned.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(status, 0, "saydo {args:?} failed");
    (t.elapsed(), usage.ru_maxrss)
}

fn join_vs_import(url: &str, dir: &std::path::Path, accounts: u32) {
    let src = dir.join("join-src.db");
    let n = accounts.to_string();
    saydo_run(&src, &["demo", "--accounts", &n]);
    let export = dir.join("book.toml");
    saydo_run(&src, &["export", "--out", &export.to_string_lossy()]);
    let (init, init_mem) = saydo_run(&src, &["team", "init", url]);
    println!(
        "team init of {accounts} accounts: {init:.2?}, peak {} MiB",
        init_mem / 1024
    );
    let (import, import_mem) = saydo_run(
        &dir.join("imported.db"),
        &["import", &export.to_string_lossy()],
    );
    let (join, join_mem) = saydo_run(&dir.join("joined.db"), &["team", "join", url]);
    println!(
        "team join of {accounts} accounts: {join:.2?}, peak {} MiB; saydo import of the same book: \
         {import:.2?}, peak {} MiB ({:.2}× the time)",
        join_mem / 1024,
        import_mem / 1024,
        join.as_secs_f64() / import.as_secs_f64()
    );
}

fn offline_push(url: &str, dir: &std::path::Path) {
    let (pa, pb) = (dir.join("off-a.db"), dir.join("off-b.db"));
    let mut a = demo_book(&pa, 4);
    team::init(url, &mut a, "Dana Cole").unwrap();
    let mut b = SqliteStore::open(&pb).unwrap();
    team::join(url, &mut b).unwrap();
    let mercy = a.account("mercy").unwrap().unwrap().num;
    for i in 0..1000 {
        a.apply(
            &Change::AddCommitment(commitment(mercy, &format!("offline {i}"))),
            TODAY,
        )
        .unwrap();
    }
    let t = Instant::now();
    let done = team::sync_once(&mut a, "bench").unwrap();
    let push = t.elapsed();
    let t = Instant::now();
    let got = team::sync_once(&mut b, "bench").unwrap();
    println!(
        "1,000 offline changes pushed on reconnect: {push:.2?} ({} pushed); pulled by another replica in {:.2?} ({} applied)",
        done.pushed,
        t.elapsed(),
        got.pulled
    );
}

fn many_replicas(url: &str, dir: &std::path::Path, n: usize, each: usize) {
    let first = dir.join("many-0.db");
    let mut a = demo_book(&first, 4);
    team::init(url, &mut a, "Dana Cole").unwrap();
    drop(a);
    let paths: Vec<_> = (1..=n)
        .map(|i| {
            let p = dir.join(format!("many-{i}.db"));
            let mut s = SqliteStore::open(&p).unwrap();
            team::join(url, &mut s).unwrap();
            p
        })
        .collect();
    let t = Instant::now();
    let handles: Vec<_> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = p.clone();
            std::thread::spawn(move || {
                let mut s = SqliteStore::open(&p).unwrap();
                let mercy = s.account("mercy").unwrap().unwrap().num;
                // One connection per replica, as its sync thread keeps.
                let mut c = team::connect(&s.replica().unwrap().unwrap().url).unwrap();
                let mut lat = Vec::new();
                for k in 0..each {
                    s.apply(
                        &Change::AddCommitment(commitment(mercy, &format!("r{i}-{k}"))),
                        TODAY,
                    )
                    .unwrap();
                    let t = Instant::now();
                    team::sync(&mut c, &mut s).unwrap();
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut lat: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let total = t.elapsed();
    let mut c = team::connect(url).unwrap();
    let logged: i64 = c
        .query_one(
            "SELECT count(*) FROM saydo.changes WHERE label LIKE 'add commitment%'",
            &[],
        )
        .unwrap()
        .get(0);
    let distinct: i64 = c
        .query_one("SELECT count(DISTINCT id) FROM saydo.changes", &[])
        .unwrap()
        .get(0);
    let all: i64 = c
        .query_one("SELECT count(*) FROM saydo.changes", &[])
        .unwrap()
        .get(0);
    let expected = (n * each) as i64;
    println!(
        "{n} replicas × {each} changes, each pushed and pulled at once: {:.0} changes/s, p95 sync {:.1?}, \
         {} lost, {} duplicated",
        expected as f64 / total.as_secs_f64(),
        percentile(&mut lat, 0.95),
        expected - logged,
        all - distinct
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let accounts: u32 = args
        .iter()
        .position(|a| a == "--accounts")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let Some(pg) = pg::pg() else {
        eprintln!("no PostgreSQL: install postgresql-15 or set SAYDO_TEST_PG");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    visible_latency(&pg.fresh(), dir.path());
    offline_push(&pg.fresh(), dir.path());
    many_replicas(&pg.fresh(), dir.path(), 50, 20);
    join_vs_import(&pg.fresh(), dir.path(), accounts);
}
