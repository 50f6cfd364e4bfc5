use super::*;
use crate::domain::model::{kept_status, Choice, MetricKind, Renegotiation, VisitKind};
use jiff::civil::date;
use proptest::prelude::*;
use uuid::Uuid;

const TODAY: Date = date(2026, 11, 24);

fn c(num: i64, due: Date, status: Status, resolved: Option<Date>) -> Commitment {
    Commitment {
        id: Uuid::nil(),
        num,
        account: 1,
        what: format!("promise {num}"),
        to_whom: String::new(),
        owner: "me".into(),
        made_on: date(2026, 8, 1),
        due_on: due,
        visit: None,
        status,
        resolved_on: resolved,
        reason: String::new(),
        renegotiations: vec![],
    }
}

fn reneg(mut c: Commitment, new_due: Date, agreed: Date) -> Commitment {
    c.renegotiations.push(Renegotiation {
        new_due,
        reason: "customer asked".into(),
        agreed_on: agreed,
    });
    c
}

fn w() -> Window {
    Window::new(90, TODAY)
}

#[test]
fn months_count_where_commitments_are_judged_and_visits_happen() {
    let months = trend_months(TODAY);
    assert_eq!(months.first(), Some(&date(2025, 12, 1)));
    assert_eq!(months.last(), Some(&date(2026, 11, 1)));
    let cs = vec![
        // Kept on time in October: judged 3 Oct.
        c(1, date(2026, 10, 5), Status::Kept, Some(date(2026, 10, 3))),
        // Broken in November.
        c(
            2,
            date(2026, 11, 2),
            Status::Broken,
            Some(date(2026, 11, 20)),
        ),
        // Open, due 10 Nov, so overdue: judged in November, not kept.
        c(3, date(2026, 11, 10), Status::Open, None),
        // Open, due next month: not judged yet.
        c(4, date(2026, 12, 10), Status::Open, None),
        // Kept a year and more ago: before the trend.
        c(5, date(2025, 10, 1), Status::Kept, Some(date(2025, 10, 1))),
    ];
    let vs = vec![
        visit(date(2026, 11, 2), Intent::Proactive),
        visit(date(2026, 11, 20), Intent::Reactive),
        visit(date(2026, 1, 15), Intent::Proactive),
    ];
    let m = monthly(&cs, &vs, TODAY);
    let nov = m[11];
    assert_eq!((nov.say_do.kept_on_time, nov.say_do.judged), (0, 2));
    assert_eq!((nov.visits.proactive, nov.visits.total), (1, 2));
    let oct = m[10];
    assert_eq!((oct.say_do.kept_on_time, oct.say_do.judged), (1, 1));
    assert_eq!(m[1].visits.total, 1, "January");
    assert_eq!(m.iter().map(|x| x.say_do.judged).sum::<u32>(), 3);
    let mut total = Month::default();
    total.merge(&nov, false);
    total.merge(&oct, false);
    total.merge(&oct, true);
    assert_eq!(total, nov);
    let ratios: Vec<Option<f64>> = m.iter().map(|x| x.say_do.ratio()).collect();
    assert_eq!(sparkline(&ratios, 1.0), "··········█▁");
}

#[test]
fn window_bounds() {
    assert_eq!(w().start(), date(2026, 8, 27));
    assert!(w().contains(date(2026, 8, 27)));
    assert!(!w().contains(date(2026, 8, 26)));
    assert!(!w().contains(date(2026, 11, 25)));
}

/// A portfolio whose say/do can be stated by hand:
/// 1 kept early             → judged on resolution, kept     (1/1)
/// 2 kept late              → judged on due, not kept        (1/2)
/// 3 broken                 → judged, not kept               (1/3)
/// 4 dropped                → left out
/// 5 open, due yesterday    → judged on due, not kept        (1/4)
/// 6 open, due today        → not yet judged
/// 7 renegotiated, kept before the new date → kept, counted  (2/5, 1 reneg)
/// 8 kept, but its due date fell before the window → outside
/// 9 renegotiated to the future, still open → not judged
#[test]
fn say_do_by_hand() {
    let cs = vec![
        c(1, date(2026, 11, 10), Status::Kept, Some(date(2026, 11, 5))),
        c(
            2,
            date(2026, 10, 1),
            Status::KeptLate,
            Some(date(2026, 10, 9)),
        ),
        c(
            3,
            date(2026, 9, 15),
            Status::Broken,
            Some(date(2026, 9, 20)),
        ),
        c(
            4,
            date(2026, 10, 15),
            Status::Dropped,
            Some(date(2026, 10, 2)),
        ),
        c(5, date(2026, 11, 23), Status::Open, None),
        c(6, TODAY, Status::Open, None),
        reneg(
            c(7, date(2026, 10, 1), Status::Kept, Some(date(2026, 10, 20))),
            date(2026, 10, 31),
            date(2026, 9, 28),
        ),
        c(8, date(2026, 8, 1), Status::Kept, Some(date(2026, 7, 30))),
        reneg(
            c(9, date(2026, 11, 1), Status::Open, None),
            date(2026, 12, 15),
            date(2026, 10, 30),
        ),
    ];
    let s = say_do(&cs, w());
    assert_eq!(
        s,
        SayDo {
            kept_on_time: 2,
            judged: 5,
            renegotiated: 1
        }
    );
    assert_eq!(s.describe(), "40% · 2/5 · 1 renegotiated");
}

