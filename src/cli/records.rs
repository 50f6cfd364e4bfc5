//! Subcommands over records: accounts, stakeholders, moments, visits,
//! commitments and stages (metrics are in metrics.rs).

use super::account_show::show_account;
use super::args::{AccountCmd, AccountFields, MomentCmd, StageCmd, StakeholderCmd};
use super::table::{Cells, Table};
use super::{bad, print_json, Ctx, Failure, Outcome};
use crate::domain::figures::{percent, Window};
use crate::domain::text::slug;
use crate::domain::{find_stage, Account, Choice, Layer, Moment, Severity, Stakeholder};
use crate::report;
use crate::store::{AccountQuery, Change, Store};
use std::ops::Range;
use uuid::Uuid;

pub(super) fn choice<C: Choice>(flag: &str, value: &str) -> Result<C, Failure> {
    C::parse(value).map_err(|e| Failure::Input(format!("`{flag} {value}`: {e}")))
}

pub(super) fn number(flag: &str, value: &str) -> Result<f64, Failure> {
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => bad(format!(
            "`{flag} {value}`: not a number; e.g. 42, 3.5 or -2"
        )),
    }
}

pub(super) fn saved(applied: crate::store::Applied) {
    outln!("saved #{}: {}", applied.num, applied.label);
}

pub(super) fn window(ctx: &Ctx) -> Window {
    Window::new(ctx.config.window_days, ctx.today)
}

fn apply_fields(ctx: &Ctx, a: &mut Account, f: AccountFields) -> Outcome {
    if let Some(h) = f.handle {
        a.handle = h.trim().trim_start_matches('@').to_string();
    }
    if let Some(o) = f.owner {
        a.owner = Some(o.trim().to_string()).filter(|s| !s.is_empty());
    }
    if let Some(r) = f.region {
        a.region = r.trim().to_string();
    }
    if !f.tags.is_empty() {
        a.tags = f
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
    }
    if let Some(r) = f.renewal {
        a.renewal = if r.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(ctx.date("--renewal", &r)?)
        };
    }
    if let Some(w) = f.why {
        a.why = w.trim().to_string();
    }
    let days = |flag: &str, v: &str| -> Result<Option<u32>, Failure> {
        match v.trim() {
            "" | "none" => Ok(None),
            w => crate::domain::dates::parse_window(w)
                .map(Some)
                .map_err(|e| Failure::Input(format!("{flag} {e}"))),
        }
    };
    if let Some(v) = f.visit_every {
        a.pace.visit_every_days = days("--visit-every", &v)?;
    }
    if let Some(v) = f.stage_days {
        a.pace.stage_days = days("--stage-days", &v)?;
    }
    if let Some(p) = f.paused_until {
        a.pace.paused_until = if p.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(ctx.date("--paused-until", &p)?)
        };
    }
    for k in &f.key_date {
        crate::domain::key_dates::set(&mut a.key_dates, k, ctx.today)
            .map_err(|e| Failure::Input(format!("--key-date {e}")))?;
    }
    Ok(())
}

pub fn account(ctx: &mut Ctx, cmd: AccountCmd) -> Outcome {
    match cmd {
        AccountCmd::Add {
            name,
            fields,
            stage,
            since,
            same_name,
        } => add_account(ctx, name, fields, stage, since, same_name),
        AccountCmd::Edit {
            account,
            name,
            fields,
        } => {
            let mut a = ctx.account(&account)?;
            if let Some(n) = name {
                a.name = n.trim().to_string();
            }
            apply_fields(ctx, &mut a, fields)?;
            saved(ctx.store.apply(&Change::EditAccount(a), ctx.today)?);
            Ok(())
        }
        AccountCmd::List {
            owner,
            archived,
            json,
        } => list_accounts(ctx, owner, archived, json),
        AccountCmd::Show { account, json } => show_account(ctx, &account, json),
        AccountCmd::Renewal {
            account,
            outcome,
            on,
            next,
        } => super::renewals::settle(ctx, &account, &outcome, on, next),
        AccountCmd::Answer {
            account,
            question,
            answer,
        } => super::renewals::answer(ctx, &account, question, &answer),
        AccountCmd::Assess {
            account,
            levels,
            on,
            note,
        } => super::maturity::assess(ctx, &account, &levels, on, note),
        AccountCmd::Archive { account } => {
            let a = ctx.account(&account)?;
            saved(ctx.store.apply(
                &Change::Archive {
                    account: a.num,
                    archived: true,
                },
                ctx.today,
            )?);
            Ok(())
        }
        AccountCmd::Restore { account } => {
            let a = ctx.account(&account)?;
            saved(ctx.store.apply(
                &Change::Archive {
                    account: a.num,
                    archived: false,
                },
                ctx.today,
            )?);
            Ok(())
        }
    }
}

