//! The days in an account's life that other dates count from: its go-live,
//! contract start, kickoff, renewal — any the team names. A date word can
//! then be given from one of them: `due:golive+30d`, `due:renewal-90d`,
//! `on:kickoff`.
//!
//! Names are compared without case, `-` or `_`, so `go-live`, `golive` and
//! `Go_Live` are one. `renewal` is the account's renewal date and needs no
//! key date of its own.

use super::dates::{self, long, Date, DateError};
use serde::{Deserialize, Serialize};

/// One named day of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyDate {
    pub name: String,
    pub on: Date,
}

/// The name the account's renewal date answers to.
pub const RENEWAL: &str = "renewal";

/// An account's named days, as a date word sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    /// The account's handle, for messages.
    pub handle: String,
    pub days: Vec<(String, Date)>,
}

impl Anchors {
    /// The account's key dates, then its renewal.
    pub fn new(handle: &str, key_dates: &[KeyDate], renewal: Option<Date>) -> Anchors {
        let mut days: Vec<(String, Date)> =
            key_dates.iter().map(|k| (k.name.clone(), k.on)).collect();
        if let Some(r) = renewal {
            days.push((RENEWAL.to_string(), r));
        }
        Anchors {
            handle: handle.to_string(),
            days,
        }
    }

    fn find(&self, name: &str) -> Option<Date> {
        let name = fold(name);
        self.days
            .iter()
            .find(|(n, _)| fold(n) == name)
            .map(|(_, d)| *d)
    }