#[test]
fn nothing_judged_is_a_dash() {
    let s = say_do(&[c(1, TODAY, Status::Open, None)], w());
    assert_eq!(s.ratio(), None);
    assert_eq!(s.describe(), "—");
}

#[test]
fn kept_late_is_never_on_time() {
    let mut k = c(
        1,
        date(2026, 11, 1),
        Status::KeptLate,
        Some(date(2026, 11, 3)),
    );
    assert!(!kept_on_time(&k));
    k.status = Status::Kept;
    k.resolved_on = Some(date(2026, 11, 1));
    assert!(kept_on_time(&k));
    assert_eq!(
        kept_status(date(2026, 11, 1), date(2026, 11, 2)),
        Status::KeptLate
    );
}

fn visit(on: Date, intent: Intent) -> Visit {
    Visit {
        id: Uuid::nil(),
        num: 0,
        account: 1,
        on,
        kind: VisitKind::OnSite,
        intent,
        ours: vec![],
        theirs: vec![],
        notes: String::new(),
        feedback: None,
    }
}

#[test]
fn visits() {
    let vs = vec![
        visit(date(2026, 11, 20), Intent::Proactive),
        visit(date(2026, 10, 1), Intent::Reactive),
        visit(date(2026, 9, 1), Intent::Proactive),
        visit(date(2026, 1, 1), Intent::Reactive),
    ];
    let m = visit_mix(&vs, w());
    assert_eq!((m.proactive, m.total), (2, 3));
    assert_eq!(percent(m.share()), "67%");
    assert_eq!(days_since_last_visit(&vs, TODAY), Some(4));
    assert_eq!(days_since_last_visit(&[] as &[Visit], TODAY), None);
    assert_eq!(days_in_stage(date(2026, 11, 1), TODAY), 23);
}

fn metric(direction: Direction, base: Option<f64>, target: Option<f64>) -> Metric {
    Metric {
        id: Uuid::nil(),
        num: 1,
        account: 1,
        name: "Door-to-needle".into(),
        words: "Patients get the drug within 45 minutes".into(),
        kind: MetricKind::Outcome,
        unit: "min".into(),
        direction,
        baseline: base.map(|value| Baseline {
            value,
            on: date(2026, 1, 1),
        }),
        proxy: String::new(),
        target,
        target_on: Some(date(2027, 1, 1)),
        kpi: String::new(),
        moment: None,
        definition: Default::default(),
        voice: Default::default(),
        partner: None,
    }
}

fn m(num: i64, on: Date, value: f64) -> Measurement {
    Measurement {
        id: Uuid::nil(),
        num,
        metric: 1,
        on,
        value,
        source: String::new(),
        note: String::new(),
    }
}

#[test]
fn progress_honours_direction() {
    let lower = metric(Direction::Lower, Some(60.0), Some(40.0));
    assert_eq!(progress(&lower, Some(50.0)), Some(0.5));
    assert_eq!(progress(&lower, Some(70.0)), Some(-0.5));
    let higher = metric(Direction::Higher, Some(10.0), Some(20.0));
    assert_eq!(progress(&higher, Some(25.0)), Some(1.5));
    assert_eq!(
        progress(&metric(Direction::Higher, None, Some(1.0)), Some(1.0)),
        None
    );
}

#[test]
fn a_metric_with_only_a_proxy_has_progress_and_status_that_agree() {
    let mut proxy = metric(Direction::Lower, None, Some(40.0));
    proxy.proxy = "last audit".into();
    assert_eq!(progress_of(&proxy, &[]), None);
    assert_eq!(track(&proxy, &[]), Track::Unknown);
    let one = [m(1, date(2026, 1, 1), 50.0)];
    assert_eq!(
        (progress_of(&proxy, &one), track(&proxy, &one)),
        (None, Track::Unknown)
    );
    let two = [m(1, date(2026, 1, 1), 50.0), m(2, date(2026, 2, 1), 45.0)];
    assert_eq!(progress_of(&proxy, &two), Some(0.5));
    assert_ne!(track(&proxy, &two), Track::Unknown);
}

