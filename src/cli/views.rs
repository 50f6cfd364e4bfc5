//! The TUI's Attention and Trends as listings for a shell (`--json` for
//! scripts): the same rules, worked out from the same records.

use super::table::Table;
use super::{print_json, Ctx, Outcome};
use crate::app::attention::{self, Kind};
use crate::domain::figures::{monthly, percent, trend_months, Month, Window, TREND_MONTHS};
use crate::report;
use crate::store::{AccountQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct AttentionItem {
    kind: &'static str,
    account: i64,
    account_handle: String,
    /// The commitment (overdue, due soon) or the metric it is about.
    subject: Option<i64>,
    what: String,
    /// Days late, until due, since the last visit or measurement.
    days: Option<i32>,
    when: String,
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Overdue => "overdue",
        Kind::DueSoon => "due-soon",
        Kind::Unvisited => "unvisited",
        Kind::Metric => "metric",
        Kind::Measure => "measure-due",
        Kind::Feedback => "feedback-due",
        Kind::Renewal => "renewal-due",
    }
}

/// `saydo attention [--owner P] [--json]`: what needs someone, most urgent
/// first within each kind; with --owner, that person's accounts and their
/// promises wherever they were made.
pub fn attention(ctx: &Ctx, owner: Option<String>, json: bool) -> Outcome {
    let sorted = attention_items(ctx, owner)?;
    if json {
        return print_json(&sorted);
    }
    if sorted.is_empty() {
        outln!("nothing needs attention: no overdue promises, nobody neglected, no signals");
        return Ok(());
    }
    let mut t = Table::new(&["kind", "account", "what", ">when"]);
    for i in &sorted {
        t.row(vec![
            i.kind.to_string(),
            format!("@{}", i.account_handle),
            i.what.clone(),
            i.when.clone(),
        ]);
    }
    t.print();
    Ok(())
}

/// `saydo overview --json`: the book's totals and what needs attention.
pub fn overview_json(ctx: &Ctx) -> Outcome {
    let w = Window::new(ctx.config.window_days, ctx.today);
    let rows = report::account_rows(&ctx.store, &AccountQuery::default(), w)?;
    let totals = report::totals(&rows, ctx.config.unvisited_days);
    let attention = attention_items(ctx, None)?;
    print_json(&serde_json::json!({
        "today": ctx.today,
        "window_days": w.days,
        "unvisited_days": ctx.config.unvisited_days,
        "totals": totals,
        "attention": attention,
    }))
}

/// What needs someone, most urgent first within each kind.
fn attention_items(ctx: &Ctx, owner: Option<String>) -> Result<Vec<AttentionItem>, super::Failure> {
    let owner = ctx.owner(owner)?;
    let w = Window::new(ctx.config.window_days, ctx.today);
    let mut items: Vec<(attention::Item, AttentionItem)> = Vec::new();
    let key = owner.as_deref().map(attention::person_key);
    ctx.store
        .each_digest(&AccountQuery::lean(), &mut |a, d| {
            let since = report::Terms::of(&a);
            let row = report::row_of(a, since, &d, w);
            let a = &row.account;
            let mine = owner.as_deref().is_none_or(|o| {
                a.owner
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(o))
            });
            for it in attention::items_for(a.num, &d, &row, ctx.today, ctx.config.unvisited_days) {
                if !mine && (key != Some(it.promiser) || it.promiser == attention::NOBODY) {
                    continue;
                }
                let what = match it.kind {
                    Kind::Overdue | Kind::DueSoon => d
                        .promises
                        .iter()
                        .find(|p| p.num == it.subject)
                        .map_or(String::new(), |p| format!("#{} {}", p.num, p.what)),
                    Kind::Unvisited => a.name.clone(),
                    Kind::Renewal if it.days().is_some_and(|d| d < 0) => format!(
                        "{}: the renewal of {} has passed; `saydo account renewal @{} renewed|expanded|churned` records how it went",
                        a.name,
                        a.renewal.map_or(String::new(), crate::domain::dates::long),
                        a.handle
                    ),
                    Kind::Renewal => format!(
                        "{}: renews {}",
                        a.name,
                        a.renewal.map_or(String::new(), crate::domain::dates::long)
                    ),
                    Kind::Feedback => format!(
                        "visit #{}: all its commitments resolved; ask how it went (`saydo visit feedback {} --score N`)",
                        it.subject, it.subject
                    ),
                    Kind::Metric | Kind::Measure => {
                        let name = d
                            .metrics
                            .iter()
                            .find(|m| m.num == it.subject)
                            .map_or("", |m| m.name.as_str());
                        let why = match it.kind {
                            Kind::Measure => "a measurement is due",
                            _ => it.rule.map_or("off track", |r| r.describe()),
                        };
                        format!("{name}: {why}")
                    }
                };
                items.push((
                    it,
                    AttentionItem {
                        kind: kind_word(it.kind),
                        account: a.num,
                        account_handle: a.handle.clone(),
                        subject: (!matches!(it.kind, Kind::Unvisited | Kind::Renewal)).then_some(it.subject),
                        what,
                        days: it.days(),
                        when: it.when(),
                    },
                ));
            }
            Ok(())
        })?;
    items.sort_by(|(a, _), (b, _)| attention::order(a, b));
    Ok(items.into_iter().map(|(_, i)| i).collect())
}

