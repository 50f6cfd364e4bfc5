//! Rows ↔ records: column lists and the conversions both ways.

use super::*;
use crate::domain::Feedback;

/// A column that cannot be read as its type; the reason is kept as the source.
pub(super) fn conv_err(
    idx: usize,
    why: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, why.into())
}

pub(super) fn date_at(r: &Row, idx: usize) -> rusqlite::Result<Date> {
    let s: &str = r.get_ref(idx)?.as_str()?;
    date_text(s).map_err(|e| conv_err(idx, e))
}

pub(super) fn opt_date_at(r: &Row, idx: usize) -> rusqlite::Result<Option<Date>> {
    let s: Option<&str> = r.get_ref(idx)?.as_str_or_null()?;
    s.map(|s| date_text(s).map_err(|e| conv_err(idx, e)))
        .transpose()
}

/// A stored date, `YYYY-MM-DD` as saydo writes it, read without jiff's
/// general parser (a tenth of `commit list` went there); anything else
/// is left to jiff, which says what is wrong with it.
pub(super) fn date_text(s: &str) -> std::result::Result<Date, jiff::Error> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + (c - b'0') as i16)
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if let Ok(date) = Date::new(y, m as i8, d as i8) {
                return Ok(date);
            }
        }
    }
    s.parse()
}

pub(super) fn uuid_at(r: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    // As bytes: the parser checks every one of them, so a UTF-8 check
    // first would be work done twice.
    let b = r.get_ref(idx)?.as_bytes()?;
    Uuid::try_parse_ascii(b).map_err(|e| conv_err(idx, e))
}

pub(super) fn choice_at<C: Choice>(r: &Row, idx: usize) -> rusqlite::Result<C> {
    let s: &str = r.get_ref(idx)?.as_str()?;
    C::parse(s).map_err(|e| conv_err(idx, e))
}

pub(super) fn list_at(r: &Row, idx: usize) -> rusqlite::Result<Vec<String>> {
    let s = r.get_ref(idx)?.as_str()?;
    match plain_list(s) {
        Some(list) => Ok(list),
        None => serde_json::from_str(s).map_err(|e| conv_err(idx, e.to_string())),
    }
}

/// A list as [`list_text`] writes it when no item needs an escape
/// (`["a","b"]`), read without a JSON parser: every account of a scan
/// has its tags read. `None` for anything else, which JSON then reads.
fn plain_list(s: &str) -> Option<Vec<String>> {
    if s.contains('\\') {
        return None;
    }
    let mut rest = s.strip_prefix('[')?.strip_suffix(']')?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        if !out.is_empty() {
            rest = rest.strip_prefix(',')?;
        }
        // An item has no quote of its own (it would be escaped).
        rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        out.push(rest[..end].to_string());
        rest = &rest[end + 1..];
    }
    Some(out)
}

/// Key dates as stored: "golive=2026-03-02, kickoff=2026-01-12".
fn key_dates_at(r: &Row, idx: usize) -> rusqlite::Result<Vec<crate::domain::key_dates::KeyDate>> {
    let s = r.get_ref(idx)?.as_str()?;
    if s.is_empty() {
        return Ok(Vec::new());
    }
    // As saydo wrote it ("name=YYYY-MM-DD, …", checked then): read without
    // the checks typed text gets, since every account of a scan has some.
    let mut out = Vec::new();
    for piece in s.split(',').map(str::trim_start) {
        let (name, on) = piece
            .split_once('=')
            .ok_or_else(|| conv_err(idx, format!("`{piece}`: not name=date")))?;
        out.push(crate::domain::key_dates::KeyDate {
            name: name.to_string(),
            on: date_text(on).map_err(|e| conv_err(idx, e))?,
        });
    }
    Ok(out)
}

/// A list kept as JSON (renewals, answers), or empty for none.
fn json_list_at<T: serde::de::DeserializeOwned>(r: &Row, idx: usize) -> rusqlite::Result<Vec<T>> {
    let s = r.get_ref(idx)?.as_str()?;
    if s.is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(s).map_err(|e| conv_err(idx, e.to_string()))
}

