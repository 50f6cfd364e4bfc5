//! One calendar of what is coming (RFC 5545): the open commitments on the
//! date agreed now, the visits planned, the renewals — all-day events a
//! director imports or subscribes to. Each event's UID is its record's
//! uuid, so a calendar imported again updates its events, never doubles them.

use crate::domain::text::visible;
use crate::domain::{Date, Status};
use crate::store::{AccountQuery, CommitmentQuery, ExportQuery, Store, VisitQuery};
use std::collections::{HashMap, HashSet};

/// TEXT as RFC 5545 wants it: backslash, semicolon, comma and line breaks
/// escaped; control characters shown, never sent.
fn text(s: &str) -> String {
    visible(s)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// A content line folded at 75 octets (never inside a character), CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

struct Event {
    uid: String,
    on: Date,
    summary: String,
    description: String,
    category: &'static str,
}

/// The calendar of the accounts `q` covers, from `today` on.
pub fn calendar(
    store: &dyn Store,
    q: &ExportQuery,
    today: Date,
) -> Result<String, super::ExportError> {
    let events = events(store, q, today)?;
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//saydo//field book//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "X-WR-CALNAME:saydo");
    let stamp = format!("{}T000000Z", date(today));
    for ev in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", ev.uid));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date(ev.on)));
        let next = crate::domain::dates::add_days(ev.on, 1).unwrap_or(ev.on);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", date(next)));
        line(&mut out, &format!("SUMMARY:{}", text(&ev.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", text(&ev.description)));
        line(&mut out, &format!("CATEGORIES:{}", ev.category));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// What the calendar holds: open commitments on their due dates, visits
/// and renewals from `today` on, in date order.
fn events(
    store: &dyn Store,
    q: &ExportQuery,
    today: Date,
) -> Result<Vec<Event>, super::ExportError> {
    let e = super::ExportError::Store;
    let accounts = store
        .accounts(&AccountQuery {
            owner: q.owner.clone(),
            ..Default::default()
        })
        .map_err(e)?;
    let only: Option<HashSet<i64>> = match (q.account, &q.accounts) {
        (Some(a), _) => Some([a].into()),
        (None, Some(nums)) => Some(nums.iter().copied().collect()),
        (None, None) => None,
    };
    let covered: HashMap<i64, &crate::domain::Account> = accounts
        .iter()
        .filter(|a| only.as_ref().is_none_or(|o| o.contains(&a.num)))
        .map(|a| (a.num, a))
        .collect();
    let mut events = Vec::new();
    for c in store
        .commitments(&CommitmentQuery {
            status: Some(Status::Open),
            ..Default::default()
        })
        .map_err(e)?
    {
        let Some(a) = covered.get(&c.account) else {
            continue;
        };
        events.push(commitment_event(&c, a));
    }
    for v in store.visits(&VisitQuery::default()).map_err(e)? {
        let Some(a) = covered.get(&v.account) else {
            continue;
        };
        if v.on < today {
            continue;
        }
        events.push(Event {
            uid: format!("{}@saydo", v.id),
            on: v.on,
            summary: format!("Visit @{}: {} ({})", a.handle, v.kind, v.intent),
            description: format!("With {}. {}", v.theirs.join(", "), v.notes),
            category: "visit",
        });
    }
    for a in covered.values() {
        if let Some(r) = a.renewal.filter(|r| *r >= today) {
            events.push(Event {
                uid: format!("renewal-{}@saydo", a.id),
                on: r,
                summary: format!("Renewal: {} (@{})", a.name, a.handle),
                description: format!(
                    "Stage {}; owner {}",
                    a.stage,
                    a.owner.as_deref().unwrap_or("—")
                ),
                category: "renewal",
            });
        }
    }
    events.sort_by(|x, y| (x.on, &x.uid).cmp(&(y.on, &y.uid)));
    Ok(events)
}

/// An open commitment, on the day it is due.
fn commitment_event(c: &crate::domain::Commitment, a: &crate::domain::Account) -> Event {
    Event {
        uid: format!("{}@saydo", c.id),
        on: c.due(),
        summary: format!("Due: {} (@{})", c.what, a.handle),
        description: format!(
            "Commitment #{} to {}, by {}{}",
            c.num,
            c.to_whom,
            c.owner,
            if c.renegotiations.is_empty() {
                String::new()
            } else {
                format!(" (first agreed for {})", c.due_on)
            }
        ),
        category: "commitment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert!(out.contains("\r\n "), "folded");
    }
}