#[derive(Serialize, Default, Clone)]
struct TrendRow {
    name: String,
    /// Per month, oldest first: say/do (0–1, none when nothing was judged),
    /// proactive share of visits, visits.
    say_do: Vec<Option<f64>>,
    proactive: Vec<Option<f64>>,
    visits: Vec<u32>,
}

fn row_of(name: &str, months: &[Month; TREND_MONTHS]) -> TrendRow {
    TrendRow {
        name: name.to_string(),
        say_do: months.iter().map(|m| m.say_do.ratio()).collect(),
        proactive: months.iter().map(|m| m.visits.share()).collect(),
        visits: months.iter().map(|m| m.visits.total).collect(),
    }
}

/// `saydo trends [--json]`: say/do, proactive share and visits per month
/// over the last twelve, for all accounts and each director.
pub fn trends(ctx: &Ctx, json: bool) -> Outcome {
    let mut total = [Month::default(); TREND_MONTHS];
    let mut by: BTreeMap<String, [Month; TREND_MONTHS]> = BTreeMap::new();
    ctx.store
        .each_digest(&AccountQuery::sums(), &mut |account, d| {
            let m = monthly(&d.promises, &d.visits, ctx.today);
            let owner = account.owner.clone().unwrap_or_else(|| "(no owner)".into());
            let mine = by.entry(owner).or_insert([Month::default(); TREND_MONTHS]);
            for (i, x) in m.iter().enumerate() {
                total[i].merge(x, false);
                mine[i].merge(x, false);
            }
            Ok(())
        })?;
    let mut rows = vec![row_of("All accounts", &total)];
    rows.extend(by.iter().map(|(n, m)| row_of(n, m)));
    let months: Vec<String> = trend_months(ctx.today)
        .iter()
        .map(|d| d.strftime("%Y-%m").to_string())
        .collect();
    if json {
        return print_json(&serde_json::json!({ "months": months, "rows": rows }));
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        outln!(
            "per month, {} – {} (this month so far): say/do · proactive share · visits",
            months.first().cloned().unwrap_or_default(),
            months.last().cloned().unwrap_or_default()
        );
    }
    // Each month's column headed by its number ("11" is November).
    const MM: [&str; 12] = [
        ">01", ">02", ">03", ">04", ">05", ">06", ">07", ">08", ">09", ">10", ">11", ">12",
    ];
    let mut headers: Vec<&'static str> = vec!["", "measure"];
    headers.extend(
        trend_months(ctx.today)
            .iter()
            .map(|d| MM[d.month() as usize - 1]),
    );
    let mut t = Table::new(&headers);
    for r in &rows {
        let mut say = vec![r.name.clone(), "say/do".into()];
        say.extend(r.say_do.iter().map(|x| percent(*x)));
        t.row(say);
        let mut pro = vec![String::new(), "proactive".into()];
        pro.extend(r.proactive.iter().map(|x| percent(*x)));
        t.row(pro);
        let mut n = vec![String::new(), "visits".into()];
        n.extend(r.visits.iter().map(|x| x.to_string()));
        t.row(n);
    }
    t.print();
    Ok(())
}

