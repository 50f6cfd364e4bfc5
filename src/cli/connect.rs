//! `saydo connect`: introductions of a customer's people to peers at other
//! customers or to our experts, for one of their metrics, and the
//! suggestions of whom they could meet.

use super::args::ConnectCmd;
use super::records::{choice, saved};
use super::table::Table;
use super::{print_json, Ctx, Failure, Outcome};
use crate::domain::dates::shown;
use crate::domain::{IntroStatus, Introduction};
use crate::store::{Change, Record, Store};
use uuid::Uuid;

/// `@stlukes:"Dr Okafor"` → (Some("stlukes"), "Dr Okafor"); a bare name is ours.
fn split_to(to: &str) -> (Option<String>, String) {
    let t = to.trim();
    if let Some(rest) = t.strip_prefix('@') {
        if let Some((h, who)) = rest.split_once(':') {
            return (
                Some(h.trim().to_string()),
                who.trim().trim_matches('"').to_string(),
            );
        }
    }
    (None, t.trim_matches('"').to_string())
}

fn find(ctx: &Ctx, num: i64) -> Result<Introduction, Failure> {
    ctx.store
        .introductions(None)?
        .into_iter()
        .find(|x| x.num == num)
        .ok_or_else(|| {
            Failure::Input(format!(
                "there is no introduction #{num}; `saydo connect list` shows them"
            ))
        })
}

pub fn connect(ctx: &mut Ctx, cmd: ConnectCmd) -> Outcome {
    match cmd {
        ConnectCmd::Add {
            account,
            from,
            to,
            metric,
            why,
            on,
        } => {
            let a = ctx.account(&account)?;
            let (to_account, who) = split_to(&to);
            if to_account.as_deref() == Some("") || who.starts_with('@') || who.is_empty() {
                return Err(Failure::Input(format!(
                    "`--to {to}`: a peer is @handle:\"Name\" (e.g. @stlukes:\"Dr Okafor\"), an expert of ours just a name"
                )));
            }
            let to = who;
            let on = match on {
                Some(d) => ctx.date_at("--on", &d, a.num, true)?,
                None => ctx.today,
            };
            let x = Introduction {
                id: Uuid::nil(),
                num: 0,
                account: a.num,
                from: from.trim().to_string(),
                to_account,
                to,
                metric,
                why: why.trim().to_string(),
                status: IntroStatus::Proposed,
                on,
                status_on: on,
                follow_up: String::new(),
            };
            saved(ctx.store.apply(&Change::AddIntroduction(x), ctx.today)?);
        }
        ConnectCmd::Set {
            num,
            status,
            on,
            follow_up,
        } => {
            let mut x = find(ctx, num)?;
            x.status = choice("status", &status)?;
            x.status_on = match on {
                Some(d) => ctx.date_at("--on", &d, x.account, true)?,
                None => ctx.today,
            };
            if let Some(f) = follow_up {
                x.follow_up = f.trim().to_string();
            }
            saved(ctx.store.apply(&Change::EditIntroduction(x), ctx.today)?);
        }
        ConnectCmd::Remove { num } => {
            find(ctx, num)?;
            saved(
                ctx.store
                    .apply(&Change::Remove(Record::Introduction(num)), ctx.today)?,
            );
        }
        ConnectCmd::List {
            account,
            open,
            json,
        } => return list(ctx, account, open, json),
        ConnectCmd::Suggest { account, json } => return suggest(ctx, account, json),
    }
    Ok(())
}

/// The introductions, of one account or all, open ones or every one.
fn list(ctx: &Ctx, account: Option<String>, open: bool, json: bool) -> Outcome {
    let acc = account.map(|a| ctx.account(&a)).transpose()?;
    let mut list = ctx.store.introductions(acc.as_ref().map(|a| a.num))?;
    if open {
        list.retain(Introduction::is_open);
    }
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        outln!("No introductions yet: `saydo connect add @h --from … --to …` proposes one.");
        return Ok(());
    }
    let handles = ctx.store.handles()?;
    // Only the metrics the introductions name (a big book has many).
    let mut metrics = Vec::new();
    for n in list.iter().filter_map(|x| x.metric) {
        if !metrics.iter().any(|m: &crate::domain::Metric| m.num == n) {
            metrics.extend(ctx.store.metric(n)?);
        }
    }
    let mut t = Table::new(&[
        "#",
        "account",
        "status",
        "since",
        "introduction",
        "for metric",
        "follow-up",
    ]);
    for x in &list {
        let metric = x
            .metric
            .and_then(|n| metrics.iter().find(|m| m.num == n))
            .map_or(String::new(), |m| m.name.clone());
        t.row(vec![
            x.num.to_string(),
            handles
                .get(&x.account)
                .map_or(String::new(), |h| format!("@{h}")),
            x.status.to_string(),
            shown(ctx.today, x.status_on),
            x.line(),
            metric,
            x.follow_up.clone(),
        ]);
    }
    t.print();
    Ok(())
}

/// Whom the account's people could meet: peers who reached what they aim at.
fn suggest(ctx: &Ctx, account: String, json: bool) -> Outcome {
    let a = ctx.account(&account)?;
    let w = crate::domain::figures::Window::new(ctx.config.window_days, ctx.today);
    let d = crate::report::account_detail(&ctx.store, a.clone(), w, &ctx.config.stages)?;
    let metrics: Vec<_> = d
        .metrics
        .iter()
        .map(|m| (m.metric.clone(), m.latest))
        .collect();
    let list = crate::report::connect::suggestions(&ctx.store, a.num, &metrics)?;
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        outln!(
            "@{} has no metrics yet to compare with other customers'.",
            a.handle
        );
    }
    for s in &list {
        outln!("{} (#{}):", s.metric_name, s.metric);
        let said = s.said();
        if said.is_empty() {
            outln!("  no peer has reached what they aim at yet");
        }
        for line in said {
            outln!("  {line}");
        }
    }
    Ok(())
}
