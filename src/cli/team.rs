//! `saydo sync` and `saydo team …`: the team book from a shell.

use super::args::TeamCmd;
use super::{Ctx, Failure, Outcome};
use crate::store::Store;
use crate::team::{self, TeamError};

impl From<TeamError> for Failure {
    fn from(e: TeamError) -> Self {
        match e {
            TeamError::Input(m) => Failure::Input(m),
            TeamError::Local(e) => e.into(),
            e => Failure::Other(e.to_string()),
        }
    }
}

/// The time a change was made, by this machine's clock: kept beside the
/// team book's own time for the record, never used to order anything.
fn now() -> String {
    jiff::Timestamp::now().to_string()
}

pub fn sync(ctx: &mut Ctx) -> Outcome {
    let done = team::sync_once(&mut ctx.store, &now())?;
    outln!("synced: {}", done.describe());
    Ok(())
}

fn check_url(url: &str) -> Result<(), Failure> {
    if team::without_password(url) != url {
        return Err(Failure::Input(
            "the URL holds a password, which would show in the process list and your shell's \
             history; give it without one and set PGPASSWORD or ~/.pgpass"
                .into(),
        ));
    }
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(Failure::Input(format!(
            "`{url}`: not a team book's address; use postgres://USER@HOST/DB"
        )));
    }
    Ok(())
}

pub fn team(ctx: &mut Ctx, c: TeamCmd) -> Outcome {
    match c {
        TeamCmd::Init { url } => {
            check_url(&url)?;
            let n = team::init(&url, &mut ctx.store, &ctx.me)?;
            outln!(
                "made the team book at {url} with this book's {n} records; this file is its first replica"
            );
        }
        TeamCmd::Join { url } => {
            check_url(&url)?;
            let n = team::join(&url, &mut ctx.store, &ctx.me)?;
            outln!("joined the team book at {url}: {n} records");
        }
        TeamCmd::Migrate => {
            let Some(state) = ctx.store.replica()? else {
                return Err(Failure::Input(
                    "this book is not a replica of a team book".into(),
                ));
            };
            let mut c = team::connect(&state.url)?;
            let (from, to) = team::migrate(&mut c)?;
            if from == to {
                outln!("the team book is at schema {to} already");
            } else {
                outln!("the team book went from schema {from} to {to}");
            }
        }
        TeamCmd::Status { json } => status(ctx, json)?,
        TeamCmd::Conflicts { json } => conflicts(ctx, json)?,
        TeamCmd::Resolve { num, mine, .. } => {
            let said = ctx.store.resolve(num, mine, &now())?;
            outln!("{said}");
        }
    }
    Ok(())
}

fn status(ctx: &Ctx, json: bool) -> Outcome {
    let Some(s) = ctx.store.replica()? else {
        if json {
            outln!("{}", serde_json::json!({ "replica": false }));
        } else {
            outln!("this book is not a replica of a team book (`saydo team init` or `team join`)");
        }
        return Ok(());
    };
    let w = ctx.store.waiting()?;
    if json {
        let v = serde_json::json!({
            "replica": true,
            "url": s.url,
            "me": s.me,
            "schema": s.team_version,
            "last_sync": s.last_sync,
            "last_error": s.last_error,
            "waiting": w.changes,
            "conflicts": w.conflicts,
        });
        outln!("{v}");
        return Ok(());
    }
    outln!("team book  {}", s.url);
    outln!("me         {}", s.me);
    outln!("last sync  {}", s.last_sync.as_deref().unwrap_or("never"));
    if let Some(e) = &s.last_error {
        outln!("last error {e}");
    }
    outln!("waiting    {}", crate::domain::plural(w.changes, "change"));
    outln!("conflicts  {}", w.conflicts);
    Ok(())
}

fn conflicts(ctx: &Ctx, json: bool) -> Outcome {
    let all = ctx.store.conflicts()?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&all).map_err(|e| Failure::Other(e.to_string()))?
        );
        return Ok(());
    }
    if all.is_empty() {
        outln!("no conflicts");
        return Ok(());
    }
    for c in &all {
        outln!("#{} {} — {}", c.num, c.label, c.reason);
        for k in &c.clashes {
            outln!(
                "    {}: mine {} · theirs {} ({}{})",
                k.field,
                k.mine,
                k.theirs,
                k.who,
                if k.when.is_empty() {
                    String::new()
                } else {
                    format!(", {}", k.when)
                }
            );
        }
    }
    outln!("settle one with `saydo team resolve N --mine` or `--theirs`");
    Ok(())
}

pub fn history(ctx: &Ctx, handle: &str, limit: i64, json: bool) -> Outcome {
    let h = handle.trim_start_matches('@');
    let Some(a) = ctx.store.account(h)? else {
        return Err(Failure::Input(format!(
            "`@{h}`: no such account; `saydo account list` shows the handles"
        )));
    };
    if ctx.store.replica()?.is_none() {
        // A book of one's own: its changes, without who (always you) or when.
        let local = ctx.store.local_history(a.num, limit.max(1) as usize)?;
        if json {
            let v: Vec<_> = local
                .iter()
                .map(|e| serde_json::json!({"seq": e.seq, "label": e.label, "undone": e.undone}))
                .collect();
            outln!("{}", serde_json::Value::Array(v));
        } else if local.is_empty() {
            outln!("no changes to @{} in this book's history", a.handle);
        } else {
            for e in &local {
                let undone = if e.undone { " (undone)" } else { "" };
                outln!("{:>6}  {}{undone}", e.seq, e.label);
            }
        }
        return Ok(());
    }
    let entries = team::history::entries(ctx.store.team_history(a.num, limit.max(1) as usize)?);
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&entries).map_err(|e| Failure::Other(e.to_string()))?
        );
        return Ok(());
    }
    if entries.is_empty() {
        outln!(
            "no changes to @{} in the team book's log since it was made",
            a.handle
        );
        return Ok(());
    }
    for e in &entries {
        let at = e.at.get(..16).unwrap_or(&e.at);
        outln!("{:>6}  {at}  {:<14} {}", e.seq, e.author, e.label);
        for f in &e.fields {
            if f.field == "(removed)" {
                outln!("          {} removed", f.record);
            } else {
                outln!(
                    "          {} {}: {} → {}",
                    f.record,
                    f.field,
                    f.before,
                    f.after
                );
            }
        }
    }
    Ok(())
}
