//! The rules of PRODUCT.md that every store must enforce, whatever path a
//! change takes: nothing that happened is dated in the future, and a late
//! renegotiation cannot raise say/do.

use super::{input_error, mercy};
use crate::common::*;
use jiff::civil::date;
use saydo::domain::figures::{say_do, Window};
use saydo::domain::*;
use saydo::rules::Field;
use saydo::store::{Change, CommitmentQuery, Store, StoreError};
use uuid::Uuid;

fn refused_at(r: Result<saydo::store::Applied, StoreError>) -> (Option<Field>, String) {
    match r {
        Err(StoreError::Input(r)) => (r.field, r.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn nothing_that_happened_is_dated_in_the_future(s: &mut dyn Store) {
    let acc = mercy(s);
    let ahead = date(2026, 12, 24);
    let (field, e) = refused_at(s.apply(
        &Change::AddVisit(visit(acc, ahead, Intent::Proactive)),
        TODAY,
    ));
    assert_eq!(field, Some(Field::On));
    assert!(e.contains("in the future"), "{e}");

    let c = add(
        s,
        Change::AddCommitment(commitment(acc, "Send it", TODAY, ahead)),
    );
    for change in [
        Change::Keep {
            commitment: c,
            on: date(2026, 11, 29),
        },
        Change::Break {
            commitment: c,
            on: date(2026, 11, 29),
            reason: "x".into(),
        },
        Change::Drop {
            commitment: c,
            on: date(2026, 11, 29),
            reason: "x".into(),
        },
    ] {
        let e = input_error(s.apply(&change, TODAY));
        assert!(e.contains("in the future"), "{e}");
    }
    assert!(s.commitment(c).unwrap().unwrap().is_open(), "nothing saved");

    let m = Metric {
        id: Uuid::nil(),
        num: 0,
        account: acc,
        name: "Door-to-needle time".into(),
        words: String::new(),
        kind: MetricKind::Outcome,
        unit: "min".into(),
        direction: Direction::Lower,
        baseline: None,
        proxy: "last audit".into(),
        target: Some(45.0),
        target_on: None,
        kpi: String::new(),
        moment: None,
        definition: Default::default(),
        voice: Default::default(),
        partner: None,
    };
    let metric = add(s, Change::AddMetric(m));
    let x = Measurement {
        id: Uuid::nil(),
        num: 0,
        metric,
        on: date(2027, 1, 23),
        value: 40.0,
        source: String::new(),
        note: String::new(),
    };
    let (field, _) = refused_at(s.apply(&Change::AddMeasurement(x.clone()), TODAY));
    assert_eq!(field, Some(Field::On));
    assert!(s.measurements(metric).unwrap().is_empty());
    let (field, _) = refused_at(s.apply(
        &Change::SetStage {
            account: acc,
            stage: "Adoption".into(),
            on: date(2026, 11, 25),
        },
        TODAY,
    ));
    assert_eq!(field, Some(Field::On));
    // Today is not the future.
    add(
        s,
        Change::AddMeasurement(Measurement {
            on: TODAY,
            ..x.clone()
        }),
    );
    // Two measurements of one metric on one date: refused.
    let (field, e) = refused_at(s.apply(
        &Change::AddMeasurement(Measurement {
            on: TODAY,
            value: 41.0,
            ..x
        }),
        TODAY,
    ));
    assert_eq!(field, Some(Field::On));
    assert!(e.contains("has a measurement on Tue 24 Nov already"), "{e}");
}

pub fn a_commitment_made_in_a_visit_is_made_on_its_date(s: &mut dyn Store) {
    let acc = mercy(s);
    let v = add(
        s,
        Change::AddVisit(visit(acc, date(2026, 11, 2), Intent::Proactive)),
    );
    let mut c = commitment(acc, "Send it", TODAY, date(2026, 12, 1));
    c.visit = Some(v);
    let (field, e) = refused_at(s.apply(&Change::AddCommitment(c.clone()), TODAY));
    assert_eq!(field, Some(Field::Made));
    assert!(e.contains("Mon 2 Nov"), "{e}");
    c.made_on = date(2026, 11, 2);
    add(s, Change::AddCommitment(c));
}

pub fn a_late_renegotiation_never_raises_say_do(s: &mut dyn Store) {
    let acc = mercy(s);
    let window = Window::new(90, TODAY);
    // Due 30 days ago, still open: judged, not kept.
    let c = add(
        s,
        Change::AddCommitment(commitment(
            acc,
            "Send the dosing report",
            date(2026, 10, 1),
            date(2026, 10, 25),
        )),
    );
    let before = say_do(&s.commitments(&CommitmentQuery::default()).unwrap(), window);
    assert_eq!(before.describe(), "0% · 0/1");

    // A renegotiated date in the past is refused.
    let (field, e) = refused_at(s.apply(
        &Change::Renegotiate {
            commitment: c,
            new_due: date(2026, 10, 25 + 1),
            reason: "x".into(),
            agreed_on: TODAY,
        },
        TODAY,
    ));
    assert_eq!(field, Some(Field::NewDue));
    assert!(e.contains("has passed"), "{e}");

    // Agreed after the date it replaces: saved, and saydo says so.
    let applied = s
        .apply(
            &Change::Renegotiate {
                commitment: c,
                new_due: date(2026, 12, 4),
                reason: "their IT window".into(),
                agreed_on: TODAY,
            },
            TODAY,
        )
        .unwrap();
    let notice = applied.notice.expect("a notice");
    assert!(
        notice.starts_with("already 30 days late: this stays late in say/do"),
        "{notice}"
    );
    assert!(applied.label.contains(&notice));
    let stored = s.commitment(c).unwrap().unwrap();
    assert_eq!(stored.due(), date(2026, 12, 4), "the work's new date");
    assert_eq!(stored.judged_due(), date(2026, 10, 25), "the date missed");

    // Kept before the new date: kept late, and say/do does not move.
    add(
        s,
        Change::Keep {
            commitment: c,
            on: TODAY,
        },
    );
    let kept = s.commitment(c).unwrap().unwrap();
    assert_eq!(kept.status, Status::KeptLate);
    let after = say_do(&s.commitments(&CommitmentQuery::default()).unwrap(), window);
    assert_eq!(after.describe(), "0% · 0/1 · 1 renegotiated");
}