#[test]
fn tracking_against_the_line_to_target() {
    // Baseline 60 on 1 Jan 2026, target 40 on 1 Jan 2027 (lower is better):
    // on 2 Jul 2026 (half way) the line is at ~50.
    let lower = metric(Direction::Lower, Some(60.0), Some(40.0));
    assert_eq!(
        track(&lower, &[m(1, date(2026, 7, 2), 49.0)]),
        Track::OnTrack
    );
    assert_eq!(
        track(&lower, &[m(1, date(2026, 7, 2), 55.0)]),
        Track::OffTrack
    );
    assert_eq!(track(&lower, &[]), Track::Unknown);
    // No baseline: the first measurement stands in.
    let nob = metric(Direction::Higher, None, Some(100.0));
    assert_eq!(track(&nob, &[m(1, date(2026, 1, 1), 50.0)]), Track::Unknown);
}

fn arb_commitment() -> impl Strategy<Value = Commitment> {
    (
        0i64..200,
        0usize..5,
        0i64..200,
        proptest::bool::ANY,
        0i64..200,
    )
        .prop_map(|(due_ago, st, res_ago, reneg_it, new_ago)| {
            let status = Status::ALL[st];
            let due = add_days(TODAY, 30 - due_ago).unwrap();
            let resolved = (status != Status::Open).then(|| add_days(TODAY, -res_ago).unwrap());
            let mut x = c(1, due, status, resolved);
            if reneg_it {
                x = reneg(
                    x,
                    add_days(TODAY, 30 - new_ago).unwrap(),
                    add_days(due, -1).unwrap(),
                );
            }
            x
        })
}

proptest! {
    #[test]
    fn ratio_is_a_share_or_none(cs in proptest::collection::vec(arb_commitment(), 0..40)) {
        let s = say_do(&cs, w());
        prop_assert!(s.kept_on_time <= s.judged);
        prop_assert!(s.renegotiated <= s.judged);
        match s.ratio() {
            None => prop_assert_eq!(s.judged, 0),
            Some(r) => prop_assert!((0.0..=1.0).contains(&r)),
        }
    }

    #[test]
    fn keeping_a_promise_on_time_never_lowers_it(
        cs in proptest::collection::vec(arb_commitment(), 0..40),
        ago in 0i64..89,
    ) {
        let before = say_do(&cs, w()).ratio().unwrap_or(0.0);
        let on = add_days(TODAY, -ago).unwrap();
        let mut more = cs.clone();
        more.push(c(99, on, Status::Kept, Some(on)));
        let after = say_do(&more, w()).ratio().unwrap();
        prop_assert!(after >= before);
    }

    /// A commitment already late, renegotiated to any later date and
    /// then kept on any day up to today: say/do is never higher than
    /// if it had simply been kept late.
    #[test]
    fn a_late_renegotiation_never_raises_it(
        cs in proptest::collection::vec(arb_commitment(), 0..30),
        late_by in 1i64..80,
        due_ago in 1i64..85,
        push in 0i64..60,
        kept_ago in proptest::option::of(0i64..85),
    ) {
        let due = add_days(TODAY, -due_ago).unwrap();
        let agreed = add_days(due, late_by).unwrap().min(TODAY);
        prop_assume!(agreed > due);
        let new_due = add_days(agreed, push).unwrap();
        let kept = kept_ago.map(|a| add_days(TODAY, -a).unwrap().max(due));
        let plain = match kept {
            Some(on) => c(99, due, kept_status(due, on), Some(on)),
            None => c(99, due, Status::Open, None),
        };
        let mut renegotiated = reneg(c(99, due, Status::Open, None), new_due, agreed);
        if let Some(on) = kept {
            renegotiated.status = kept_status(renegotiated.judged_due(), on);
            renegotiated.resolved_on = Some(on);
        }
        let with = |x: Commitment| {
            let mut all = cs.clone();
            all.push(x);
            say_do(&all, w())
        };
        let (a, b) = (with(plain), with(renegotiated));
        prop_assert!(b.kept_on_time <= a.kept_on_time, "{:?} vs {:?}", b, a);
        prop_assert_eq!(b.judged, a.judged);
    }

    #[test]
    fn dropping_never_changes_the_count(cs in proptest::collection::vec(arb_commitment(), 0..40)) {
        let mut more = cs.clone();
        more.push(c(99, add_days(TODAY, -5).unwrap(), Status::Dropped, Some(TODAY)));
        prop_assert_eq!(say_do(&cs, w()), say_do(&more, w()));
    }

    #[test]
    fn proactive_share_is_a_share(intents in proptest::collection::vec(proptest::bool::ANY, 0..30)) {
        let vs: Vec<Visit> = intents.iter().enumerate().map(|(i, p)| visit(
            add_days(TODAY, -(i as i64) * 5).unwrap(),
            if *p { Intent::Proactive } else { Intent::Reactive },
        )).collect();
        let m = visit_mix(&vs, w());
        prop_assert!(m.proactive <= m.total);
        if let Some(s) = m.share() { prop_assert!((0.0..=1.0).contains(&s)); }
    }
}