#[derive(Serialize)]
struct SignalRow {
    account: i64,
    account_handle: String,
    metric: i64,
    metric_name: String,
    rule: crate::domain::xmr::Rule,
    on: crate::domain::Date,
    value: f64,
    /// An improvement (on the better side) or a deterioration.
    better: bool,
    /// The note that acknowledged it, if one was written.
    note: Option<String>,
}

/// `saydo signal list`: the XmR signals of the last months, newest first;
/// those waiting for a note, or (`--acknowledged`) those with one.
pub fn signals(ctx: &Ctx, owner: Option<String>, acknowledged: bool, json: bool) -> Outcome {
    let owner = ctx.owner(owner)?;
    let mut out: Vec<SignalRow> = Vec::new();
    let notes = ctx.store.signal_notes(None)?;
    ctx.store
        .each_digest(&AccountQuery::lean(), &mut |account, d| {
            if let Some(o) = &owner {
                if !account
                    .owner
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(o))
                {
                    return Ok(());
                }
            }
            for s in crate::app::signals::items_for(account.num, &d, ctx.today) {
                let note = notes
                    .iter()
                    .find(|n| n.metric == s.metric && n.rule == s.rule && n.on == s.on)
                    .map(|n| n.note.clone());
                if note.is_some() != acknowledged {
                    continue;
                }
                let metric_name = d
                    .metrics
                    .iter()
                    .find(|m| m.num == s.metric)
                    .map_or(String::new(), |m| m.name.clone());
                out.push(SignalRow {
                    account: account.num,
                    account_handle: account.handle.clone(),
                    metric: s.metric,
                    metric_name,
                    rule: s.rule,
                    on: s.on,
                    value: s.value,
                    better: s.better,
                    note,
                });
            }
            Ok(())
        })?;
    out.sort_by(|a, b| b.on.cmp(&a.on).then(a.metric.cmp(&b.metric)));
    if json {
        return print_json(&out);
    }
    if out.is_empty() {
        outln!(
            "{}",
            if acknowledged {
                "no signal has a note yet"
            } else {
                "no signal waits for a note: every metric behaves like itself"
            }
        );
        return Ok(());
    }
    let mut t = Table::new(&["on", "account", ">metric", "name", "rule", ">value", "note"]);
    for s in &out {
        let rule = serde_json::to_value(s.rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        t.row(vec![
            s.on.to_string(),
            format!("@{}", s.account_handle),
            s.metric.to_string(),
            s.metric_name.clone(),
            rule,
            s.value.to_string(),
            s.note.clone().unwrap_or_default(),
        ]);
    }
    t.print();
    if !acknowledged && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        outln!("acknowledge one with: saydo signal note METRIC RULE ON \"what happened\"");
    }
    Ok(())
}

