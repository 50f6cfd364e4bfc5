//! Figures across the portfolio: `saydo stats`, the overview printed by a
//! bare `saydo`, and the demo loader.

use super::table::Table;
use super::{bad, print_json, Ctx, Outcome};
use crate::domain::dates::{days_between, long, parse_window, shown};
use crate::domain::figures::{percent, Window};
use crate::report::{self, AccountRow, PersonRow, Totals};
use crate::store::{AccountQuery, CommitmentQuery, Store};
use serde::Serialize;
use std::time::Instant;

#[derive(Serialize)]
struct Stats {
    today: String,
    window_days: u32,
    unvisited_days: u32,
    totals: Totals,
    people: Vec<PersonRow>,
}

fn summary_line(t: &Totals, unvisited_days: u32) -> String {
    format!(
        "say/do {} · proactive {} of {} · {} open, {} overdue · {} unvisited > {}d · {} signals",
        t.say_do.describe(),
        percent(t.visits.share()),
        crate::domain::plural(t.visits.total as usize, "visit"),
        t.open,
        t.overdue,
        t.unvisited,
        unvisited_days,
        t.signals
    )
}

pub fn stats(ctx: &Ctx, owner: Option<String>, window: Option<String>, json: bool) -> Outcome {
    let owner = ctx.owner(owner)?;
    let days = match window {
        Some(w) => parse_window(&w).map_err(super::Failure::Input)?,
        None => ctx.config.window_days,
    };
    let w = Window::new(days, ctx.today);
    let q = AccountQuery {
        owner: owner.clone(),
        ..Default::default()
    };
    let rows = report::account_rows(&ctx.store, &q, w)?;
    if rows.is_empty() && owner.is_some() {
        let names: Vec<String> = ctx.store.people()?.into_iter().map(|p| p.name).collect();
        return bad(format!(
            "`--owner {}`: owns no accounts; people: {}",
            owner.unwrap_or_default(),
            if names.is_empty() {
                "none yet".into()
            } else {
                names.join(", ")
            }
        ));
    }
    let unvisited = ctx.config.unvisited_days;
    let s = Stats {
        today: ctx.today.to_string(),
        window_days: days,
        unvisited_days: unvisited,
        totals: report::totals(&rows, unvisited),
        people: report::person_rows(&ctx.store, &rows, w, unvisited)?,
    };
    if json {
        return print_json(&s);
    }
    outln!(
        "{}{} · window {}d to {}",
        crate::domain::plural(s.totals.accounts as usize, "account"),
        owner.map(|o| format!(" of {o}")).unwrap_or_default(),
        days,
        long(ctx.today)
    );
    outln!("{}", summary_line(&s.totals, unvisited));
    outln!();
    outln!("own promises: the commitments the person owns · their accounts: the commitments on the accounts they own");
    let mut t = Table::new(&[
        "person",
        ">accounts",
        ">own promises",
        ">kept/judged",
        ">renegotiated",
        ">their accounts",
        ">open",
        ">overdue",
        ">proactive",
        ">unvisited",
    ]);
    for p in &s.people {
        t.row(vec![
            p.name.clone(),
            p.accounts.to_string(),
            p.say_do.percent(),
            format!("{}/{}", p.say_do.kept_on_time, p.say_do.judged),
            p.say_do.renegotiated.to_string(),
            if p.accounts > 0 {
                format!(
                    "{} {}/{}",
                    p.accounts_say_do.percent(),
                    p.accounts_say_do.kept_on_time,
                    p.accounts_say_do.judged
                )
            } else {
                "—".into()
            },
            p.open.to_string(),
            p.overdue.to_string(),
            percent(p.visits.share()),
            p.unvisited.to_string(),
        ]);
    }
    out!("{}", t.render());
    Ok(())
}

/// What a bare `saydo` prints: a welcome on an empty database, else the
/// portfolio's figures and what needs attention.
pub fn overview(ctx: &Ctx) -> Outcome {
    if ctx.store.is_empty()? {
        outln!("saydo — the field book of a customer experience director.");
        outln!("Accounts, the customer's own success metrics, visits, commitments, and the say/do ratio.");
        outln!();
        outln!("Your field book is empty.");
        outln!("  saydo demo                          load a demo portfolio");
        outln!("  saydo account add \"Mercy General\"   add your first account");
        outln!("  saydo --help                        everything else");
        return Ok(());
    }
    let w = Window::new(ctx.config.window_days, ctx.today);
    let rows = report::account_rows(&ctx.store, &AccountQuery::default(), w)?;
    let unvisited = ctx.config.unvisited_days;
    let t = report::totals(&rows, unvisited);
    outln!(
        "{} · {} · window {}d",
        crate::domain::plural(t.accounts as usize, "account"),
        long(ctx.today),
        w.days
    );
    outln!("{}", summary_line(&t, unvisited));
    attention(ctx, &rows)
}

fn attention(ctx: &Ctx, rows: &[AccountRow]) -> Outcome {
    let handle = |num: i64| {
        rows.iter()
            .find(|r| r.account.num == num)
            .map_or_else(String::new, |r| format!("@{}", r.account.handle))
    };
    let open = ctx.store.commitments(&CommitmentQuery {
        status: Some(crate::domain::Status::Open),
        ..Default::default()
    })?;
    let mut t = Table::new(&["#", "account", "what", "owner", "due", ">when"]);
    for c in open
        .iter()
        .filter(|c| c.is_overdue(ctx.today) || c.is_due_soon(ctx.today))
    {
        if handle(c.account).is_empty() {
            continue;
        }
        let d = days_between(ctx.today, c.due());
        let when = if d < 0 {
            format!("{}d late", -d)
        } else if d == 0 {
            "today".into()
        } else {
            format!("in {d}d")
        };
        t.row(vec![
            c.num.to_string(),
            handle(c.account),
            c.what.clone(),
            c.owner.clone(),
            shown(ctx.today, c.due()),
            when,
        ]);
    }
    if !t.is_empty() {
        outln!("\nOverdue and due within 7 days:");
        out!("{}", t.render());
    }
    let mut u = Table::new(&["account", "owner", ">last visit"]);
    for r in rows
        .iter()
        .filter(|r| r.unvisited(ctx.config.unvisited_days))
    {
        u.row(vec![
            format!("@{}", r.account.handle),
            r.account.owner.clone().unwrap_or_default(),
            r.days_since_visit
                .map_or("never".into(), |d| format!("{d}d ago")),
        ]);
    }
    if !u.is_empty() {
        outln!(
            "\nNot visited for more than {} days:",
            ctx.config.unvisited_days
        );
        out!("{}", u.render());
    }
    Ok(())
}

pub fn demo(ctx: &mut Ctx, accounts: u32, force: bool) -> Outcome {
    if accounts == 0 {
        return bad("`--accounts 0`: give 1 or more");
    }
    if !ctx.store.is_empty()? && !force {
        return bad("the database is not empty; `saydo demo --force` replaces everything in it with the demo");
    }
    let started = Instant::now();
    let stages = ctx.config.stages.clone();
    let today = ctx.today;
    let mut counts = crate::demo::Counts::default();
    ctx.store.bulk(force, &mut |sink| {
        counts = crate::demo::generate(sink, accounts, today, &stages)?;
        Ok(())
    })?;
    outln!(
        "demo portfolio loaded: {} accounts, {} records in {:.1}s",
        counts.accounts,
        counts.records,
        started.elapsed().as_secs_f64()
    );
    outln!("try: saydo stats · saydo account list · saydo account show @mercy");
    Ok(())
}
