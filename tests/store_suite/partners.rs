//! The partners register: partners and the customer metrics aligned with
//! their KPIs, as every store must keep them.

use super::{input_error, mercy};
use crate::common::*;
use saydo::domain::partners::alignment;
use saydo::domain::*;
use saydo::rules::Field;
use saydo::store::{Change, Record, Store, StoreError};
use uuid::Uuid;

fn partner(name: &str, kpis: &[&str]) -> Partner {
    Partner {
        id: Uuid::nil(),
        num: 0,
        name: name.into(),
        function: "gets product to the pharmacy".into(),
        owner: Some("Priya Shah".into()),
        kpis: kpis.iter().map(|k| k.to_string()).collect(),
    }
}

fn metric(account: i64, partner: Option<i64>, kpi: &str) -> Metric {
    Metric {
        id: Uuid::nil(),
        num: 0,
        account,
        name: "Doses on the ward".into(),
        words: "never run out at night".into(),
        kind: MetricKind::Outcome,
        unit: "%".into(),
        direction: Direction::Higher,
        baseline: None,
        proxy: String::new(),
        target: None,
        target_on: None,
        kpi: kpi.into(),
        moment: None,
        definition: Default::default(),
        voice: Default::default(),
        partner,
    }
}

fn field_of(r: Result<saydo::store::Applied, StoreError>) -> Option<Field> {
    match r {
        Err(StoreError::Input(r)) => r.field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn partners_register_and_alignment(s: &mut dyn Store) {
    let acc = mercy(s);
    let supply = add(
        s,
        Change::AddPartner(partner("Supply", &["fill rate", "OTIF"])),
    );
    let got = s.partners().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].owner.as_deref(), Some("Priya Shah"));
    assert_eq!(got[0].kpis, vec!["fill rate", "OTIF"]);
    assert!(
        s.people().unwrap().iter().any(|p| p.name == "Priya Shah"),
        "the owner is one of the people once named"
    );
    // One partner of a name, in any case; a KPI once.
    let e = input_error(s.apply(&Change::AddPartner(partner("supply", &[])), TODAY));
    assert!(e.contains("in the partners register already"), "{e}");
    assert_eq!(
        field_of(s.apply(
            &Change::AddPartner(partner("Medical", &["reach", "Reach"])),
            TODAY
        )),
        Some(Field::Kpis)
    );

    // A metric aligned with a KPI the partner does not answer for is
    // refused at the KPI, naming theirs; with one of theirs it is kept.
    let e = input_error(s.apply(&Change::AddMetric(metric(acc, Some(supply), "cost")), TODAY));
    assert!(e.contains("their KPIs: fill rate; OTIF"), "{e}");
    let m = add(s, Change::AddMetric(metric(acc, Some(supply), "Fill Rate")));
    assert_eq!(s.metric(m).unwrap().unwrap().partner, Some(supply));
    let ps = s.partners().unwrap();
    let ms = s.metrics(None).unwrap();
    let lines = alignment(&ps, &ms);
    assert_eq!(lines[0].kpis[0].metrics.len(), 1);
    assert_eq!(lines[0].unserved(), vec!["OTIF"]);

    // The KPI stays while a metric is aligned with it.
    let mut p = s.partners().unwrap().remove(0);
    p.kpis = vec!["OTIF".into()];
    let e = input_error(s.apply(&Change::EditPartner(p.clone()), TODAY));
    assert!(e.contains(&format!("metric #{m}")), "{e}");
    p.kpis = vec!["fill rate".into(), "OTIF".into(), "backorders".into()];
    p.function = "supply chain".into();
    add(s, Change::EditPartner(p));
    assert_eq!(s.partners().unwrap()[0].kpis.len(), 3);

    // Removed, the metric keeps its KPI's name but serves no partner; an
    // undo puts the partner and the alignment back.
    let applied = s
        .apply(&Change::Remove(Record::Partner(supply)), TODAY)
        .unwrap();
    assert!(
        applied.label.contains("unaligning 1 metric"),
        "{}",
        applied.label
    );
    assert!(s.partners().unwrap().is_empty());
    let after = s.metric(m).unwrap().unwrap();
    assert_eq!((after.partner, after.kpi.as_str()), (None, "Fill Rate"));
    s.undo().unwrap();
    assert_eq!(s.metric(m).unwrap().unwrap().partner, Some(supply));
    assert_eq!(s.partners().unwrap().len(), 1);
}