pub(super) fn json_list_text<T: serde::Serialize>(list: &[T]) -> String {
    if list.is_empty() {
        return String::new();
    }
    serde_json::to_string(list).unwrap_or_default()
}

pub(super) fn list_text(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

pub(super) fn opt_date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub(super) fn new_id(id: Uuid) -> String {
    if id.is_nil() { Uuid::now_v7() } else { id }.to_string()
}

/// How many columns a `…_COLS` list selects: the column after them is at
/// this index, however many a migration adds. A `const fn`, so that
/// `const { width(…) }` counts once, at compile time, not once a row.
pub(super) const fn width(cols: &str) -> usize {
    let b = cols.as_bytes();
    let (mut i, mut n) = (0, 1);
    while i < b.len() {
        if i + 6 <= b.len()
            && b[i] == b' '
            && b[i + 1] == b'F'
            && b[i + 2] == b'R'
            && b[i + 3] == b'O'
            && b[i + 4] == b'M'
            && b[i + 5] == b' '
        {
            break;
        }
        if b[i] == b',' {
            n += 1;
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod width_tests {
    #[test]
    fn widths_count_the_columns() {
        assert_eq!(super::width(super::VISIT_COLS), 12);
        assert_eq!(super::width(super::COMMITMENT_COLS), 12);
        assert_eq!(super::width("a, b FROM x, y"), 2);
    }
}

pub(super) const ACCOUNT_COLS: &str =
    "a.num, a.id, a.name, a.handle, p.name, a.region, a.tags, a.stage, \
     a.stage_since, a.renewal, a.why, a.archived, a.visit_every_days, a.stage_days, a.paused_until, \
     a.key_dates, a.renewals, a.answers, a.assessments FROM accounts a \
     LEFT JOIN people p ON p.num = a.owner";

pub(super) fn account_row(r: &Row) -> rusqlite::Result<Account> {
    let mut a = lean_account_row(r)?;
    a.why = r.get(10)?;
    a.key_dates = key_dates_at(r, 15)?;
    a.renewals = json_list_at(r, 16)?;
    a.answers = json_list_at(r, 17)?;
    a.assessments = json_list_at(r, 18)?;
    Ok(a)
}

/// An account for figures only (a lean query's): its why and its lists
/// (key dates, renewals, answers, assessments) left empty, not read.
pub(super) fn lean_account_row(r: &Row) -> rusqlite::Result<Account> {
    let mut a = terms_row(r)?;
    a.id = uuid_at(r, 1)?;
    a.name = r.get(2)?;
    a.handle = r.get(3)?;
    a.region = r.get(5)?;
    a.tags = list_at(r, 6)?;
    a.stage = r.get(7)?;
    Ok(a)
}

/// An account as sums by owner need it (a `terms_only` query's): its
/// number, owner and terms; the rest left empty (the id nil), not read.
pub(super) fn terms_row(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        num: r.get(0)?,
        id: Uuid::nil(),
        name: String::new(),
        handle: String::new(),
        owner: r.get(4)?,
        region: String::new(),
        tags: Vec::new(),
        stage: String::new(),
        stage_since: date_at(r, 8)?,
        renewal: opt_date_at(r, 9)?,
        why: String::new(),
        archived: r.get(11)?,
        pace: crate::domain::Pace {
            visit_every_days: r.get(12)?,
            stage_days: r.get(13)?,
            paused_until: opt_date_at(r, 14)?,
        },
        key_dates: Vec::new(),
        renewals: Vec::new(),
        answers: Vec::new(),
        assessments: Vec::new(),
    })
}

pub(super) const STAKEHOLDER_COLS: &str =
    "num, id, account, name, role, layer, contact, notes, peers FROM stakeholders";

pub(super) fn stakeholder_row(r: &Row) -> rusqlite::Result<Stakeholder> {
    Ok(Stakeholder {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        name: r.get(3)?,
        role: r.get(4)?,
        layer: crate::domain::Layer::new(r.get_ref(5)?.as_str()?),
        contact: r.get(6)?,
        notes: r.get(7)?,
        peers: r.get(8)?,
    })
}

pub(super) const INTRODUCTION_COLS: &str =
    "num, id, account, from_who, to_account, to_who, metric, why, status, on_date, \
     status_on, follow_up FROM introductions";

pub(super) fn introduction_row(r: &Row) -> rusqlite::Result<crate::domain::Introduction> {
    Ok(crate::domain::Introduction {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        from: r.get(3)?,
        to_account: r.get(4)?,
        to: r.get(5)?,
        metric: r.get(6)?,
        why: r.get(7)?,
        status: choice_at(r, 8)?,
        on: date_at(r, 9)?,
        status_on: date_at(r, 10)?,
        follow_up: r.get(11)?,
    })
}

pub(super) const MOMENT_COLS: &str = "num, id, account, what, severity FROM moments";

pub(super) fn moment_row(r: &Row) -> rusqlite::Result<Moment> {
    Ok(Moment {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        what: r.get(3)?,
        severity: choice_at(r, 4)?,
    })
}

pub(super) const METRIC_COLS: &str =
    "num, id, account, name, words, kind, unit, direction, baseline, \
     baseline_on, proxy, target, target_on, kpi, moment, intended, calculation, data_source, \
     every_days, measured_by, said_by, said_on, valued, partner FROM metrics";

pub(super) fn metric_row(r: &Row) -> rusqlite::Result<Metric> {
    let baseline: Option<f64> = r.get(8)?;
    let baseline_on = opt_date_at(r, 9)?;
    Ok(Metric {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        name: r.get(3)?,
        words: r.get(4)?,
        kind: choice_at(r, 5)?,
        unit: r.get(6)?,
        direction: choice_at(r, 7)?,
        baseline: match (baseline, baseline_on) {
            (Some(value), Some(on)) => Some(crate::domain::Baseline { value, on }),
            _ => None,
        },
        proxy: r.get(10)?,
        target: r.get(11)?,
        target_on: opt_date_at(r, 12)?,
        kpi: r.get(13)?,
        moment: r.get(14)?,
        definition: crate::domain::Definition {
            intended: r.get(15)?,
            calculation: r.get(16)?,
            data_source: r.get(17)?,
            every_days: r.get(18)?,
            measured_by: r.get(19)?,
        },
        voice: crate::domain::Voice {
            by: r.get(20)?,
            on: opt_date_at(r, 21)?,
            valued: r.get(22)?,
        },
        partner: r.get(23)?,
    })
}

pub(super) const PARTNER_COLS: &str =
    "t.num, t.id, t.name, t.function, p.name, t.kpis FROM partners t \
     LEFT JOIN people p ON p.num = t.owner";

pub(super) fn partner_row(r: &Row) -> rusqlite::Result<crate::domain::Partner> {
    Ok(crate::domain::Partner {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        name: r.get(2)?,
        function: r.get(3)?,
        owner: r.get(4)?,
        kpis: list_at(r, 5)?,
    })
}

pub(super) const MEASUREMENT_COLS: &str =
    "num, id, metric, on_date, value, source, note FROM measurements";

pub(super) fn measurement_row(r: &Row) -> rusqlite::Result<Measurement> {
    Ok(Measurement {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        metric: r.get(2)?,
        on: date_at(r, 3)?,
        value: r.get(4)?,
        source: r.get(5)?,
        note: r.get(6)?,
    })
}

pub(super) const VISIT_COLS: &str =
    "v.num, v.id, v.account, v.on_date, v.kind, v.intent, v.ours, v.theirs, \
     v.notes, v.feedback_score, v.feedback_words, v.feedback_on FROM visits v";

pub(super) fn visit_row(r: &Row) -> rusqlite::Result<Visit> {
    Ok(Visit {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        on: date_at(r, 3)?,
        kind: choice_at(r, 4)?,
        intent: choice_at(r, 5)?,
        ours: list_at(r, 6)?,
        theirs: list_at(r, 7)?,
        notes: r.get(8)?,
        feedback: match (r.get::<_, Option<i64>>(9)?, opt_date_at(r, 11)?) {
            (Some(score), Some(on)) => Some(Feedback {
                score: u8::try_from(score).map_err(|e| conv_err(9, e.to_string()))?,
                words: r.get(10)?,
                on,
            }),
            _ => None,
        },
    })
}

pub(super) const COMMITMENT_FROM: &str = "FROM commitments c JOIN people p ON p.num = c.owner";
pub(super) const COMMITMENT_COLS: &str =
    "c.num, c.id, c.account, c.what, c.to_whom, p.name, c.made_on, \
     c.due_on, c.visit, c.status, c.resolved_on, c.reason";

pub(super) fn commitment_row(r: &Row) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        account: r.get(2)?,
        what: r.get(3)?,
        to_whom: r.get(4)?,
        owner: r.get(5)?,
        made_on: date_at(r, 6)?,
        due_on: date_at(r, 7)?,
        visit: r.get(8)?,
        status: choice_at(r, 9)?,
        resolved_on: opt_date_at(r, 10)?,
        reason: r.get(11)?,
        renegotiations: vec![],
    })
}