    /// "kickoff (Mon 12 Jan 2026), renewal (Thu 24 Dec 2026)".
    pub fn listing(&self) -> String {
        self.days
            .iter()
            .map(|(n, d)| format!("{n} ({})", long(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The date `word` names when it counts from one of these days; `None`
    /// when it is not of that shape (`golive`, `golive+30d`, `renewal-3m`).
    pub fn resolve(&self, word: &str) -> Option<Result<Date, DateError>> {
        let (name, offset) = split(word)?;
        let Some(base) = self.find(name) else {
            if offset.is_none() && dates::near_date_word(name) {
                return None;
            }
            let has = if self.days.is_empty() {
                format!(
                    "@{} has no key dates yet (add them in its form, or `saydo account edit @{} --key-date golive=2026-03-02`)",
                    self.handle, self.handle
                )
            } else {
                format!("@{} has {}", self.handle, self.listing())
            };
            return Some(Err(DateError::NoKeyDate(format!(
                "no key date `{name}` at @{}; {has}; or give a date: fri, +3d, eow, 2026-12-01",
                self.handle
            ))));
        };
        Some(match offset {
            None => Ok(base),
            Some(o) => dates::offset_from(o, base),
        })
    }
}

/// `name` or `name±N(d|w|m|y)`: the name and the offset, lower-cased.
fn split(word: &str) -> Option<(&str, Option<&str>)> {
    let word = word.trim();
    let cut = word
        .char_indices()
        .filter(|(i, c)| *i > 0 && (*c == '+' || *c == '-'))
        .map(|(i, _)| i)
        .find(|i| dates::is_offset(&word[*i..]));
    let (name, offset) = match cut {
        Some(i) => (&word[..i], Some(&word[i..])),
        None => (word, None),
    };
    name_shape(name).then_some((name, offset))
}

/// Letters, digits, `-` and `_`, starting with a letter and ending with a
/// letter or digit (`kickoff-` is an offset left unfinished, not a name).
fn name_shape(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The name as it is compared: lower case, without `-` and `_`.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What is wrong with a key date's name, if anything.
pub fn name_problem(name: &str) -> Option<String> {
    let ok = "use letters, digits, - or _, starting with a letter (up to 24), e.g. golive or contract-start";
    if name.is_empty() || name.len() > 24 || !name_shape(name) {
        return Some(format!("`{name}`: not a key date name; {ok}"));
    }
    if fold(name) == RENEWAL {
        return Some(format!(
            "`{name}`: the renewal date is the account's Renewal; give it there"
        ));
    }
    if split(name).is_some_and(|(_, o)| o.is_some()) {
        return Some(format!(
            "`{name}`: reads as a date counted from `{}`; {ok}",
            split(name).map_or("", |(n, _)| n)
        ));
    }
    if dates::parse_date(name, Date::constant(2026, 1, 1)).is_ok() {
        return Some(format!(
            "`{name}`: that is already a date word; choose another name"
        ));
    }
    None
}

/// What is wrong with a list of key dates: a bad name or one given twice.
pub fn list_problem(list: &[KeyDate]) -> Option<String> {
    for (i, k) in list.iter().enumerate() {
        if let Some(p) = name_problem(&k.name) {
            return Some(p);
        }
        if list[..i].iter().any(|o| fold(&o.name) == fold(&k.name)) {
            return Some(format!("`{}`: given twice; keep one", k.name));
        }
    }
    None
}

/// "golive=2026-03-02, kickoff=2026-01-12": how they are stored, exported
/// to CSV and typed in a form.
pub fn text(list: &[KeyDate]) -> String {
    list.iter()
        .map(|k| format!("{}={}", k.name, k.on))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "go-live Mon 2 Mar 2026 · kickoff Mon 12 Jan 2026", for reading.
pub fn shown(list: &[KeyDate], today: Date) -> String {
    list.iter()
        .map(|k| format!("{} {}", k.name, dates::shown(today, k.on)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Reads "name=date, name=date" (any date word, against `today`), in date
/// order. A piece that is not `name=date` says so.
pub fn parse(input: &str, today: Date) -> Result<Vec<KeyDate>, super::Invalid> {
    let mut out = Vec::new();
    for piece in input.split([',', '\n']).map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        let Some((name, when)) = piece.split_once('=') else {
            return Err(
                format!("`{piece}`: give a key date as name=date, e.g. golive=2026-03-02").into(),
            );
        };
        let name = name.trim();
        if let Some(p) = name_problem(name) {
            return Err(p.into());
        }
        let on = dates::parse_date(when.trim(), today).map_err(|e| format!("`{piece}`: {e}"))?;
        out.push(KeyDate {
            name: name.to_string(),
            on,
        });
    }
    out.sort_by_key(|k| k.on);
    Ok(out)
}

/// Sets (or with `none`, removes) one key date: `golive=2026-03-02`,
/// `golive=none`.
pub fn set(list: &mut Vec<KeyDate>, assignment: &str, today: Date) -> Result<(), super::Invalid> {
    let a = assignment.trim();
    if let Some(name) = a
        .split_once('=')
        .filter(|(_, v)| v.trim().eq_ignore_ascii_case("none"))
        .map(|(n, _)| n.trim())
    {
        let before = list.len();
        list.retain(|k| fold(&k.name) != fold(name));
        if list.len() == before {
            return Err(format!("`{a}`: there is no key date `{name}` to remove").into());
        }
        return Ok(());
    }
    let mut new = parse(a, today)?;
    if new.len() != 1 {
        return Err(format!(
            "`{a}`: one key date per --key-date, e.g. --key-date golive=2026-03-02"
        )
        .into());
    }
    let k = new.remove(0);
    list.retain(|o| fold(&o.name) != fold(&k.name));
    list.push(k);
    list.sort_by_key(|k| k.on);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn anchors() -> Anchors {
        Anchors::new(
            "mercy",
            &[
                KeyDate {
                    name: "kickoff".into(),
                    on: date(2026, 1, 12),
                },
                KeyDate {
                    name: "go-live".into(),
                    on: date(2026, 3, 2),
                },
            ],
            Some(date(2026, 12, 24)),
        )
    }

    #[test]
    fn dates_count_from_the_accounts_days() {
        let a = anchors();
        let r = |w: &str| a.resolve(w).map(|r| r.unwrap());
        assert_eq!(r("golive+30d"), Some(date(2026, 4, 1)));
        assert_eq!(r("Go_Live"), Some(date(2026, 3, 2)));
        assert_eq!(r("renewal-90d"), Some(date(2026, 9, 25)));
        assert_eq!(r("renewal-3m"), Some(date(2026, 9, 24)));
        assert_eq!(r("kickoff"), Some(date(2026, 1, 12)));
        assert_eq!(r("go-live+2w"), Some(date(2026, 3, 16)));
        assert_eq!(a.resolve("+3d"), None);
        // A mistyped weekday is a date, not a key date.
        assert_eq!(a.resolve("fryday"), None);
        assert_eq!(a.resolve("2026-12-01"), None);
        assert_eq!(a.resolve("kickoff-"), None, "an unfinished offset");
    }

    #[test]
    fn an_unknown_day_names_the_ones_it_has() {
        let Some(Err(e)) = anchors().resolve("contract+30d") else {
            panic!("contract is not a key date");
        };
        let m = e.to_string();
        assert!(m.contains("no key date `contract` at @mercy"), "{m}");
        assert!(
            m.contains(
                "kickoff (Mon 12 Jan 2026), go-live (Mon 2 Mar 2026), renewal (Thu 24 Dec 2026)"
            ),
            "{m}"
        );
        let none = Anchors::new("lakeside", &[], None);
        let Some(Err(e)) = none.resolve("golive") else {
            panic!("no key dates at all");
        };
        assert!(e.to_string().contains("@lakeside has no key dates yet"));
    }

    #[test]
    fn names_that_would_read_as_dates_are_refused() {
        for bad in ["fri", "renewal", "phase-2w", "2go", "go live", ""] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
        for good in ["golive", "contract-start", "phase-2", "qbr_1"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
    }

    #[test]
    fn the_text_form_round_trips_and_sets_one() {
        let today = date(2026, 12, 1);
        let list = parse("go-live=2026-03-02, kickoff=2026-01-12", today).unwrap();
        assert_eq!(list[0].name, "kickoff");
        assert_eq!(parse(&text(&list), today).unwrap(), list);
        let mut l = list.clone();
        set(&mut l, "golive=2026-04-01", today).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].on, date(2026, 4, 1));
        set(&mut l, "kickoff=none", today).unwrap();
        assert_eq!(l.len(), 1);
        assert!(set(&mut l, "kickoff=none", today).is_err());
        assert!(parse("golive 2026-03-02", today)
            .unwrap_err()
            .contains("name=date"));
        assert!(list_problem(&[list[1].clone(), list[1].clone()]).is_some());
    }
}
