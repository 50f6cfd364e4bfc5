//! Pushes and pulls interrupted anywhere: the connection cut at a random
//! byte by a proxy inside the test, and PostgreSQL restarted mid-push.
//! Afterwards nothing is lost, nothing applied twice, and both sides pass
//! their integrity checks. A test binary of its own: it restarts the
//! cluster, which no other test may share at that moment.
//!
//! `SAYDO_FAULT_CYCLES=1000 cargo test --test team_faults` runs it long.

mod common;

use common::pg::pg;
use common::*;
use jiff::civil::date;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, CommitmentQuery, Store};
use saydo::team;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A TCP proxy in front of the team book that lets `budget` bytes through
/// (both ways together), then cuts every connection. A negative budget
/// lets everything through.
struct Proxy {
    port: u16,
    budget: Arc<AtomicI64>,
}

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let budget = Arc::new(AtomicI64::new(-1));
        let b = budget.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                // Small writes straight through, as without the proxy.
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let b = b.clone();
                    std::thread::spawn(move || pipe(from, to, &b));
                }
            }
        });
        Proxy { port, budget }
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, budget: &AtomicI64) {
    let mut buf = [0u8; 4096];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let left = budget.load(Ordering::SeqCst);
        let allowed = if left < 0 {
            n
        } else {
            let take = (n as i64).min(left);
            budget.fetch_sub(take, Ordering::SeqCst);
            take as usize
        };
        if allowed > 0 && to.write_all(&buf[..allowed]).is_err() {
            break;
        }
        if allowed < n {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

fn port_of(url: &str) -> u16 {
    let after = url.rsplit(':').next().unwrap();
    after.split('/').next().unwrap().parse().unwrap()
}

fn integrity(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "no record names one that is not there");
}

/// A small pseudo-random sequence, so a failing run can be repeated.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn cut_connections_and_restarts_lose_nothing_and_duplicate_nothing() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let db_name = url.rsplit('/').next().unwrap().to_string();
    let proxy = Proxy::start(port_of(&pg.base));
    let via_proxy = format!("postgres://postgres@127.0.0.1:{}/{db_name}", proxy.port);

    let (da, db) = (temp_db(), temp_db());
    let mut a = sqlite(&da);
    a.bulk(false, &mut |sink| {
        saydo::demo::generate(sink, 3, TODAY, &saydo::domain::default_stages())?;
        Ok(())
    })
    .unwrap();
    team::init(&url, &mut a, "Dana Cole").unwrap();
    let mut b = sqlite(&db);
    team::join(&url, &mut b).unwrap();
    let mercy = a.account("mercy").unwrap().unwrap().num;

    let cycles: usize = std::env::var("SAYDO_FAULT_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let mut rng = Rng(0x5eed_5a7d_0000_0001);
    let started = std::time::Instant::now();
    let mut made = Vec::new();
    let (mut cut, mut whole) = (0, 0);
    for i in 0..cycles {
        for k in 0..=rng.below(3) {
            let what = format!("promise {i}.{k}");
            add(
                &mut a,
                Change::AddCommitment(commitment(mercy, &what, TODAY, date(2026, 12, 4))),
            );
            made.push(what);
        }
        if std::env::var("SAYDO_FAULT_TRACE").is_ok() {
            eprintln!("cycle {i} at {:?}", started.elapsed());
        }
        // A push and pull cut after a random number of bytes.
        // Half the syncs are cut somewhere in their first 8,000 bytes.
        let budget = if rng.below(2) == 0 {
            rng.below(8_000) as i64
        } else {
            -1
        };
        proxy.budget.store(budget, Ordering::SeqCst);
        let result = team::connect(&via_proxy).and_then(|mut c| team::sync(&mut c, &mut a));
        match result {
            Ok(_) => whole += 1,
            Err(_) => cut += 1,
        }
        proxy.budget.store(-1, Ordering::SeqCst);
        // B pulls through the cut connection too, now and then.
        if rng.below(4) == 0 {
            proxy
                .budget
                .store(rng.below(20_000) as i64, Ordering::SeqCst);
            let _ = team::connect(&via_proxy).and_then(|mut c| team::pull(&mut c, &mut b));
            proxy.budget.store(-1, Ordering::SeqCst);
        }
    }
    // PostgreSQL restarted in the middle of a push, a few times.
    for i in 0..3 {
        for k in 0..50 {
            let what = format!("before restart {i}.{k}");
            add(
                &mut a,
                Change::AddCommitment(commitment(mercy, &what, TODAY, date(2026, 12, 4))),
            );
            made.push(what);
        }
        let path = da.path.clone();
        drop(a);
        let pushing = std::thread::spawn(move || {
            let mut a = SqliteStore::open(&path).unwrap();
            let _ = team::sync_once(&mut a, "2026-11-24T10:00:00Z");
        });
        std::thread::sleep(Duration::from_millis(20 + 30 * i));
        pg.restart();
        pushing.join().unwrap();
        if std::env::var("SAYDO_FAULT_TRACE").is_ok() {
            eprintln!("restart {i} done at {:?}", started.elapsed());
        }
        a = sqlite(&da);
    }
    // Back online: everything goes through.
    team::sync_once(&mut a, "2026-11-24T12:00:00Z").unwrap();
    team::sync_once(&mut b, "2026-11-24T12:00:00Z").unwrap();
    assert_eq!(a.waiting().unwrap().changes, 0);
    assert!(a.conflicts().unwrap().is_empty(), "adds never conflict");

    let mut c = team::connect(&url).unwrap();
    let dupes: i64 = c
        .query_one(
            "SELECT count(*) FROM (SELECT id FROM saydo.changes GROUP BY id HAVING count(*) > 1) d",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(dupes, 0, "no change applied twice");
    for s in [&a, &b] {
        let all = s.commitments(&CommitmentQuery::default()).unwrap();
        for what in &made {
            let n = all.iter().filter(|x| &x.what == what).count();
            assert_eq!(n, 1, "{what:?} is there once ({n} times)");
        }
    }
    let records: i64 = c
        .query_one(
            "SELECT count(*) FROM saydo.records WHERE tbl = 'commitments' AND NOT deleted",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        records as usize,
        b.commitments(&CommitmentQuery::default()).unwrap().len()
    );
    integrity(&da.path);
    integrity(&db.path);
    eprintln!("{cycles} cycles: {cut} syncs cut, {whole} whole; 3 restarts mid-push");
}