/// `saydo directors [--json]`: each director (a person who owns accounts)
/// with their accounts' figures, as the TUI's Directors screen.
pub fn directors(ctx: &Ctx, json: bool) -> Outcome {
    let w = Window::new(ctx.config.window_days, ctx.today);
    // One pass, one account at a time, as `stats`: memory stays flat.
    let mut tally = report::Tally::new(w, ctx.config.unvisited_days);
    ctx.store.each_digest(&AccountQuery::sums(), &mut |a, d| {
        tally.add(a, &d);
        Ok(())
    })?;
    tally.add_all_settled(&ctx.store, None)?;
    let people: Vec<report::PersonRow> = tally
        .people()
        .into_iter()
        .filter(|p| p.accounts > 0)
        .collect();
    if json {
        return print_json(&people);
    }
    let mut t = Table::new(&[
        "director",
        ">accounts",
        ">accounts' say/do",
        ">own promises",
        ">proactive",
        ">open",
        ">overdue",
        ">unvisited",
        ">retained",
    ]);
    let sd = |s: &crate::domain::figures::SayDo| {
        if s.judged == 0 {
            "—".to_string()
        } else {
            format!("{} {}/{}", percent(s.ratio()), s.kept_on_time, s.judged)
        }
    };
    for p in &people {
        t.row(vec![
            p.name.clone(),
            p.accounts.to_string(),
            sd(&p.accounts_say_do),
            sd(&p.say_do),
            format!("{} of {}", percent(p.visits.share()), p.visits.total),
            p.open.to_string(),
            p.overdue.to_string(),
            p.unvisited.to_string(),
            p.retention.short(),
        ]);
    }
    // Piped, the rows alone (tab-separated, for other programs).
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        outln!(
            "figures over the last {} days; accounts' say/do counts the commitments on their accounts, whoever made them",
            w.days
        );
    }
    t.print();
    Ok(())
}

#[derive(Serialize)]
struct OverstayItem {
    account: i64,
    account_handle: String,
    name: String,
    owner: Option<String>,
    stage: String,
    days: i64,
    /// Days beyond the stage's expected duration.
    over: i64,
}

#[derive(Serialize)]
struct LifecycleListing {
    stages: Vec<report::lifecycle::StageSummary>,
    overstays: Vec<OverstayItem>,
}

/// `saydo lifecycle [--owner P] [--json]`: accounts per stage, how long
/// they stay, and who is past the stage's expected duration, as the TUI's
/// Lifecycle screen.
pub fn lifecycle(ctx: &Ctx, owner: Option<String>, json: bool) -> Outcome {
    let owner = ctx.owner(owner)?;
    let w = Window::new(ctx.config.window_days, ctx.today);
    let q = AccountQuery {
        owner: owner.clone(),
        ..AccountQuery::default()
    };
    let rows = report::account_rows(&ctx.store, &q, w)?;
    let (stages, overstays) =
        report::lifecycle::lifecycle(&rows, 0..rows.len(), &ctx.config.stages);
    let listing = LifecycleListing {
        stages,
        overstays: overstays
            .iter()
            .map(|o| {
                let a = &rows[o.row].account;
                OverstayItem {
                    account: a.num,
                    account_handle: a.handle.clone(),
                    name: a.name.clone(),
                    owner: a.owner.clone(),
                    stage: a.stage.clone(),
                    days: o.days,
                    over: o.over,
                }
            })
            .collect(),
    };
    if json {
        return print_json(&listing);
    }
    let mut t = Table::new(&[
        "stage",
        ">accounts",
        ">median days",
        "longest",
        ">expected",
        ">past expected",
    ]);
    let dash = || "—".to_string();
    for s in &listing.stages {
        t.row(vec![
            s.stage.clone(),
            s.accounts.to_string(),
            s.median_days.map_or_else(dash, |d| d.to_string()),
            s.longest
                .as_ref()
                .map_or_else(dash, |(d, h)| format!("{d} days @{h}")),
            s.expected_days.map_or_else(dash, |d| format!("{d} days")),
            s.past_expected.to_string(),
        ]);
    }
    t.print();
    if listing.overstays.is_empty() {
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            outln!("no account is past its stage's expected duration");
        }
        return Ok(());
    }
    let mut t = Table::new(&["account", "name", "stage", "owner", ">days", ">over"]);
    for o in &listing.overstays {
        t.row(vec![
            format!("@{}", o.account_handle),
            o.name.clone(),
            o.stage.clone(),
            o.owner.clone().unwrap_or_default(),
            o.days.to_string(),
            format!("+{}", o.over),
        ]);
    }
    outln!();
    t.print();
    Ok(())
}
