//! Date words as people type them in quick-add and on the command line.
//!
//! The rules (also in README.md), all relative to a `today` passed in:
//! - `today`, `tomorrow`, `yesterday`
//! - a weekday (`friday` or `fri`): the next such day strictly after today
//! - `next fri`: the Friday of next week (weeks run Monday to Sunday)
//! - `eow`: this week's Friday (next week's when today is Saturday or Sunday),
//!   `eom`: the last day of this month, `eoq`: the last day of this quarter
//! - `+3d`, `+2w`, `+1m`, `+1y` (and `3d`, `2w`…): that far ahead; `-3d`: that far back
//! - `2026-12-01`; `12-01`: this year, or next year when that day has passed
//!
//! For a date that cannot be ahead (when a visit happened, a measurement
//! was taken, a promise was made or kept: [`parse_past_date`]) a weekday is
//! the latest such day strictly before today and `12-01` the latest 1
//! December up to today.

pub use jiff::civil::Date;
use jiff::civil::Weekday;

/// Why a date word was not understood; the caller adds the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date; try fri, +3d, eow or 2026-12-01")]
    NotADate,
    #[error("no such day: {}{}", .0, month_first(.0))]
    NoSuchDay(String),
    #[error("out of range; dates run from year 1 to 9999")]
    OutOfRange,
    /// A word counted from an account's day it does not have (the message
    /// names the days it has).
    #[error("{0}")]
    NoKeyDate(String),
}

/// "31-02" reads as a day then a month to many: say which comes first.
fn month_first(word: &str) -> &'static str {
    if word.matches('-').count() == 1 {
        " (dates are month, then day: MM-DD or YYYY-MM-DD)"
    } else {
        ""
    }
}

pub const DATE_HINT: &str = "try fri, +3d, eow or 2026-12-01";

const WEEKDAYS: [(&str, &str, Weekday); 7] = [
    ("monday", "mon", Weekday::Monday),
    ("tuesday", "tue", Weekday::Tuesday),
    ("wednesday", "wed", Weekday::Wednesday),
    ("thursday", "thu", Weekday::Thursday),
    ("friday", "fri", Weekday::Friday),
    ("saturday", "sat", Weekday::Saturday),
    ("sunday", "sun", Weekday::Sunday),
];

fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(long, short, _)| word == *long || word == *short)
        .map(|(_, _, w)| *w)
}

/// `d + n` days, `None` when it leaves jiff's range (never panics).
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    from_day_number(day_number(d).checked_add(n)?)
}

