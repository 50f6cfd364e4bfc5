//! One suite for every `Store` implementation: `suite!(factory)` expands to
//! a test per case, each on a fresh, empty store from `factory()`, which
//! returns a guard (kept alive for the test) and the store.
#![allow(dead_code)]

use crate::common::*;
use jiff::civil::date;
use saydo::domain::figures::{say_do, Window};
use saydo::domain::*;
use saydo::store::{AccountQuery, Change, CommitmentQuery, Record, Store, StoreError, VisitQuery};
use uuid::Uuid;

mod partners;
mod rules;
pub use partners::*;
pub use rules::*;

macro_rules! suite {
    ($factory:path) => {
        store_suite::suite!(@cases $factory;
            accounts_round_trip, handles_are_unique_in_any_case, edits_and_archive,
            stage_moves_keep_history, outcomes_and_renegotiation, undo_and_redo_walk_the_history,
            a_new_change_ends_redo, metrics_measurements_and_moments, visits_and_links,
            queries_filter, bulk_load_and_replace, say_do_from_stored_commitments,
            streaming_every_account_gives_each_ones_records, edits_of_every_record_kind,
            removals_take_dependents_and_undo_puts_all_back, handle_prefixes_are_found_on_the_index,
            nothing_that_happened_is_dated_in_the_future, a_commitment_made_in_a_visit_is_made_on_its_date,
            a_late_renegotiation_never_raises_say_do, partners_register_and_alignment);
    };
    (@cases $factory:path; $($case:ident),+) => {
        $(
            #[test]
            fn $case() {
                let (_guard, mut store) = $factory();
                store_suite::$case(&mut *store);
            }
        )+
    };
}
pub(crate) use suite;

