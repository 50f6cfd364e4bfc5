//! Random scripts over 2 to 5 replicas of one team book: changes, going
//! offline and online, syncs in any order. After a final sync every replica
//! equals the team book, no acknowledged change is lost, none is applied
//! twice, every conflict listed is a true one, and none was settled
//! silently (the log never overwrites a value its writer did not see).
//!
//! `SAYDO_PROP_CASES=200 cargo test --test team_props` runs it long.

mod common;

use common::pg::pg;
use common::*;
use jiff::civil::date;
use proptest::prelude::*;
use saydo::domain::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::wire::Op;
use saydo::store::{Change, CommitmentQuery, Record, Store};
use saydo::team;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Step {
    /// A change on replica `r`; `pick` chooses the commitment or account.
    Write {
        r: usize,
        what: Write,
        pick: usize,
    },
    Sync {
        r: usize,
    },
    /// Going offline or back online.
    Toggle {
        r: usize,
    },
}

#[derive(Debug, Clone, Copy)]
enum Write {
    Add,
    EditWhat,
    EditTo,
    Keep,
    Break,
    Remove,
}

fn step(replicas: usize) -> impl Strategy<Value = Step> {
    let r = 0..replicas;
    prop_oneof![
        4 => (r.clone(), 0..6usize, 0..50usize).prop_map(|(r, w, pick)| Step::Write {
            r,
            what: [Write::Add, Write::EditWhat, Write::EditTo, Write::Keep, Write::Break, Write::Remove][w],
            pick,
        }),
        3 => r.clone().prop_map(|r| Step::Sync { r }),
        1 => r.prop_map(|r| Step::Toggle { r }),
    ]
}

fn script() -> impl Strategy<Value = (usize, Vec<Step>)> {
    (2..=5usize).prop_flat_map(|n| (Just(n), proptest::collection::vec(step(n), 5..40)))
}

use common::book_content as content;

/// Applies a write; the id of the outbox entry it made, if it was saved.
fn write(s: &mut SqliteStore, what: Write, pick: usize, n: usize) -> Option<uuid::Uuid> {
    let open: Vec<Commitment> = s
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .filter(|c| c.is_open())
        .collect();
    let accounts = s.accounts(&Default::default()).unwrap();
    let change = match what {
        Write::Add => {
            let a = &accounts[pick % accounts.len()];
            Change::AddCommitment(commitment(
                a.num,
                &format!("p{n}"),
                TODAY,
                date(2026, 12, 4),
            ))
        }
        _ if open.is_empty() => return None,
        Write::EditWhat | Write::EditTo => {
            let mut c = open[pick % open.len()].clone();
            if matches!(what, Write::EditWhat) {
                c.what = format!("w{n}");
            } else {
                c.to_whom = format!("t{n}");
            }
            Change::EditCommitment(c)
        }
        Write::Keep => Change::Keep {
            commitment: open[pick % open.len()].num,
            on: TODAY,
        },
        Write::Break => Change::Break {
            commitment: open[pick % open.len()].num,
            on: TODAY,
            reason: format!("r{n}"),
        },
        Write::Remove => Change::Remove(Record::Commitment(open[pick % open.len()].num)),
    };
    let before = s.outbox(10_000).unwrap().len();
    s.apply(&change, TODAY).ok()?;
    let after = s.outbox(10_000).unwrap();
    assert_eq!(
        after.len(),
        before + 1,
        "a saved change waits in the outbox"
    );
    Some(after.last().unwrap().id)
}

fn sync(s: &mut SqliteStore) {
    team::sync_once(s, "2026-11-24T10:00:00Z").expect("sync");
}

fn run(n: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    let Some(pg) = pg() else { return Ok(()) };
    let url = pg.fresh();
    let dbs: Vec<TempDb> = (0..n).map(|_| temp_db()).collect();
    let mut reps: Vec<SqliteStore> = Vec::new();
    for (i, d) in dbs.iter().enumerate() {
        let mut s = sqlite(d);
        if i == 0 {
            s.bulk(false, &mut |sink| {
                saydo::demo::generate(sink, 2, TODAY, &default_stages())?;
                Ok(())
            })
            .unwrap();
            team::init(&url, &mut s, "Dana Cole").unwrap();
        } else {
            team::join(&url, &mut s).unwrap();
        }
        reps.push(s);
    }
    let mut online = vec![true; n];
    let mut made: Vec<(usize, uuid::Uuid)> = Vec::new();
    for (k, st) in steps.iter().enumerate() {
        match st {
            Step::Write { r, what, pick } => {
                if let Some(id) = write(&mut reps[*r], *what, *pick, k) {
                    made.push((*r, id));
                }
            }
            Step::Sync { r } if online[*r] => sync(&mut reps[*r]),
            Step::Sync { .. } => {}
            Step::Toggle { r } => online[*r] = !online[*r],
        }
    }
    // Everyone back online; sync until nothing moves.
    for _ in 0..3 {
        for s in reps.iter_mut() {
            sync(s);
        }
    }
    let mut c = team::connect(&url).unwrap();
    let log: Vec<(uuid::Uuid, Vec<Op>)> = c
        .query("SELECT id, ops FROM saydo.changes ORDER BY seq", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), serde_json::from_value(r.get(1)).unwrap()))
        .collect();

    // Nothing lost: each saved change is in the log, or refused and listed.
    for (r, id) in &made {
        let in_log = log.iter().any(|(x, _)| x == id);
        let listed = reps[*r].conflicts().unwrap().iter().any(|c| c.id == *id);
        prop_assert!(
            in_log != listed,
            "change {id} of replica {r}: in log {in_log}, listed {listed}"
        );
    }
    // Every conflict listed is a true one.
    for s in &reps {
        for c in s.conflicts().unwrap() {
            prop_assert!(
                !c.clashes.is_empty()
                    || c.reason.contains("removed")
                    || c.reason.contains("exists"),
                "{c:?}"
            );
        }
        prop_assert_eq!(s.waiting().unwrap().changes, 0);
    }
    // Nothing settled silently: replaying the log, no op overwrites a
    // value its writer had not seen.
    let mut now: HashMap<(uuid::Uuid, String), serde_json::Value> = HashMap::new();
    for (id, ops) in &log {
        for op in ops {
            for (f, v) in op.changed() {
                let key = (op.id, f.to_string());
                let seen = op.before.as_ref().and_then(|b| b.get(f));
                if let (Some(cur), Some(seen)) = (now.get(&key), seen) {
                    prop_assert!(
                        cur == seen || cur == v,
                        "change {id} overwrote {f} = {cur} of {} without seeing it (saw {seen})",
                        op.id
                    );
                }
                now.insert(key, v.clone());
            }
        }
    }
    // Every replica equals the team book (a fresh replica of it).
    let fresh_db = temp_db();
    let mut fresh = sqlite(&fresh_db);
    team::join(&url, &mut fresh).unwrap();
    let book = content(&fresh);
    for (i, s) in reps.iter().enumerate() {
        let mine = content(s);
        if mine != book {
            let diff: Vec<String> = mine
                .split("\n\n")
                .filter(|b| !book.contains(*b))
                .map(|b| format!("replica only:\n{b}"))
                .chain(
                    book.split("\n\n")
                        .filter(|b| !mine.contains(*b))
                        .map(|b| format!("team book only:\n{b}")),
                )
                .collect();
            prop_assert!(
                false,
                "replica {i} differs from the team book:\n{}",
                diff.join("\n")
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("SAYDO_PROP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        max_shrink_iters: 50,
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge_on_the_team_book_and_lose_nothing((n, steps) in script()) {
        run(n, &steps)?;
    }
}