// Whole-book figures add and subtract days millions of times; through
// jiff's `Span` that was a sixth of `saydo stats`. Days since 1970-01-01
// by the civil-calendar algorithm (H. Hinnant, "chrono-compatible
// low-level date algorithms"), checked against jiff in the tests. Also a
// sort key: one number compares faster than a date's parts.
pub fn day_number(d: Date) -> i64 {
    let (m, day) = (d.month() as i64, d.day() as i64);
    let y = d.year() as i64 - (m <= 2) as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn from_day_number(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    let span = jiff::Span::new().try_months(n).ok()?;
    d.checked_add(span).ok()
}

fn add_years(d: Date, n: i64) -> Option<Date> {
    let span = jiff::Span::new().try_years(n).ok()?;
    d.checked_add(span).ok()
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

/// Monday = 0 … Sunday = 6.
fn weekday_index(w: Weekday) -> i64 {
    (w.to_monday_one_offset() - 1) as i64
}

/// Parses one date word (see the module rules). Case and surrounding
/// space are ignored; `next fri`, `next-fri` and `nextfri` are one word.
pub fn parse_date(input: &str, today: Date) -> Result<Date, DateError> {
    // Years 1 to 9999 only: what the exchange file and every reader of it
    // take (jiff itself reaches back to -9999).
    parse_any_year(input, today)
        .and_then(|d| (d.year() >= 1).then_some(d).ok_or(DateError::OutOfRange))
}

/// As [`parse_date`], and a word counted from one of the account's days
/// (`golive+30d`, `renewal-90d`, `kickoff`; see `key_dates`).
pub fn parse_date_in(
    input: &str,
    today: Date,
    anchors: Option<&super::key_dates::Anchors>,
) -> Result<Date, DateError> {
    from_anchors(parse_date(input, today), input, anchors)
}

/// As [`parse_past_date`], and a word counted from one of the account's days.
pub fn parse_past_date_in(
    input: &str,
    today: Date,
    anchors: Option<&super::key_dates::Anchors>,
) -> Result<Date, DateError> {
    from_anchors(parse_past_date(input, today), input, anchors)
}

fn from_anchors(
    plain: Result<Date, DateError>,
    input: &str,
    anchors: Option<&super::key_dates::Anchors>,
) -> Result<Date, DateError> {
    match (plain, anchors) {
        (Err(DateError::NotADate), Some(a)) => a
            .resolve(input)
            .unwrap_or(Err(DateError::NotADate))
            .and_then(|d| (d.year() >= 1).then_some(d).ok_or(DateError::OutOfRange)),
        (plain, _) => plain,
    }
}

/// A word a letter or two away from a day's name (`fryday`, `tomorow`):
/// a date mistyped rather than anything else.
pub fn near_date_word(word: &str) -> bool {
    let w = word.trim().to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .map(|(long, _, _)| *long)
        .chain(["today", "tomorrow", "yesterday"])
        .any(|d| super::text::edits(&w, d) <= 2)
}

/// `+30d`, `-3m`: a signed offset as a key date takes it.
pub fn is_offset(word: &str) -> bool {
    matches!(word.as_bytes().first(), Some(b'+' | b'-'))
        && relative(word, Date::constant(2000, 1, 1)).is_ok_and(|d| d.is_some())
}

/// `base` moved by the signed offset `word` (`+30d`, `-90d`, `+1m`).
pub fn offset_from(word: &str, base: Date) -> Result<Date, DateError> {
    relative(&word.to_ascii_lowercase(), base)?.ok_or(DateError::NotADate)
}

/// A date that cannot be ahead of today: `fri` is last Friday, `11-20` the
/// latest 20 November up to today; every other word as [`parse_date`].
pub fn parse_past_date(input: &str, today: Date) -> Result<Date, DateError> {
    let word = input.trim().to_ascii_lowercase();
    let oor = DateError::OutOfRange;
    if let Some(w) = weekday(&word) {
        let delta = (weekday_index(today.weekday()) - weekday_index(w)).rem_euclid(7);
        let delta = if delta == 0 { 7 } else { delta };
        return add_days(today, -delta).ok_or(oor);
    }
    let parts: Vec<&str> = word.split('-').collect();
    if let [m, d] = parts.as_slice() {
        let num = |s: &str| (s.len() <= 2).then(|| s.parse::<i8>().ok()).flatten();
        if let (Some(m), Some(d)) = (num(m), num(d)) {
            // The latest such day up to today (02-29 is in leap years only).
            for back in 0..=8 {
                if let Ok(on) = Date::new(today.year() - back, m, d) {
                    if on <= today {
                        return Ok(on);
                    }
                }
            }
        }
    }
    parse_date(input, today)
}

fn parse_any_year(input: &str, today: Date) -> Result<Date, DateError> {
    let word = input.trim().to_ascii_lowercase();
    let word = word.as_str();
    let oor = DateError::OutOfRange;
    match word {
        "today" | "tod" => return Ok(today),
        "tomorrow" | "tom" => return add_days(today, 1).ok_or(oor),
        "yesterday" => return add_days(today, -1).ok_or(oor),
        "eow" => {
            let wd = weekday_index(today.weekday());
            let delta = if wd <= 4 { 4 - wd } else { 11 - wd };
            return add_days(today, delta).ok_or(oor);
        }
        "eom" => return Ok(today.last_of_month()),
        "eoq" => {
            let q_end_month = ((today.month() - 1) / 3 + 1) * 3;
            let first = Date::new(today.year(), q_end_month, 1).map_err(|_| oor.clone())?;
            return Ok(first.last_of_month());
        }
        _ => {}
    }
    if let Some(w) = weekday(word) {
        let delta = (weekday_index(w) - weekday_index(today.weekday())).rem_euclid(7);
        let delta = if delta == 0 { 7 } else { delta };
        return add_days(today, delta).ok_or(oor);
    }
    if let Some(rest) = word
        .strip_prefix("next")
        .map(|r| r.trim_start_matches([' ', '-']))
    {
        if let Some(w) = weekday(rest) {
            let monday_next =
                add_days(today, 7 - weekday_index(today.weekday())).ok_or(oor.clone())?;
            return add_days(monday_next, weekday_index(w)).ok_or(oor);
        }
        return Err(DateError::NotADate);
    }
    if let Some(d) = relative(word, today)? {
        return Ok(d);
    }
    absolute(word, today)
}

fn relative(word: &str, today: Date) -> Result<Option<Date>, DateError> {
    let (sign, body) = match word.as_bytes().first() {
        Some(b'+') => (1i64, &word[1..]),
        Some(b'-') => (-1i64, &word[1..]),
        _ => (1i64, word),
    };
    let Some(unit) = body.chars().last() else {
        return Ok(None);
    };
    if !matches!(unit, 'd' | 'w' | 'm' | 'y') {
        return Ok(None);
    }
    let digits = &body[..body.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let n: i64 = digits.parse().map_err(|_| DateError::OutOfRange)?;
    let n = sign * n;
    let d = match unit {
        'd' => add_days(today, n),
        'w' => n.checked_mul(7).and_then(|days| add_days(today, days)),
        'm' => add_months(today, n),
        _ => add_years(today, n),
    };
    d.map(Some).ok_or(DateError::OutOfRange)
}

fn absolute(word: &str, today: Date) -> Result<Date, DateError> {
    let parts: Vec<&str> = word.split('-').collect();
    let num = |s: &str, max_len: usize| -> Option<i64> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    let make = |y: i64, m: i64, d: i64| -> Result<Date, DateError> {
        if !(1..=9999).contains(&y) {
            return Err(DateError::OutOfRange);
        }
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return Err(DateError::NoSuchDay(word.to_string()));
        }
        Date::new(y as i16, m as i8, d as i8).map_err(|_| DateError::NoSuchDay(word.to_string()))
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else {
                return Err(DateError::NotADate);
            };
            make(y, m, d)
        }
        [m, d] => {
            let (Some(m), Some(d)) = (num(m, 2), num(d, 2)) else {
                return Err(DateError::NotADate);
            };
            let this_year = make(today.year() as i64, m, d);
            match this_year {
                Ok(date) if date >= today => Ok(date),
                // 02-29 may exist only in some years: look at the next one.
                _ => make(today.year() as i64 + 1, m, d),
            }
        }
        _ => Err(DateError::NotADate),
    }
}

/// "Fri 27 Nov", the form echoed after every date a person typed.
pub fn short(d: Date) -> String {
    let mut s = String::with_capacity(10);
    push_short(&mut s, d);
    s
}

/// As [`short`], written at the end of `out`: a listing shows thousands
/// of dates, each once a string was an allocation and a `format!`.
pub fn push_short(out: &mut String, d: Date) {
    // By hand, not strftime.
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    out.push_str(DAYS[weekday_index(d.weekday()) as usize]);
    out.push(' ');
    let day = d.day() as u8;
    if day >= 10 {
        out.push(char::from(b'0' + day / 10));
    }
    out.push(char::from(b'0' + day % 10));
    out.push(' ');
    out.push_str(MONTHS[(d.month() - 1) as usize]);
}

/// The short form within today's year, the long one outside it.
pub fn shown(today: Date, d: Date) -> String {
    let mut s = String::with_capacity(15);
    push_shown(&mut s, today, d);
    s
}

/// As [`shown`], written at the end of `out`.
pub fn push_shown(out: &mut String, today: Date, d: Date) {
    push_short(out, d);
    if d.year() != today.year() {
        push_year(out, d);
    }
}

/// "Fri 27 Nov 2026".
pub fn long(d: Date) -> String {
    let mut s = String::with_capacity(15);
    push_short(&mut s, d);
    push_year(&mut s, d);
    s
}

fn push_year(out: &mut String, d: Date) {
    use std::fmt::Write;
    let _ = write!(out, " {:04}", d.year());
}

/// "today", "in 3d", "2d late"-style distance, for lists.
pub fn relative_words(d: Date, today: Date) -> String {
    let mut s = String::new();
    push_relative_words(&mut s, d, today);
    s
}

/// As [`relative_words`], written at the end of `out`.
pub fn push_relative_words(out: &mut String, d: Date, today: Date) {
    use std::fmt::Write;
    let _ = match days_between(today, d) {
        0 => out.write_str("today"),
        1 => out.write_str("tomorrow"),
        -1 => out.write_str("yesterday"),
        n if n > 0 => write!(out, "in {n}d"),
        n => write!(out, "{}d ago", -n),
    };
}

/// Parses a window such as `90d`, `12w`, `6m` into days (months count 30 days).
pub fn parse_window(input: &str) -> Result<u32, super::Invalid> {
    let w = input.trim().to_ascii_lowercase();
    let bad = || format!("`{input}`: not a window; try 90d, 12w or 6m");
    let unit = w.chars().last().ok_or_else(bad)?;
    let digits = if unit.is_ascii_digit() {
        &w[..]
    } else {
        &w[..w.len() - 1]
    };
    let n: u32 = digits.parse().map_err(|_| bad())?;
    let days = match unit {
        'd' | '0'..='9' => Some(n),
        'w' => n.checked_mul(7),
        'm' => n.checked_mul(30),
        'y' => n.checked_mul(365),
        _ => None,
    }
    .ok_or_else(bad)?;
    if days == 0 || days > 36_500 {
        return Err(format!("`{input}`: a window runs from 1 day to 100 years").into());
    }
    Ok(days)
}

#[cfg(test)]
mod range_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // Tuesday 24 November 2026.
    const TODAY: Date = date(2026, 11, 24);

    fn p(s: &str) -> Date {
        parse_date(s, TODAY).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn words() {
        assert_eq!(p("today"), TODAY);
        assert_eq!(p("Tomorrow"), date(2026, 11, 25));
        assert_eq!(p("yesterday"), date(2026, 11, 23));
    }

    #[test]
    fn weekdays_are_strictly_after_today() {
        assert_eq!(p("fri"), date(2026, 11, 27));
        assert_eq!(p("friday"), date(2026, 11, 27));
        assert_eq!(p("tue"), date(2026, 12, 1));
        assert_eq!(p("mon"), date(2026, 11, 30));
    }

    #[test]
    fn next_weekday_is_in_next_week() {
        assert_eq!(p("next fri"), date(2026, 12, 4));
        assert_eq!(p("next-mon"), date(2026, 11, 30));
        assert_eq!(p("next sun"), date(2026, 12, 6));
    }

    #[test]
    fn ends() {
        assert_eq!(p("eow"), date(2026, 11, 27));
        assert_eq!(
            parse_date("eow", date(2026, 11, 28)).unwrap(),
            date(2026, 12, 4)
        );
        assert_eq!(
            parse_date("eow", date(2026, 11, 27)).unwrap(),
            date(2026, 11, 27)
        );
        assert_eq!(p("eom"), date(2026, 11, 30));
        assert_eq!(p("eoq"), date(2026, 12, 31));
        assert_eq!(
            parse_date("eoq", date(2026, 2, 3)).unwrap(),
            date(2026, 3, 31)
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(p("+3d"), date(2026, 11, 27));
        assert_eq!(p("3d"), date(2026, 11, 27));
        assert_eq!(p("+2w"), date(2026, 12, 8));
        assert_eq!(p("+1m"), date(2026, 12, 24));
        assert_eq!(p("-3d"), date(2026, 11, 21));
        assert_eq!(
            parse_date("+1m", date(2026, 1, 31)).unwrap(),
            date(2026, 2, 28)
        );
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(p("2026-12-01"), date(2026, 12, 1));
        assert_eq!(p("12-01"), date(2026, 12, 1));
        assert_eq!(p("11-24"), TODAY);
        assert_eq!(p("11-23"), date(2027, 11, 23));
        assert_eq!(
            parse_date("02-29", TODAY),
            Err(DateError::NoSuchDay("02-29".into()))
        );
    }

    #[test]
    fn rejects_with_reasons() {
        assert_eq!(parse_date("fryday", TODAY), Err(DateError::NotADate));
        assert_eq!(
            parse_date("2026-02-30", TODAY),
            Err(DateError::NoSuchDay("2026-02-30".into()))
        );
        assert_eq!(
            parse_date("+99999999999d", TODAY),
            Err(DateError::OutOfRange)
        );
        assert_eq!(parse_date("+é", TODAY), Err(DateError::NotADate));
        assert_eq!(parse_date("", TODAY), Err(DateError::NotADate));
        assert_eq!(parse_date("next", TODAY), Err(DateError::NotADate));
    }

    #[test]
    fn echo_forms() {
        assert_eq!(short(date(2026, 11, 27)), "Fri 27 Nov");
        assert_eq!(relative_words(date(2026, 11, 27), TODAY), "in 3d");
        assert_eq!(relative_words(date(2026, 11, 22), TODAY), "2d ago");
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("90d"), Ok(90));
        assert_eq!(parse_window("12w"), Ok(84));
        assert_eq!(parse_window("30"), Ok(30));
        assert!(parse_window("soon").is_err());
        assert!(parse_window("0d").is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,16}") {
            let _ = parse_date(&s, TODAY);
        }

        #[test]
        fn offsets_round_trip(n in 0i64..20000) {
            let d = parse_date(&format!("+{n}d"), TODAY).unwrap();
            proptest::prop_assert_eq!(days_between(TODAY, d), n);
        }
    }
}
