//! `visit list` and `commit list`: the visits and commitments of the
//! book, one account's or one person's, as a table or JSON.

use super::args::{CommitCmd, VisitCmd};
use super::records::{choice, handle_of, handles};
use super::table::{Cells, Table};
use super::{print_json, Ctx, Failure, Outcome};
use crate::domain::dates::{days_between, parse_window, push_relative_words, push_shown, shown};
use crate::domain::{Choice, Status};
use crate::store::{CommitmentQuery, Store, VisitQuery};

pub(super) fn commitment_table(ctx: &Ctx, list: &[&crate::domain::Commitment]) -> Table {
    let handles = handles(ctx).unwrap_or_default();
    let mut t = Table::new(&[
        "#", "account", "what", "to", "owner", "due", "when", "status",
    ]);
    // Grown once, not by doubling into fresh pages: a page fault costs
    // as much here as writing a hundred rows.
    t.reserve(list.iter().map(|c| c.what.len() + 80).sum());
    for c in list {
        let due = c.due();
        let mut l = Cells::with_capacity(64 + c.what.len());
        l.cell(format_args!("{}", c.num));
        match handles.get(&c.account) {
            Some(h) => l.text(&["@", h]),
            None => l.text(&[&handle_of(&handles, c.account)]),
        };
        l.text(&[&c.what])
            .text(&[&c.to_whom])
            .text(&[&c.owner])
            .push(|s| push_shown(s, ctx.today, due));
        if c.is_open() {
            match days_between(ctx.today, due) {
                d if d < 0 => l.cell(format_args!("{}d late", -d)),
                _ => l.push(|s| push_relative_words(s, due, ctx.today)),
            };
        } else {
            l.push(|s| {
                if let Some(r) = c.resolved_on {
                    s.push_str(c.status.word());
                    s.push(' ');
                    push_shown(s, ctx.today, r);
                }
            });
        }
        match c.renegotiations.len() {
            0 => l.text(&[c.status.word()]),
            n => l.cell(format_args!("{} (renegotiated ×{n})", c.status)),
        };
        t.push_cells(l);
    }
    t
}

pub fn visit(ctx: &Ctx, cmd: VisitCmd) -> Outcome {
    let VisitCmd::List {
        account,
        owner,
        json,
    } = cmd
    else {
        return Ok(());
    };
    let acc = account.map(|a| ctx.account(&a)).transpose()?;
    let list = ctx.store.visits(&VisitQuery {
        account: acc.map(|a| a.num),
        owner: ctx.owner(owner)?,
    })?;
    let handles = handles(ctx)?;
    if json {
        let rows: Vec<WithHandle<_>> = list
            .iter()
            .map(|v| WithHandle {
                account_handle: handles.get(&v.account).cloned().unwrap_or_default(),
                agreed_due: None,
                record: v,
            })
            .collect();
        return print_json(&rows);
    }
    let mut t = Table::new(&[
        "#", "date", "account", "kind", "intent", "ours", "theirs", "feedback", "notes",
    ]);
    for v in &list {
        t.row(vec![
            v.num.to_string(),
            shown(ctx.today, v.on),
            handle_of(&handles, v.account),
            v.kind.to_string(),
            v.intent.to_string(),
            v.ours.join(", "),
            v.theirs.join(", "),
            v.feedback
                .as_ref()
                .map_or(String::new(), |f| format!("{}/10 “{}”", f.score, f.words)),
            v.notes.clone(),
        ]);
    }
    t.print();
    Ok(())
}

pub fn commit(ctx: &Ctx, cmd: CommitCmd) -> Outcome {
    let CommitCmd::List {
        account,
        overdue,
        due_within,
        owner,
        status,
        all,
        json,
    } = cmd
    else {
        return Ok(());
    };
    let acc = account.map(|a| ctx.account(&a)).transpose()?;
    let status = match status {
        Some(s) => Some(choice::<Status>("--status", &s)?),
        None if all => None,
        None => Some(Status::Open),
    };
    let within = due_within
        .map(|w| parse_window(&w).map_err(Failure::from))
        .transpose()?;
    let list = ctx.store.commitments(&CommitmentQuery {
        account: acc.map(|a| a.num),
        owner: ctx.owner(owner)?,
        status,
    })?;
    let list: Vec<_> = list
        .into_iter()
        .filter(|c| !overdue || c.is_overdue(ctx.today))
        .filter(|c| {
            within.is_none_or(|w| {
                c.is_open() && (0..=w as i64).contains(&days_between(ctx.today, c.due()))
            })
        })
        .collect();
    if json {
        let handles = handles(ctx)?;
        let rows: Vec<WithHandle<_>> = list
            .iter()
            .map(|c| WithHandle {
                account_handle: handles.get(&c.account).cloned().unwrap_or_default(),
                agreed_due: Some(c.due()),
                record: c,
            })
            .collect();
        return print_json(&rows);
    }
    let refs: Vec<&crate::domain::Commitment> = list.iter().collect();
    commitment_table(ctx, &refs).print();
    Ok(())
}

/// A record as `--json` gives it: its account by handle as well as by
/// number (scripts need not join them by hand), and a commitment's due
/// date as agreed now (`due_on` is the one first agreed).
#[derive(serde::Serialize)]
struct WithHandle<'a, T: serde::Serialize> {
    #[serde(flatten)]
    record: &'a T,
    account_handle: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    agreed_due: Option<crate::domain::Date>,
}
