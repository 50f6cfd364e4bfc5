//! The portfolio report: the book's figures by director and account.

use super::*;

/// The portfolio report: totals, each director, and the accounts that
/// need attention.
pub fn portfolio_report(
    title: &str,
    totals: &Totals,
    people: &[PersonRow],
    rows: &[AccountRow],
    today: Date,
    window_days: u32,
    unvisited_days: u32,
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {title}\n");
    let _ = writeln!(
        o,
        "As of {} · figures over the last {window_days} days.\n",
        long(today)
    );
    let _ = writeln!(o, "- Accounts: {}", totals.accounts);
    let _ = writeln!(o, "- Say/do: {}", say_do(&totals.say_do));
    let _ = writeln!(
        o,
        "- Proactive share of visits: {} of {}",
        percent(totals.visits.share()),
        visits(totals.visits.total)
    );
    let _ = writeln!(
        o,
        "- Open commitments: {} · overdue: {}",
        totals.open, totals.overdue
    );
    let _ = writeln!(
        o,
        "- Accounts not visited for over {unvisited_days} days: {}",
        totals.unvisited
    );
    let _ = writeln!(o, "- Metric signals: {}", totals.signals);
    let mut retention = crate::domain::Retention::default();
    for p in people {
        retention.add(p.retention);
    }
    if retention.settled() > 0 {
        let _ = writeln!(
            o,
            "- Retention over the last year: {}",
            retention.describe()
        );
    }
    o.push('\n');
    people_sections(&mut o, people);
    accounts_section(&mut o, rows);
    o
}

/// The directors' figures, and the others who made promises.
fn people_sections(o: &mut String, people: &[PersonRow]) {
    // A director is a person who owns accounts; each of their figures says
    // whose commitments it counts.
    let (directors, others): (Vec<&PersonRow>, Vec<&PersonRow>) =
        people.iter().partition(|p| p.accounts > 0);
    if !directors.is_empty() {
        let _ = writeln!(o, "## Directors\n");
        let _ = writeln!(
            o,
            "Their promises: the commitments the director owns. Their accounts: the commitments \
             on the accounts they own, whoever made them.\n"
        );
        let _ = writeln!(
            o,
            "| Director | Accounts | Their promises | Their accounts | Proactive | Open | Overdue | Unvisited | Retained |"
        );
        let _ = writeln!(o, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for p in directors {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&p.name),
                p.accounts,
                say_do(&p.say_do),
                say_do(&p.accounts_say_do),
                percent(p.visits.share()),
                p.open,
                p.overdue,
                p.unvisited,
                p.retention.short()
            );
        }
        o.push('\n');
    }
    if !others.is_empty() {
        let _ = writeln!(o, "## Others who made promises\n");
        let _ = writeln!(o, "| Person | Their promises | Open | Overdue |");
        let _ = writeln!(o, "| --- | --- | --- | --- |");
        for p in others {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                cell(&p.name),
                say_do(&p.say_do),
                p.open,
                p.overdue
            );
        }
        o.push('\n');
    }
}

/// Each account's row: owner, stage, say/do, visits, metrics.
fn accounts_section(o: &mut String, rows: &[AccountRow]) {
    let _ = writeln!(o, "## Accounts\n");
    let _ = writeln!(
        o,
        "| Account | Owner | Stage | Say/do | Overdue | Last visit | On track | Signals |"
    );
    let _ = writeln!(o, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    for r in rows {
        let a = &r.account;
        let _ = writeln!(
            o,
            "| {} (@{}) | {} | {} ({}d) | {} | {} | {} | {}/{} | {} |",
            cell(&a.name),
            a.handle,
            cell(a.owner.as_deref().unwrap_or("—")),
            cell(&a.stage),
            r.days_in_stage,
            say_do(&r.say_do),
            r.overdue,
            r.days_since_visit
                .map_or("never".into(), |d| format!("{d}d ago")),
            r.metrics_on_track,
            r.metrics,
            r.signals
        );
    }
}
