//! Figures across the portfolio: `saydo stats`, the overview printed by a
//! bare `saydo`, and the demo loader.

use super::table::{Cells, Table};
use super::{bad, print_json, Ctx, Outcome};
use crate::domain::dates::{days_between, long, parse_window, shown};
use crate::domain::figures::{percent, Window};
use crate::domain::Date;
use crate::report::{self, PersonRow, Totals};
use crate::store::{AccountQuery, Store};
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
        Some(w) => parse_window(&w)?,
        None => ctx.config.window_days,
    };
    let w = Window::new(days, ctx.today);
    let q = AccountQuery {
        owner: owner.clone(),
        lean: true,
        figures_only: true,
        terms_only: true,
        ..Default::default()
    };
    // One pass, one account at a time: memory stays flat however big
    // the book.
    let mut tally = report::Tally::new(w, ctx.config.unvisited_days);
    ctx.store.each_digest(&q, &mut |a, d| {
        tally.add(a, &d);
        Ok(())
    })?;
    let only = owner.as_ref().map(|o| std::iter::once(o.clone()).collect());
    tally.add_all_settled(&ctx.store, only.as_ref())?;
    if tally.totals.accounts == 0 && owner.is_some() {
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
        totals: tally.totals.clone(),
        people: tally.people(),
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
    if s.totals.retention.settled() > 0 {
        outln!(
            "retention over the last year: {}",
            s.totals.retention.describe()
        );
    }
    outln!();
    outln!("own promises: the commitments the person owns · their accounts: the commitments on the accounts they own");
    people_table(&s.people).print();
    Ok(())
}

/// Each person's figures: their own promises and their accounts'.
fn people_table(people: &[PersonRow]) -> Table {
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
        ">retained",
    ]);
    for p in people {
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
            p.retention.short(),
        ]);
    }
    t
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
    let unvisited = ctx.config.unvisited_days;
    let today = ctx.today;
    // One pass over the digests: the totals, and what needs attention.
    let mut tally = report::Tally::new(w, unvisited);
    // Each row kept as its line only, with what it is sorted by.
    let mut due: Vec<(Date, i64, Box<str>)> = Vec::new();
    let mut neglected: Vec<(String, i64, Box<str>)> = Vec::new();
    ctx.store.each_digest(&AccountQuery::lean(), &mut |a, d| {
        for p in d
            .promises
            .iter()
            .filter(|p| p.is_overdue(today) || p.is_due_soon(today))
        {
            due.push((p.due, p.num, due_line(&a.handle, p, today)));
        }
        let row = tally.add(a, &d);
        if row.unvisited(unvisited) {
            let a = row.account;
            let mut l = Cells::with_capacity(48);
            l.cell(format_args!("@{}", a.handle))
                .cell(format_args!("{}", a.owner.as_deref().unwrap_or_default()));
            match row.days_since_visit {
                Some(d) => l.cell(format_args!("{d}d ago")),
                None => l.cell(format_args!("never")),
            };
            neglected.push((a.name.to_lowercase(), a.num, l.done()));
        }
        Ok(())
    })?;
    let t = &tally.totals;
    outln!(
        "{} · {} · window {}d",
        crate::domain::plural(t.accounts as usize, "account"),
        long(ctx.today),
        w.days
    );
    outln!("{}", summary_line(t, unvisited));
    print_attention(ctx, due, neglected);
    Ok(())
}

/// An overdue or due-soon promise as its line: #, account, what, owner,
/// due, and how late or how soon.
fn due_line(handle: &str, p: &crate::domain::digest::Promise, today: Date) -> Box<str> {
    let days = days_between(today, p.due);
    let mut l = Cells::with_capacity(48 + p.what.len());
    l.cell(format_args!("{}", p.num))
        .cell(format_args!("@{handle}"))
        .cell(format_args!("{}", p.what))
        .cell(format_args!("{}", p.owner))
        .cell(format_args!("{}", shown(today, p.due)));
    match days {
        ..0 => l.cell(format_args!("{}d late", -days)),
        0 => l.cell(format_args!("today")),
        _ => l.cell(format_args!("in {days}d")),
    };
    l.done()
}

/// The promises overdue and due soon, by date; the accounts not visited.
fn print_attention(
    ctx: &Ctx,
    mut due: Vec<(Date, i64, Box<str>)>,
    mut neglected: Vec<(String, i64, Box<str>)>,
) {
    due.sort_by_key(|d| (d.0, d.1));
    let mut t = Table::new(&["#", "account", "what", "owner", "due", ">when"]);
    for (_, _, line) in due {
        t.push_line(&line);
    }
    if !t.is_empty() {
        outln!(
            "\nOverdue and due within {} days:",
            crate::domain::DUE_SOON_DAYS
        );
        t.print();
    }
    neglected.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut u = Table::new(&["account", "owner", ">last visit"]);
    for (_, _, line) in neglected {
        u.push_line(&line);
    }
    if !u.is_empty() {
        outln!(
            "\nNot visited for more than {} days:",
            ctx.config.unvisited_days
        );
        u.print();
    }
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
