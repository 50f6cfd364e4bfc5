//! Day arithmetic and the short forms of dates held to jiff's, and the years a typed date may reach.

use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = Date> {
    (-9999i16..=9999, 1i8..=12, 1i8..=31)
        .prop_filter_map("a real day", |(y, m, d)| Date::new(y, m, d).ok())
}

proptest! {
    #[test]
    fn day_arithmetic_agrees_with_jiff(a in any_date(), b in any_date(), n in -4_000_000i64..4_000_000) {
        let span = b.since(a).unwrap().get_days() as i64;
        prop_assert_eq!(days_between(a, b), span);
        let jiff = jiff::Span::new().try_days(n).ok().and_then(|s| a.checked_add(s).ok());
        prop_assert_eq!(add_days(a, n), jiff);
    }
}

proptest! {
    #[test]
    fn dates_are_shown_as_strftime_shows_them(d in any_date()) {
        prop_assert_eq!(short(d), d.strftime("%a %-d %b").to_string());
        prop_assert_eq!(long(d), d.strftime("%a %-d %b %Y").to_string());
    }
}

#[test]
fn day_arithmetic_at_the_edges() {
    assert_eq!(add_days(Date::MAX, 1), None);
    assert_eq!(add_days(Date::MIN, -1), None);
    assert_eq!(add_days(date(2024, 2, 28), 1), Some(date(2024, 2, 29)));
    assert_eq!(add_days(date(2100, 2, 28), 1), Some(date(2100, 3, 1)));
    assert_eq!(days_between(date(1970, 1, 1), date(2000, 3, 1)), 11_017);
    assert_eq!(add_days(Date::MIN, i64::MAX), None, "no overflow");
}

#[test]
fn dates_that_cannot_be_ahead_look_back() {
    const TODAY: Date = date(2026, 11, 24);
    let past = |w| parse_past_date(w, TODAY).unwrap();
    // Tuesday 24 November 2026.
    assert_eq!(past("fri"), date(2026, 11, 20));
    assert_eq!(past("tue"), date(2026, 11, 17));
    assert_eq!(past("mon"), date(2026, 11, 23));
    assert_eq!(past("11-20"), date(2026, 11, 20));
    assert_eq!(past("11-24"), TODAY);
    assert_eq!(past("12-01"), date(2025, 12, 1));
    assert_eq!(past("02-29"), date(2024, 2, 29));
    assert_eq!(past("yesterday"), date(2026, 11, 23));
    assert_eq!(past("-3d"), date(2026, 11, 21));
    assert_eq!(
        past("2026-12-01"),
        date(2026, 12, 1),
        "a full date is as typed"
    );
    assert_eq!(parse_past_date("fryday", TODAY), Err(DateError::NotADate));
}

#[test]
fn dates_stay_within_years_1_to_9999() {
    let today = date(2026, 11, 24);
    assert!(matches!(
        parse_date("-999999d", today),
        Err(DateError::OutOfRange)
    ));
    assert!(matches!(
        parse_date("+99999y", today),
        Err(DateError::OutOfRange)
    ));
    assert!(parse_date("-2000y", today).is_ok(), "year 26 is fine");
}