fn input_error(r: Result<saydo::store::Applied, StoreError>) -> String {
    match r {
        Err(StoreError::Input(m)) => m.message,
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn mercy(s: &mut dyn Store) -> i64 {
    add(
        s,
        Change::AddAccount(account("Mercy General", "mercy", "Dana Cole")),
    )
}

pub fn accounts_round_trip(s: &mut dyn Store) {
    assert!(s.is_empty().unwrap());
    let num = mercy(s);
    let a = s
        .account("MERCY")
        .unwrap()
        .expect("found by handle in any case");
    assert_eq!(a.num, num);
    assert_ne!(a.id, Uuid::nil());
    let mut expected = account("Mercy General", "mercy", "Dana Cole");
    expected.id = a.id;
    expected.num = num;
    assert_eq!(a, expected);
    assert_eq!(s.account_by_num(num).unwrap(), Some(a.clone()));
    assert_eq!(
        s.stage_history(num).unwrap(),
        vec![StageSpan {
            stage: "Implementation".into(),
            entered: date(2026, 6, 1),
            left: None
        }]
    );
    let people: Vec<String> = s.people().unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(people, vec!["Dana Cole"]);
    assert!(!s.is_empty().unwrap());
}

pub fn handles_are_unique_in_any_case(s: &mut dyn Store) {
    mercy(s);
    let e = input_error(s.apply(
        &Change::AddAccount(account("Mercy West", "Mercy", "Ravi Menon")),
        TODAY,
    ));
    assert_eq!(
        e,
        "the handle @Mercy is taken by Mercy General; choose another"
    );
    let e = input_error(s.apply(
        &Change::AddAccount(account("Bad", "has space", "Ravi Menon")),
        TODAY,
    ));
    assert!(e.starts_with("`@has space`: not a handle"), "{e}");
    let e = input_error(s.apply(
        &Change::AddAccount(account("  ", "blank", "Ravi Menon")),
        TODAY,
    ));
    assert_eq!(e, "an account needs a name");
    assert_eq!(s.accounts(&AccountQuery::default()).unwrap().len(), 1);
}

pub fn edits_and_archive(s: &mut dyn Store) {
    let num = mercy(s);
    add(
        s,
        Change::AddAccount(account("St Luke's", "stlukes", "Ravi Menon")),
    );
    let mut a = s.account_by_num(num).unwrap().unwrap();
    a.name = "Mercy General Hospital".into();
    a.owner = Some("Sofia Marques".into());
    a.tags = vec!["oncology".into(), "radiology".into()];
    s.apply(&Change::EditAccount(a.clone()), TODAY).unwrap();
    assert_eq!(s.account_by_num(num).unwrap().unwrap(), a);
    a.handle = "STLUKES".into();
    let e = input_error(s.apply(&Change::EditAccount(a), TODAY));
    assert!(e.contains("taken by St Luke's"), "{e}");

    s.apply(
        &Change::Archive {
            account: num,
            archived: true,
        },
        TODAY,
    )
    .unwrap();
    assert_eq!(s.accounts(&AccountQuery::default()).unwrap().len(), 1);
    let all = s
        .accounts(&AccountQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.len(), 2);
    let e = input_error(s.apply(
        &Change::Archive {
            account: num,
            archived: true,
        },
        TODAY,
    ));
    assert_eq!(e, "@mercy is already archived");
    assert_eq!(s.undo().unwrap().as_deref(), Some("archive @mercy"));
    assert!(!s.account_by_num(num).unwrap().unwrap().archived);
}

pub fn stage_moves_keep_history(s: &mut dyn Store) {
    let num = mercy(s);
    s.apply(
        &Change::SetStage {
            account: num,
            stage: "Adoption".into(),
            on: date(2026, 10, 1),
        },
        TODAY,
    )
    .unwrap();
    let a = s.account_by_num(num).unwrap().unwrap();
    assert_eq!(
        (a.stage.as_str(), a.stage_since),
        ("Adoption", date(2026, 10, 1))
    );
    assert_eq!(
        s.stage_history(num).unwrap(),
        vec![
            StageSpan {
                stage: "Implementation".into(),
                entered: date(2026, 6, 1),
                left: Some(date(2026, 10, 1))
            },
            StageSpan {
                stage: "Adoption".into(),
                entered: date(2026, 10, 1),
                left: None
            },
        ]
    );
    let e = input_error(s.apply(
        &Change::SetStage {
            account: num,
            stage: "Adoption".into(),
            on: TODAY,
        },
        TODAY,
    ));
    assert_eq!(e, "@mercy is already in Adoption");
    let e = input_error(s.apply(
        &Change::SetStage {
            account: num,
            stage: "Renewal".into(),
            on: date(2026, 9, 1),
        },
        TODAY,
    ));
    assert_eq!(
        e,
        "@mercy entered Adoption on Thu 1 Oct; a move must be on or after that"
    );
    assert_eq!(
        s.undo().unwrap().as_deref(),
        Some("move @mercy to Adoption on Thu 1 Oct")
    );
    assert_eq!(s.stage_history(num).unwrap().len(), 1);
    assert_eq!(
        s.account_by_num(num).unwrap().unwrap().stage,
        "Implementation"
    );
}

pub fn outcomes_and_renegotiation(s: &mut dyn Store) {
    let acc = mercy(s);
    let made = date(2026, 11, 1);
    let c1 = add(
        s,
        Change::AddCommitment(commitment(acc, "Send the report", made, date(2026, 11, 10))),
    );
    let c2 = add(
        s,
        Change::AddCommitment(commitment(
            acc,
            "Train the night shift",
            made,
            date(2026, 11, 10),
        )),
    );
    let c3 = add(
        s,
        Change::AddCommitment(commitment(
            acc,
            "Fix the detector",
            made,
            date(2026, 11, 10),
        )),
    );
    let c4 = add(
        s,
        Change::AddCommitment(commitment(acc, "Benchmark", made, date(2026, 11, 10))),
    );
    let c5 = add(
        s,
        Change::AddCommitment(commitment(acc, "Upgrade plan", made, date(2026, 11, 10))),
    );

    let r = s
        .apply(
            &Change::Keep {
                commitment: c1,
                on: date(2026, 11, 9),
            },
            TODAY,
        )
        .unwrap();
    assert_eq!(
        r.label,
        format!("commitment #{c1} kept on time on Mon 9 Nov")
    );
    s.apply(
        &Change::Keep {
            commitment: c2,
            on: date(2026, 11, 12),
        },
        TODAY,
    )
    .unwrap();
    s.apply(
        &Change::Break {
            commitment: c3,
            on: date(2026, 11, 11),
            reason: "part on backorder".into(),
        },
        TODAY,
    )
    .unwrap();
    s.apply(
        &Change::Drop {
            commitment: c4,
            on: date(2026, 11, 5),
            reason: "they changed plans".into(),
        },
        TODAY,
    )
    .unwrap();
    s.apply(
        &Change::Renegotiate {
            commitment: c5,
            new_due: date(2026, 11, 30),
            reason: "IT window".into(),
            agreed_on: date(2026, 11, 8),
        },
        TODAY,
    )
    .unwrap();

    let get = |s: &dyn Store, n| s.commitment(n).unwrap().unwrap();
    assert_eq!(
        (get(s, c1).status, get(s, c1).resolved_on),
        (Status::Kept, Some(date(2026, 11, 9)))
    );
    assert_eq!(get(s, c2).status, Status::KeptLate);
    assert_eq!(
        (get(s, c3).status, get(s, c3).reason.as_str()),
        (Status::Broken, "part on backorder")
    );
    assert_eq!(get(s, c4).status, Status::Dropped);
    let c = get(s, c5);
    assert_eq!(
        (c.status, c.due_on, c.due()),
        (Status::Open, date(2026, 11, 10), date(2026, 11, 30))
    );
    assert_eq!(
        c.renegotiations,
        vec![Renegotiation {
            new_due: date(2026, 11, 30),
            reason: "IT window".into(),
            agreed_on: date(2026, 11, 8)
        }]
    );
    // Kept before the renegotiated date is on time, though after the first one.
    s.apply(
        &Change::Keep {
            commitment: c5,
            on: date(2026, 11, 20),
        },
        TODAY,
    )
    .unwrap();
    assert_eq!(get(s, c5).status, Status::Kept);

    let e = input_error(s.apply(
        &Change::Keep {
            commitment: c1,
            on: TODAY,
        },
        TODAY,
    ));
    assert_eq!(e, format!("commitment #{c1} is already kept on Mon 9 Nov; `saydo undo` takes back the last change"));
    let e = input_error(s.apply(
        &Change::Keep {
            commitment: 9999,
            on: TODAY,
        },
        TODAY,
    ));
    assert_eq!(
        e,
        "there is no commitment #9999; `saydo commit list` shows their numbers"
    );
    let e = input_error(s.apply(
        &Change::AddCommitment(commitment(acc, "  ", made, TODAY)),
        TODAY,
    ));
    assert_eq!(e, "a commitment needs to say what was promised");
    let e = input_error(s.apply(
        &Change::AddCommitment(commitment(4242, "x", made, TODAY)),
        TODAY,
    ));
    assert_eq!(e, "there is no account #4242");
}

pub fn undo_and_redo_walk_the_history(s: &mut dyn Store) {
    assert_eq!(s.undo().unwrap(), None);
    let acc = mercy(s);
    let c = add(
        s,
        Change::AddCommitment(commitment(
            acc,
            "Send the report",
            TODAY,
            date(2026, 11, 27),
        )),
    );
    s.apply(
        &Change::Keep {
            commitment: c,
            on: TODAY,
        },
        TODAY,
    )
    .unwrap();
    let full = s.commitments(&CommitmentQuery::default()).unwrap();

    assert_eq!(
        s.undo().unwrap(),
        Some(format!("commitment #{c} kept on time on Tue 24 Nov"))
    );
    assert_eq!(s.commitment(c).unwrap().unwrap().status, Status::Open);
    assert_eq!(
        s.undo().unwrap(),
        Some(format!("add commitment #{c} at @mercy · due Fri 27 Nov"))
    );
    assert_eq!(s.commitment(c).unwrap(), None);
    assert_eq!(
        s.undo().unwrap().as_deref(),
        Some("add account @mercy (Mercy General)")
    );
    assert!(
        s.is_empty().unwrap(),
        "the person added with the account is gone too"
    );
    assert_eq!(s.undo().unwrap(), None);

    assert_eq!(
        s.redo().unwrap().as_deref(),
        Some("add account @mercy (Mercy General)")
    );
    assert!(s.redo().unwrap().is_some());
    assert!(s.redo().unwrap().is_some());
    assert_eq!(s.redo().unwrap(), None);
    assert_eq!(
        s.commitments(&CommitmentQuery::default()).unwrap(),
        full,
        "redo restores the same records, ids and numbers"
    );
}

pub fn a_new_change_ends_redo(s: &mut dyn Store) {
    let acc = mercy(s);
    let c1 = add(
        s,
        Change::AddCommitment(commitment(acc, "One", TODAY, date(2026, 12, 1))),
    );
    s.undo().unwrap();
    let c2 = add(
        s,
        Change::AddCommitment(commitment(acc, "Two", TODAY, date(2026, 12, 1))),
    );
    assert_ne!(c1, c2, "numbers are never reused");
    assert_eq!(s.redo().unwrap(), None);
    let all: Vec<String> = s
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .map(|c| c.what)
        .collect();
    assert_eq!(all, vec!["Two"]);
}

pub fn metrics_measurements_and_moments(s: &mut dyn Store) {
    let acc = mercy(s);
    let other = add(
        s,
        Change::AddAccount(account("St Luke's", "stlukes", "Ravi Menon")),
    );
    let mo = add(
        s,
        Change::AddMoment(Moment {
            id: Uuid::nil(),
            num: 0,
            account: acc,
            what: "Scanner down".into(),
            severity: Severity::Critical,
        }),
    );
    let mut m = Metric {
        id: Uuid::nil(),
        num: 0,
        account: acc,
        name: "Door-to-needle time".into(),
        words: "Drug within 45 minutes".into(),
        kind: MetricKind::Outcome,
        unit: "min".into(),
        direction: Direction::Lower,
        baseline: Some(Baseline {
            value: 62.0,
            on: date(2026, 1, 1),
        }),
        proxy: String::new(),
        target: Some(45.0),
        target_on: Some(date(2027, 1, 1)),
        kpi: "Time to treatment".into(),
        moment: Some(mo),
        definition: Default::default(),
        voice: Default::default(),
        partner: None,
    };
    let mnum = add(s, Change::AddMetric(m.clone()));
    let stored = s.metric(mnum).unwrap().unwrap();
    m.id = stored.id;
    m.num = mnum;
    assert_eq!(stored, m);
    for (d, v) in [
        (date(2026, 3, 1), 58.5),
        (date(2026, 2, 1), 60.0),
        (date(2026, 4, 1), 55.0),
    ] {
        add(
            s,
            Change::AddMeasurement(Measurement {
                id: Uuid::nil(),
                num: 0,
                metric: mnum,
                on: d,
                value: v,
                source: "registry".into(),
                note: String::new(),
            }),
        );
    }
    let values: Vec<f64> = s
        .measurements(mnum)
        .unwrap()
        .iter()
        .map(|x| x.value)
        .collect();
    assert_eq!(values, vec![60.0, 58.5, 55.0], "oldest first");

    let mut wrong = m.clone();
    wrong.account = other;
    let e = input_error(s.apply(&Change::AddMetric(wrong), TODAY));
    assert_eq!(e, format!("@stlukes has no moment of truth #{mo}"));
    let e = input_error(s.apply(
        &Change::AddMeasurement(Measurement {
            id: Uuid::nil(),
            num: 0,
            metric: mnum,
            on: TODAY,
            value: f64::NAN,
            source: String::new(),
            note: String::new(),
        }),
        TODAY,
    ));
    assert_eq!(e, "a measurement must be a number");
    assert_eq!(s.moments(Some(acc)).unwrap().len(), 1);
    assert_eq!(s.metrics(Some(other)).unwrap().len(), 0);
}

pub fn visits_and_links(s: &mut dyn Store) {
    let acc = mercy(s);
    let other = add(
        s,
        Change::AddAccount(account("St Luke's", "stlukes", "Ravi Menon")),
    );
    let v = add(
        s,
        Change::AddVisit(visit(acc, date(2026, 11, 20), Intent::Proactive)),
    );
    add(
        s,
        Change::AddVisit(visit(acc, date(2026, 11, 22), Intent::Reactive)),
    );
    let mut c = commitment(
        acc,
        "Send the report",
        date(2026, 11, 20),
        date(2026, 11, 27),
    );
    c.visit = Some(v);
    let cn = add(s, Change::AddCommitment(c.clone()));
    assert_eq!(s.commitment(cn).unwrap().unwrap().visit, Some(v));
    c.account = other;
    let e = input_error(s.apply(&Change::AddCommitment(c), TODAY));
    assert_eq!(e, format!("@stlukes has no visit #{v}"));
    let visits = s
        .visits(&VisitQuery {
            account: Some(acc),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        visits.iter().map(|v| v.on).collect::<Vec<_>>(),
        vec![date(2026, 11, 22), date(2026, 11, 20)],
        "newest first"
    );
    assert_eq!(visits[1].theirs, vec!["Dr Lee"]);
}

pub fn queries_filter(s: &mut dyn Store) {
    let a = mercy(s);
    let b = add(
        s,
        Change::AddAccount(account("St Luke's", "stlukes", "Ravi Menon")),
    );
    add(s, Change::AddVisit(visit(a, TODAY, Intent::Proactive)));
    add(s, Change::AddVisit(visit(b, TODAY, Intent::Reactive)));
    let mut c = commitment(b, "For Ravi", TODAY, date(2026, 12, 1));
    c.owner = "ravi menon".into();
    add(s, Change::AddCommitment(c));
    let k = add(
        s,
        Change::AddCommitment(commitment(a, "Kept", TODAY, date(2026, 12, 1))),
    );
    s.apply(
        &Change::Keep {
            commitment: k,
            on: TODAY,
        },
        TODAY,
    )
    .unwrap();

    let owned = s
        .accounts(&AccountQuery {
            owner: Some("RAVI MENON".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        owned.iter().map(|a| a.handle.as_str()).collect::<Vec<_>>(),
        vec!["stlukes"]
    );
    let vs = s
        .visits(&VisitQuery {
            owner: Some("Dana Cole".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(vs.len(), 1);
    let cs = s
        .commitments(&CommitmentQuery {
            owner: Some("Ravi Menon".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        cs.iter()
            .map(|c| (c.what.as_str(), c.owner.as_str()))
            .collect::<Vec<_>>(),
        vec![("For Ravi", "Ravi Menon")],
        "people match in any case"
    );
    let open = s
        .commitments(&CommitmentQuery {
            status: Some(Status::Open),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(open.len(), 1);
}

pub fn bulk_load_and_replace(s: &mut dyn Store) {
    mercy(s);
    s.bulk(true, &mut |sink| {
        let a = sink.account(&account("Lakeside", "lakeside", "Tom Becker"))?;
        sink.stage_span(
            a,
            &StageSpan {
                stage: "Implementation".into(),
                entered: date(2026, 6, 1),
                left: None,
            },
        )?;
        let mut c = commitment(a, "Bulk promise", TODAY, date(2026, 12, 1));
        c.renegotiations.push(Renegotiation {
            new_due: date(2026, 12, 8),
            reason: "later".into(),
            agreed_on: TODAY,
        });
        sink.commitment(&c)?;
        Ok(())
    })
    .unwrap();
    let all = s
        .accounts(&AccountQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        all.iter().map(|a| a.handle.as_str()).collect::<Vec<_>>(),
        vec!["lakeside"]
    );
    let cs = s.commitments(&CommitmentQuery::default()).unwrap();
    assert_eq!(cs[0].due(), date(2026, 12, 8));
    assert_eq!(
        s.undo().unwrap(),
        None,
        "a replaced database has no history"
    );
    // A failed load leaves everything as it was.
    let r = s.bulk(false, &mut |sink| {
        sink.account(&account("Second", "second", "Tom Becker"))?;
        sink.account(&account("Dupe", "lakeside", "Tom Becker"))?;
        Ok(())
    });
    assert!(r.is_err());
    assert_eq!(s.accounts(&AccountQuery::default()).unwrap().len(), 1);
}

/// The hand-checked portfolio of the domain tests, through the store.
pub fn say_do_from_stored_commitments(s: &mut dyn Store) {
    let acc = mercy(s);
    let mk = |s: &mut dyn Store, what: &str, due, outcome: Option<Change>| {
        let n = add(
            s,
            Change::AddCommitment(commitment(acc, what, date(2026, 8, 1), due)),
        );
        if let Some(ch) = outcome {
            let ch = match ch {
                Change::Keep { on, .. } => Change::Keep { commitment: n, on },
                Change::Break { on, reason, .. } => Change::Break {
                    commitment: n,
                    on,
                    reason,
                },
                Change::Drop { on, reason, .. } => Change::Drop {
                    commitment: n,
                    on,
                    reason,
                },
                Change::Renegotiate {
                    new_due,
                    reason,
                    agreed_on,
                    ..
                } => Change::Renegotiate {
                    commitment: n,
                    new_due,
                    reason,
                    agreed_on,
                },
                other => other,
            };
            // Recorded on the day it was agreed: a renegotiated date in
            // the past is refused.
            let recorded = match &ch {
                Change::Renegotiate { agreed_on, .. } => *agreed_on,
                _ => TODAY,
            };
            s.apply(&ch, recorded).unwrap();
        }
        n
    };
    let keep = |on| Some(Change::Keep { commitment: 0, on });
    mk(s, "kept early", date(2026, 11, 10), keep(date(2026, 11, 5)));
    mk(s, "kept late", date(2026, 10, 1), keep(date(2026, 10, 9)));
    mk(
        s,
        "broken",
        date(2026, 9, 15),
        Some(Change::Break {
            commitment: 0,
            on: date(2026, 9, 20),
            reason: "x".into(),
        }),
    );
    mk(
        s,
        "dropped",
        date(2026, 10, 15),
        Some(Change::Drop {
            commitment: 0,
            on: date(2026, 10, 2),
            reason: String::new(),
        }),
    );
    mk(s, "open, overdue", date(2026, 11, 23), None);
    mk(s, "open, due today", TODAY, None);
    let r = mk(
        s,
        "renegotiated",
        date(2026, 10, 1),
        Some(Change::Renegotiate {
            commitment: 0,
            new_due: date(2026, 10, 31),
            reason: "x".into(),
            agreed_on: date(2026, 9, 28),
        }),
    );
    s.apply(
        &Change::Keep {
            commitment: r,
            on: date(2026, 10, 20),
        },
        TODAY,
    )
    .unwrap();
    mk(
        s,
        "before the window",
        date(2026, 8, 1),
        keep(date(2026, 7, 30)),
    );

    let cs = s.commitments(&CommitmentQuery::default()).unwrap();
    let sd = say_do(&cs, Window::new(90, TODAY));
    assert_eq!(sd.describe(), "40% · 2/5 · 1 renegotiated");
}

pub fn streaming_every_account_gives_each_ones_records(s: &mut dyn Store) {
    s.bulk(false, &mut |sink| {
        let stages = default_stages();
        saydo::demo::generate(sink, 12, TODAY, &stages)?;
        Ok(())
    })
    .unwrap();
    let luke = s.account("stlukes").unwrap().unwrap();
    s.apply(
        &Change::Archive {
            account: luke.num,
            archived: true,
        },
        TODAY,
    )
    .unwrap();
    for q in [
        AccountQuery::default(),
        AccountQuery {
            include_archived: true,
            ..Default::default()
        },
        AccountQuery {
            owner: Some("ravi menon".into()),
            ..Default::default()
        },
    ] {
        let mut streamed = Vec::new();
        s.each_account(&q, &mut |rec| {
            streamed.push(rec);
            Ok(())
        })
        .unwrap();
        let one_by_one: Vec<_> = {
            let mut accounts = s.accounts(&q).unwrap();
            accounts.sort_by_key(|a| a.num);
            accounts
                .into_iter()
                .map(|a| s.account_records(a).unwrap())
                .collect()
        };
        assert!(!streamed.is_empty());
        assert_eq!(streamed, one_by_one, "{q:?}");
    }
}

/// An account with one of everything, linked: (account, moment, metric,
/// visit, commitment, stakeholder).
fn linked_records(s: &mut dyn Store) -> (i64, i64, i64, i64, i64, i64) {
    let acc = mercy(s);
    let mo = add(
        s,
        Change::AddMoment(Moment {
            id: Uuid::nil(),
            num: 0,
            account: acc,
            what: "Scanner down".into(),
            severity: Severity::High,
        }),
    );
    let metric = add(
        s,
        Change::AddMetric(Metric {
            id: Uuid::nil(),
            num: 0,
            account: acc,
            name: "Door-to-needle".into(),
            words: "Drug within 45 minutes".into(),
            kind: MetricKind::Outcome,
            unit: "min".into(),
            direction: Direction::Lower,
            baseline: None,
            proxy: String::new(),
            target: Some(45.0),
            target_on: None,
            kpi: String::new(),
            moment: Some(mo),
            definition: Default::default(),
            voice: Default::default(),
            partner: None,
        }),
    );
    // One measurement a date: the second a month later.
    for (k, v) in [60.0, 55.0].into_iter().enumerate() {
        add(
            s,
            Change::AddMeasurement(Measurement {
                id: Uuid::nil(),
                num: 0,
                metric,
                on: date(2026, 10 + k as i8, 1),
                value: v,
                source: String::new(),
                note: String::new(),
            }),
        );
    }
    let v = add(
        s,
        Change::AddVisit(visit(acc, date(2026, 11, 20), Intent::Proactive)),
    );
    let mut c = commitment(
        acc,
        "Send the report",
        date(2026, 11, 20),
        date(2026, 11, 27),
    );
    c.visit = Some(v);
    let cn = add(s, Change::AddCommitment(c));
    s.apply(
        &Change::Renegotiate {
            commitment: cn,
            new_due: date(2026, 12, 4),
            reason: "their IT".into(),
            agreed_on: date(2026, 11, 21),
        },
        TODAY,
    )
    .unwrap();
    let sh = add(
        s,
        Change::AddStakeholder(Stakeholder {
            id: Uuid::nil(),
            num: 0,
            account: acc,
            name: "Dr Lee".into(),
            role: "Head of radiology".into(),
            layer: Layer::Physician,
            contact: String::new(),
            notes: String::new(),
            peers: false,
        }),
    );
    (acc, mo, metric, v, cn, sh)
}

pub fn edits_of_every_record_kind(s: &mut dyn Store) {
    let (acc, mo, metric, v, cn, sh) = linked_records(s);
    let mut st = s.stakeholders(Some(acc)).unwrap().remove(0);
    st.role = "Chief of radiology".into();
    st.layer = Layer::Administration;
    s.apply(&Change::EditStakeholder(st.clone()), TODAY)
        .unwrap();
    assert_eq!(s.stakeholders(Some(acc)).unwrap(), vec![st.clone()]);
    st.name = "  ".into();
    assert_eq!(
        input_error(s.apply(&Change::EditStakeholder(st), TODAY)),
        "a stakeholder needs a name"
    );

    let mut m = s.moments(Some(acc)).unwrap().remove(0);
    m.severity = Severity::Critical;
    s.apply(&Change::EditMoment(m.clone()), TODAY).unwrap();
    assert_eq!(s.moments(Some(acc)).unwrap(), vec![m]);

    let mut me = s.metric(metric).unwrap().unwrap();
    me.target = Some(40.0);
    me.unit = "minutes".into();
    s.apply(&Change::EditMetric(me.clone()), TODAY).unwrap();
    assert_eq!(s.metric(metric).unwrap().unwrap(), me);

    let mut x = s.measurements(metric).unwrap().remove(0);
    x.value = 61.5;
    x.note = "corrected".into();
    s.apply(&Change::EditMeasurement(x.clone()), TODAY).unwrap();
    assert_eq!(s.measurements(metric).unwrap()[0], x);

    let q = VisitQuery {
        account: Some(acc),
        ..Default::default()
    };
    let mut vi = s.visits(&q).unwrap().remove(0);
    vi.notes = "Went well".into();
    vi.theirs = vec!["Dr Lee".into(), "Ana Ruiz".into()];
    s.apply(&Change::EditVisit(vi.clone()), TODAY).unwrap();
    assert_eq!(s.visits(&q).unwrap(), vec![vi]);

    let mut c = s.commitment(cn).unwrap().unwrap();
    c.what = "Send the dosing report".into();
    c.owner = "Ravi Menon".into();
    s.apply(&Change::EditCommitment(c.clone()), TODAY).unwrap();
    let stored = s.commitment(cn).unwrap().unwrap();
    assert_eq!(stored, c, "renegotiations and status untouched");
    assert_eq!(stored.due(), date(2026, 12, 4));
    c.due_on = date(2026, 11, 1);
    let e = input_error(s.apply(&Change::EditCommitment(c.clone()), TODAY));
    assert!(e.starts_with("due Sun 1 Nov is before it was made"), "{e}");
    let other = add(
        s,
        Change::AddAccount(account("St Luke's", "stlukes", "Ravi Menon")),
    );
    c.due_on = date(2026, 11, 27);
    c.account = other;
    let e = input_error(s.apply(&Change::EditCommitment(c), TODAY));
    assert_eq!(
        e,
        "a commitment stays with its account (@mercy); add a new one to another account"
    );
    let _ = (mo, v, sh);

    assert_eq!(
        s.undo().unwrap().as_deref(),
        Some("add account @stlukes (St Luke's)")
    );
    assert_eq!(
        s.undo().unwrap().as_deref(),
        Some(format!("edit commitment #{cn} at @mercy").as_str())
    );
    assert_eq!(s.commitment(cn).unwrap().unwrap().what, "Send the report");
}

pub fn removals_take_dependents_and_undo_puts_all_back(s: &mut dyn Store) {
    let (acc, mo, metric, v, cn, sh) = linked_records(s);
    let metric_before = s.metric(metric).unwrap().unwrap();
    let measurements_before = s.measurements(metric).unwrap();
    let commitment_before = s.commitment(cn).unwrap().unwrap();

    let label = s
        .apply(&Change::Remove(Record::Metric(metric)), TODAY)
        .unwrap()
        .label;
    assert_eq!(
        label,
        format!("remove metric #{metric} and its 2 measurements at @mercy")
    );
    assert_eq!(s.metric(metric).unwrap(), None);
    assert!(s.measurements(metric).unwrap().is_empty());
    s.undo().unwrap();
    assert_eq!(s.metric(metric).unwrap().unwrap(), metric_before);
    assert_eq!(s.measurements(metric).unwrap(), measurements_before);

    s.apply(&Change::Remove(Record::Moment(mo)), TODAY).unwrap();
    assert_eq!(
        s.metric(metric).unwrap().unwrap().moment,
        None,
        "link cleared"
    );
    s.undo().unwrap();
    assert_eq!(s.metric(metric).unwrap().unwrap().moment, Some(mo));

    s.apply(&Change::Remove(Record::Visit(v)), TODAY).unwrap();
    assert_eq!(s.commitment(cn).unwrap().unwrap().visit, None);
    s.undo().unwrap();
    assert_eq!(s.commitment(cn).unwrap().unwrap(), commitment_before);

    s.apply(&Change::Remove(Record::Commitment(cn)), TODAY)
        .unwrap();
    assert_eq!(s.commitment(cn).unwrap(), None);
    s.undo().unwrap();
    assert_eq!(s.commitment(cn).unwrap().unwrap(), commitment_before);
    s.redo().unwrap();
    assert_eq!(s.commitment(cn).unwrap(), None, "redo removes it again");
    s.undo().unwrap();

    s.apply(&Change::Remove(Record::Stakeholder(sh)), TODAY)
        .unwrap();
    assert!(s.stakeholders(Some(acc)).unwrap().is_empty());
    s.undo().unwrap();
    assert_eq!(s.stakeholders(Some(acc)).unwrap().len(), 1);

    let x = measurements_before[0].num;
    s.apply(&Change::Remove(Record::Measurement(x)), TODAY)
        .unwrap();
    assert_eq!(s.measurements(metric).unwrap().len(), 1);

    assert_eq!(
        input_error(s.apply(&Change::Remove(Record::Visit(999)), TODAY)),
        "there is no visit #999"
    );
    assert_eq!(
        input_error(s.apply(&Change::Remove(Record::Measurement(x)), TODAY)),
        format!("there is no measurement #{x}")
    );
}

pub fn handle_prefixes_are_found_on_the_index(s: &mut dyn Store) {
    mercy(s);
    add(
        s,
        Change::AddAccount(account("Mercy West", "mercy_west", "Dana Cole")),
    );
    add(
        s,
        Change::AddAccount(account("Mercyhurst", "mercyXhurst", "Dana Cole")),
    );
    let handles = |p: &str, s: &dyn Store| -> Vec<String> {
        s.accounts_by_handle_prefix(p, 10)
            .unwrap()
            .into_iter()
            .map(|a| a.handle)
            .collect()
    };
    assert_eq!(
        handles("MERCY", s),
        vec!["mercy", "mercy_west", "mercyXhurst"]
    );
    // `_` is a character here, not LIKE's wildcard.
    assert_eq!(handles("mercy_", s), vec!["mercy_west"]);
    assert_eq!(handles("mercy%", s), Vec::<String>::new());
    assert_eq!(s.accounts_by_handle_prefix("merc", 2).unwrap().len(), 2);
    let west = s.account("mercy_west").unwrap().unwrap();
    s.apply(
        &Change::Archive {
            account: west.num,
            archived: true,
        },
        TODAY,
    )
    .unwrap();
    assert_eq!(
        handles("mercy_", s),
        Vec::<String>::new(),
        "archived left out"
    );
}
