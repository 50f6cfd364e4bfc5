use super::codec::track_of;
use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = Date> {
    (1900i16..2200, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn any_promise() -> impl Strategy<Value = Promise> {
    (
        any::<i64>(),
        "\\PC{0,12}",
        "\\PC{0,12}",
        any_date(),
        any_date(),
        0usize..Status::ALL.len(),
        proptest::option::of(any_date()),
        any::<bool>(),
    )
        .prop_map(
            |(num, what, owner, due, judged_due, s, resolved_on, renegotiated)| Promise {
                num,
                what,
                owner: owner.as_str().into(),
                due,
                judged_due,
                status: Status::ALL[s],
                resolved_on,
                renegotiated,
            },
        )
}

fn any_metric() -> impl Strategy<Value = MetricMark> {
    let signal = (
        0usize..3,
        any_date(),
        -1e9f64..1e9,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(r, on, value, below, better)| SignalMark {
            rule: Rule::ALL[r],
            on,
            value,
            side: if below { Side::Below } else { Side::Above },
            better,
        });
    (
        any::<i64>(),
        "\\PC{0,12}",
        0u8..3,
        0u32..1000,
        proptest::option::of(0usize..3),
        proptest::option::of(any_date()),
        proptest::option::of(any::<u32>()),
        proptest::collection::vec(signal, 0..5),
    )
        .prop_map(
            |(num, name, t, open_signals, fresh, last_on, every_days, chart)| MetricMark {
                num,
                name,
                every_days,
                track: track_of(t).unwrap(),
                open_signals,
                fresh: fresh.map(|i| Rule::ALL[i]),
                last_on,
                chart,
            },
        )
}

proptest! {
    #[test]
    fn a_digest_reads_back_as_it_was_stored(
        promises in proptest::collection::vec(any_promise(), 0..8),
        visits in proptest::collection::vec((any_date(), any::<bool>()), 0..8),
        metrics in proptest::collection::vec(any_metric(), 0..4),
        asks in proptest::collection::vec((any::<i64>(), any_date(), any_date(), any::<u32>()), 0..3),
    ) {
        let d = Digest {
            promises,
            visits: visits.into_iter().map(|(on, proactive)| VisitMark { on, proactive }).collect(),
            metrics,
            asks: asks
                .into_iter()
                .map(|(visit, on, complete_on, commitments)| Ask { visit, on, complete_on, commitments })
                .collect(),
        };
        let bytes = d.encode();
        prop_assert_eq!(Digest::decode(&bytes), Some(d));
        // Cut short or with a byte too many, it is refused, never misread.
        prop_assert_eq!(Digest::decode(&bytes[..bytes.len() - 1]), None);
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert_eq!(Digest::decode(&longer), None);
    }

    #[test]
    fn damaged_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Digest::decode(&bytes);
    }
}

#[test]
fn another_version_is_not_read() {
    let mut bytes = Digest::default().encode();
    assert!(Digest::decode(&bytes).is_some());
    bytes[0] = VERSION + 1;
    assert_eq!(Digest::decode(&bytes), None);
}