/// `account add`: a new account, refused when another has its name unless `--same-name`.
fn add_account(
    ctx: &mut Ctx,
    name: String,
    fields: AccountFields,
    stage: Option<String>,
    since: Option<String>,
    same_name: bool,
) -> Outcome {
    if !same_name {
        let taken = ctx
            .store
            .accounts(&AccountQuery {
                include_archived: true,
                ..Default::default()
            })?
            .into_iter()
            .find(|a| a.name.to_lowercase() == name.trim().to_lowercase());
        if let Some(a) = taken {
            return bad(format!(
                "@{} is named “{}” already: if this is another account of the same \
                 name, add --same-name",
                a.handle, a.name
            ));
        }
    }
    let stage = match stage {
        Some(s) => find_stage(&ctx.config.stages, &s)?.name.clone(),
        None => ctx.config.stages[0].name.clone(),
    };
    let stage_since = ctx
        .opt_past_date("--since", since.as_deref())?
        .unwrap_or(ctx.today);
    let mut a = Account {
        owner: Some(ctx.me.clone()),
        ..Account::new(name.trim(), stage, stage_since)
    };
    apply_fields(ctx, &mut a, fields)?;
    if a.handle.is_empty() {
        a.handle = default_handle(ctx, &a.name)?;
    }
    saved(ctx.store.apply(&Change::AddAccount(a), ctx.today)?);
    Ok(())
}