pub(super) const SIGNAL_NOTE_COLS: &str =
    "num, id, metric, rule, on_date, note, visit, commitment, \
     acknowledged_on FROM signal_notes";

pub(super) fn signal_note_row(r: &Row) -> rusqlite::Result<SignalNote> {
    let rule: String = r.get(3)?;
    Ok(SignalNote {
        num: r.get(0)?,
        id: uuid_at(r, 1)?,
        metric: r.get(2)?,
        rule: crate::domain::xmr::Rule::from_word(&rule).map_err(|e| conv_err(3, e))?,
        on: date_at(r, 4)?,
        note: r.get(5)?,
        visit: r.get(6)?,
        commitment: r.get(7)?,
        acknowledged_on: date_at(r, 8)?,
    })
}

/// A renegotiation read from `commitment, new_due, reason, agreed_on`
/// starting at column `at`: the commitment's number and the renegotiation.
pub(super) fn renegotiation_row(
    r: &Row,
    at: usize,
) -> rusqlite::Result<(i64, crate::domain::Renegotiation)> {
    Ok((
        r.get(at)?,
        crate::domain::Renegotiation {
            new_due: date_at(r, at + 1)?,
            reason: r.get(at + 2)?,
            agreed_on: date_at(r, at + 3)?,
        },
    ))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    proptest::proptest! {
        #[test]
        fn plain_lists_read_as_json_reads_them(
            items in proptest::collection::vec(".{0,8}", 0..5),
            text in r#"[\[\]", \\a]{0,12}"#,
        ) {
            let written = super::list_text(&items);
            let plain = items.iter().flat_map(|i| i.chars()).all(|c| c != '"' && c != '\\' && c >= ' ');
            proptest::prop_assert_eq!(super::plain_list(&written).is_some(), plain);
            proptest::prop_assert_eq!(
                super::plain_list(&written).unwrap_or_else(|| serde_json::from_str(&written).unwrap()),
                items
            );
            // Whatever it reads, it reads as JSON does.
            if let Some(list) = super::plain_list(&text) {
                proptest::prop_assert_eq!(Some(list), serde_json::from_str::<Vec<String>>(&text).ok());
            }
        }
    }

    /// Compared by message: jiff's errors are not comparable themselves.
    fn date_text(s: &str) -> Result<jiff::civil::Date, String> {
        super::date_text(s).map_err(|e| e.to_string())
    }

    #[test]
    fn stored_dates_read_as_jiff_reads_them() {
        assert_eq!(date_text("2026-11-24"), Ok(date(2026, 11, 24)));
        assert_eq!(date_text("0001-01-01"), Ok(date(1, 1, 1)));
        // Whatever saydo did not write itself is read as jiff reads it.
        for other in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-05",
            "20261124",
            "",
            "2026-11-2x",
        ] {
            let jiff = other
                .parse::<jiff::civil::Date>()
                .map_err(|e| e.to_string());
            assert_eq!(date_text(other), jiff, "{other}");
        }
        assert!(date_text("2026-02-30").is_err());
    }
}
