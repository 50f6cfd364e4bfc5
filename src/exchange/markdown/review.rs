//! The business review: each account's window of visits, promises and
//! metrics, as read out to the customer.

use super::*;

/// The business-review part of the portfolio report: say/do against the
/// window before, per director; then per account what was kept and broken
/// in the window, its signals with their notes and its metrics' progress.
pub fn business_review(reviews: &[Review], window_days: u32) -> String {
    let mut o = String::new();
    let mut by: std::collections::BTreeMap<&str, (SayDo, SayDo)> = Default::default();
    for r in reviews {
        let who = r.row.account.owner.as_deref().unwrap_or("(no owner)");
        let e = by.entry(who).or_default();
        e.0.add(r.row.say_do);
        e.1.add(r.before);
    }
    let _ = writeln!(o, "## Trend\n");
    let _ = writeln!(
        o,
        "Say/do of the commitments on each director's accounts over the last {window_days} days, \
         against the {window_days} days before.\n"
    );
    let _ = writeln!(o, "| Director | Now | Before | Trend |");
    let _ = writeln!(o, "| --- | --- | --- | --- |");
    for (who, (now, before)) in &by {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            cell(who),
            say_do(now),
            say_do(before),
            trend(now, before)
        );
    }
    o.push('\n');
    let _ = writeln!(o, "## Account reviews\n");
    for r in reviews.iter().take(REVIEWED_MAX) {
        account_review(&mut o, r);
    }
    if reviews.len() > REVIEWED_MAX {
        let _ = writeln!(
            o,
            "… and {} more accounts: export one director's (--owner) or a filtered view for their reviews.\n",
            reviews.len() - REVIEWED_MAX
        );
    }
    o
}

/// One account's review: what was kept and broken, its signals, its metrics.
fn account_review(o: &mut String, r: &Review) {
    let a = &r.row.account;
    let _ = writeln!(
        o,
        "### {} (@{}) · {}\n",
        a.name,
        a.handle,
        a.owner.as_deref().unwrap_or("no owner")
    );
    let _ = writeln!(
        o,
        "- Say/do: {} — before: {} ({})",
        say_do(&r.row.say_do),
        say_do(&r.before),
        trend(&r.row.say_do, &r.before)
    );
    let _ = writeln!(
        o,
        "- Kept in the period: {}",
        commitment_list(&r.kept, false)
    );
    let _ = writeln!(
        o,
        "- Broken in the period: {}",
        commitment_list(&r.broken, true)
    );
    if r.signals.is_empty() {
        let _ = writeln!(o, "- Signals in the period: none");
    } else {
        let _ = writeln!(o, "- Signals in the period:");
        for (metric, rule, on, note) in &r.signals {
            let _ = writeln!(
                o,
                "  - {metric}: {} ({}) — {}",
                rule.describe(),
                long(*on),
                match note {
                    Some(n) => format!("“{}”", n.replace(['\n', '\r'], " ")),
                    None => "no note yet".into(),
                }
            );
        }
    }
    if !r.metrics.is_empty() {
        let _ = writeln!(o, "- Metrics:");
        for m in &r.metrics {
            let _ = writeln!(
                o,
                "  - {}: {}{} · progress {} · {}",
                m.metric.name,
                number(m.latest, &m.metric.unit),
                m.metric.target.map_or(String::new(), |t| format!(
                    " (target {})",
                    number(Some(t), &m.metric.unit)
                )),
                percent(m.progress),
                match m.track {
                    Track::OnTrack => "on track",
                    Track::OffTrack => "off track",
                    Track::Unknown => "not judged yet",
                }
            );
        }
    }
    o.push('\n');
}

/// Commitments as one line: number, what, when and how they ended; with
/// `reason`, why they broke.
fn commitment_list(cs: &[crate::domain::Commitment], reason: bool) -> String {
    if cs.is_empty() {
        return "none".into();
    }
    cs.iter()
        .map(|c| {
            let when = c
                .resolved_on
                .map_or(String::new(), |d| format!(", {}", long(d)));
            let how = match c.status {
                Status::KeptLate => " (late",
                Status::Kept => " (on time",
                _ => " (",
            };
            let why = if reason && !c.reason.is_empty() {
                format!(": {}", c.reason)
            } else {
                String::new()
            };
            format!("#{} {}{how}{when}){why}", c.num, c.what)
        })
        .collect::<Vec<_>>()
        .join("; ")
        .replace("(, ", "(")
}