/// `account list`: every account with its figures, as a table or JSON.
fn list_accounts(ctx: &mut Ctx, owner: Option<String>, archived: bool, json: bool) -> Outcome {
    let q = AccountQuery {
        owner: ctx.owner(owner)?,
        include_archived: archived,
        ..Default::default()
    };
    let w = window(ctx);
    if json {
        return accounts_json(ctx, &q, w);
    }
    let q = AccountQuery {
        lean: true,
        figures_only: true,
        ..q
    };
    // By name; each row kept as its sort key and its line only, both in
    // one buffer (a row's two allocations were a tenth of the time).
    let mut text = String::new();
    let mut rows: Vec<Listed> = Vec::new();
    let mut l = Cells::with_capacity(128);
    ctx.store.each_digest(&q, &mut |a, d| {
        let since = report::Terms::of(&a);
        let r = report::row_of(a, since, &d, w);
        account_line(&mut l, &r);
        let (a, key) = (&r.account, text.len());
        if a.name.is_ascii() {
            text.extend(a.name.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            text.push_str(&a.name.to_lowercase());
        }
        let line = text.len();
        text.push_str(l.as_str());
        rows.push((key..line, a.num, line..text.len()));
        Ok(())
    })?;
    let rows = by_name(&text, rows);
    let mut t = Table::new(&[
        "handle",
        "name",
        "owner",
        "stage",
        ">in stage",
        ">say/do",
        ">open",
        ">overdue",
        ">last visit",
        ">proactive",
        ">on track",
        ">signals",
    ]);
    t.reserve(text.len());
    for (_, _, line) in rows {
        t.push_line(&text[line]);
    }
    if t.is_empty() {
        outln!("no accounts yet: `saydo account add NAME` or `saydo demo`");
    } else {
        t.print();
    }
    Ok(())
}

/// An account's line of `account list`, written into `l`.
fn account_line(l: &mut Cells, r: &report::AccountRow) {
    let a = &r.account;
    l.clear();
    l.text(&["@", &a.handle, if a.archived { " (archived)" } else { "" }])
        .text(&[&a.name])
        .text(&[a.owner.as_deref().unwrap_or_default()])
        .text(&[&a.stage])
        .cell(format_args!("{}d", r.days_in_stage))
        .text(&[&r.say_do.percent()])
        .cell(format_args!("{}", r.open))
        .cell(format_args!("{}", r.overdue));
    match r.days_since_visit {
        Some(d) => l.cell(format_args!("{d}d ago")),
        None => l.text(&["never"]),
    };
    l.text(&[&percent(r.visits.share())])
        .cell(format_args!("{}/{}", r.metrics_on_track, r.metrics))
        .cell(format_args!("{}", r.signals));
}

/// A listed account: its sort key and its line, as ranges of one text,
/// and its number.
type Listed = (Range<usize>, i64, Range<usize>);

/// `rows` by key, then number.
fn by_name(text: &str, rows: Vec<Listed>) -> Vec<Listed> {
    // Name and number are unique together, so an unstable sort gives the
    // same order; most pairs are told apart by their first eight bytes.
    let prefix = |k: &Range<usize>| {
        let mut b = [0u8; 8];
        let k = &text.as_bytes()[k.clone()];
        let n = k.len().min(8);
        b[..n].copy_from_slice(&k[..n]);
        u64::from_be_bytes(b)
    };
    let mut rows: Vec<_> = rows.into_iter().map(|r| (prefix(&r.0), r)).collect();
    rows.sort_unstable_by(|(pa, a), (pb, b)| {
        pa.cmp(pb)
            .then_with(|| text[a.0.clone()].cmp(&text[b.0.clone()]))
            .then(a.1.cmp(&b.1))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The accounts as JSON rows in the book's order (by number), as they are
/// read: a big book is never held.
fn accounts_json(ctx: &Ctx, q: &AccountQuery, w: Window) -> Outcome {
    let mut out = super::JsonRows::default();
    let mut failed = None;
    ctx.store.each_digest(q, &mut |a, d| {
        let since = report::Terms::of(&a);
        if failed.is_none() {
            failed = out.push(&report::row_of(a, since, &d, w)).err();
        }
        Ok(())
    })?;
    match failed {
        Some(f) => Err(f),
        None => out.finish(),
    }
}

fn default_handle(ctx: &Ctx, name: &str) -> Result<String, Failure> {
    let full = slug(name);
    let first = full.split('-').next().unwrap_or("").to_string();
    let full: String = full
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    for h in [first, full] {
        if !h.is_empty() && ctx.store.account(&h)?.is_none() {
            return Ok(h);
        }
    }
    bad(format!(
        "no free handle could be made from `{name}`; give one with --handle"
    ))
}

pub(super) fn fmt_value(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let n = format!("{v:.2}");
            let n = if n.contains('.') {
                n.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                n
            };
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }
    }
}

pub fn stakeholder(ctx: &mut Ctx, cmd: StakeholderCmd) -> Outcome {
    match cmd {
        c @ (StakeholderCmd::Edit { .. } | StakeholderCmd::Remove { .. }) => {
            super::edits::stakeholder(ctx, c)
        }
        StakeholderCmd::Add {
            account,
            name,
            role,
            layer,
            contact,
            notes,
            peers,
        } => {
            let a = ctx.account(&account)?;
            let peers = super::edits::yes_no(
                "--peers",
                &peers,
                "will they speak to their peers at other customers?",
            )?;
            let s = Stakeholder {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                name,
                role,
                layer: Layer::parse_in(&layer, &ctx.config.layers)
                    .map_err(|e| Failure::Input(format!("`--layer {layer}`: {e}")))?,
                contact,
                notes,
                peers,
            };
            saved(ctx.store.apply(&Change::AddStakeholder(s), ctx.today)?);
            Ok(())
        }
        StakeholderCmd::List { account, json } => {
            let acc = account.map(|a| ctx.account(&a)).transpose()?;
            let list = ctx.store.stakeholders(acc.as_ref().map(|a| a.num))?;
            if json {
                return print_json(&list);
            }
            let handles = handles(ctx)?;
            let mut t = Table::new(&["#", "account", "layer", "name", "role", "contact"]);
            for s in &list {
                t.row(vec![
                    s.num.to_string(),
                    handle_of(&handles, s.account),
                    s.layer.to_string(),
                    s.name.clone(),
                    s.role.clone(),
                    s.contact.clone(),
                ]);
            }
            t.print();
            Ok(())
        }
    }
}

pub(super) fn handles(ctx: &Ctx) -> Result<std::collections::HashMap<i64, String>, Failure> {
    Ok(ctx.store.handles()?)
}

pub(super) fn handle_of(h: &std::collections::HashMap<i64, String>, num: i64) -> String {
    h.get(&num)
        .map_or_else(|| format!("#{num}"), |h| format!("@{h}"))
}

pub fn moment(ctx: &mut Ctx, cmd: MomentCmd) -> Outcome {
    match cmd {
        c @ (MomentCmd::Edit { .. } | MomentCmd::Remove { .. }) => super::edits::moment(ctx, c),
        MomentCmd::Add {
            account,
            what,
            severity,
        } => {
            let a = ctx.account(&account)?;
            let m = Moment {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                what,
                severity: choice::<Severity>("--severity", &severity)?,
            };
            saved(ctx.store.apply(&Change::AddMoment(m), ctx.today)?);
            Ok(())
        }
        MomentCmd::List { account, json } => {
            let acc = account.map(|a| ctx.account(&a)).transpose()?;
            let list = ctx.store.moments(acc.as_ref().map(|a| a.num))?;
            if json {
                return print_json(&list);
            }
            let metrics = ctx.store.metrics(acc.as_ref().map(|a| a.num))?;
            let handles = handles(ctx)?;
            let mut t = Table::new(&["#", "account", "severity", "moment of truth", "watched by"]);
            for m in &list {
                let w: Vec<String> = metrics
                    .iter()
                    .filter(|x| x.moment == Some(m.num))
                    .map(|x| x.name.clone())
                    .collect();
                t.row(vec![
                    m.num.to_string(),
                    handle_of(&handles, m.account),
                    m.severity.to_string(),
                    m.what.clone(),
                    w.join(", "),
                ]);
            }
            t.print();
            Ok(())
        }
    }
}

pub fn stage(ctx: &mut Ctx, cmd: StageCmd) -> Outcome {
    match cmd {
        StageCmd::Set { account, stage, on } => {
            let a = ctx.account(&account)?;
            let s = find_stage(&ctx.config.stages, &stage)?.clone();
            let on = ctx
                .opt_past_date("--on", on.as_deref())?
                .unwrap_or(ctx.today);
            saved(ctx.store.apply(
                &Change::SetStage {
                    account: a.num,
                    stage: s.name.clone(),
                    on,
                },
                ctx.today,
            )?);
            if !s.prompts.is_empty() {
                outln!("In {}, check:", s.name);
                for p in &s.prompts {
                    outln!("  · {p}");
                }
            }
            Ok(())
        }
        StageCmd::List { json } => {
            if json {
                return print_json(&ctx.config.stages);
            }
            for s in &ctx.config.stages {
                let exp = s
                    .expected_days
                    .map(|d| format!(" (expected ≤ {d}d)"))
                    .unwrap_or_default();
                outln!("{}{exp}", s.name);
                for p in &s.prompts {
                    outln!("  · {p}");
                }
            }
            Ok(())
        }
    }
}

pub fn person(ctx: &mut Ctx, cmd: super::args::PersonCmd) -> Outcome {
    use super::args::PersonCmd;
    match cmd {
        PersonCmd::Add { name } => {
            saved(ctx.store.apply(&Change::AddPerson { name }, ctx.today)?);
        }
        PersonCmd::List { json } => {
            let people = ctx.store.people()?;
            if json {
                return print_json(&people);
            }
            for p in people {
                outln!("{}", p.name);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_accounts_sort_by_whole_key_then_number() {
        // Keys alike in their first eight bytes, shorter than eight, empty.
        let keys = [
            ("lakeside general 2", 5),
            ("lakeside general 10", 9),
            ("lakeside general 2", 1),
            ("ab", 3),
            ("", 8),
            ("lakeside", 2),
            ("äb", 4),
        ];
        let mut text = String::new();
        let mut rows = Vec::new();
        for (k, n) in keys {
            let at = text.len();
            text.push_str(k);
            rows.push((at..text.len(), n, 0..0));
        }
        let got: Vec<(&str, i64)> = by_name(&text, rows)
            .into_iter()
            .map(|(k, n, _)| (&text[k], n))
            .collect();
        let mut want = keys.to_vec();
        want.sort();
        assert_eq!(got, want);
    }
}
