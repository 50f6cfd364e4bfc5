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
            let n = team::join(&url, &mut ctx.store)?;
            let me = ctx.store.replica()?.map(|s| s.me).unwrap_or_default();
            outln!("joined the team book at {url} as {me}: {n} records");
        }
        TeamCmd::Migrate => {
            let Some(state) = ctx.store.replica()? else {
                return Err(Failure::Input(
                    "this book is not a replica of a team book".into(),
                ));
            };
            let mut c = team::connect(&state.url)?;
            let (from, to) = team::migrate(&mut c, &ctx.me)?;
            if from == to {
                outln!("the team book is at schema {to} already");
            } else {
                outln!("the team book went from schema {from} to {to}");
            }
        }
        TeamCmd::Status { json } => status(ctx, json)?,
        TeamCmd::AddPerson {
            name,
            role,
            region,
            supports,
            login,
            password_stdin,
        } => {
            let who = team::people::NewMember {
                login: login.unwrap_or_else(|| team::people::login_for(&name)),
                name: name.trim().to_string(),
                role,
                region: region.filter(|r| !r.trim().is_empty()),
                supports,
            };
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            add_person(ctx, &who, password.as_deref())?;
        }
        TeamCmd::People { json } => people(ctx, json)?,
        TeamCmd::Settings { reading, json } => settings(ctx, reading, json)?,
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
        super::print_json(&all)?;
        return Ok(());
    }
    if all.is_empty() {
        outln!("no conflicts");
        return Ok(());
    }
    for c in &all {
        outln!("#{} {} — {}", c.num, c.label, c.reason);
        if c.by_rules() {
            outln!("    it held: {}", c.held());
        }
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
    outln!(
        "settle one with `saydo team resolve N --mine` or `--theirs`; one the team's rules \
         refused is discarded with --theirs (ask whoever may make it, or type it again as you may)"
    );
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
        super::print_json(&entries)?;
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

/// The team book of this replica, connected.
fn team_book(ctx: &Ctx) -> Result<postgres::Client, Failure> {
    let Some(state) = ctx.store.replica()? else {
        return Err(Failure::Input(
            "this book is not a replica of a team book; `saydo team join URL` or `saydo team init URL`"
                .into(),
        ));
    };
    Ok(team::connect(&state.url)?)
}

/// One line of standard input, without its line end; never echoed.
fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Failure::Other(format!("reading the password from standard input: {e}")))?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        return Err(Failure::Input(
            "--password-stdin: standard input held no password (one line)".into(),
        ));
    }
    Ok(p)
}

fn add_person(ctx: &mut Ctx, who: &team::people::NewMember, password: Option<&str>) -> Outcome {
    let mut c = team_book(ctx)?;
    // The person is a record of the team book first (a change like any
    // other), then a login mapped to it.
    let known = ctx
        .store
        .people()?
        .iter()
        .any(|p| p.name.to_lowercase() == who.name.to_lowercase());
    if !known {
        ctx.store.apply(
            &crate::store::Change::AddPerson {
                name: who.name.clone(),
            },
            ctx.today,
        )?;
    }
    team::sync(&mut c, &mut ctx.store)?;
    let made = team::people::add_person(&mut c, who, password)?;
    let region = who
        .region
        .as_deref()
        .map_or(String::new(), |r| format!(" in {r}"));
    outln!(
        "{} {} as {} ({}{region}), login {}",
        if made { "added" } else { "mapped" },
        who.name,
        who.role,
        if who.supports.is_empty() {
            String::from("supports no one")
        } else {
            format!("supports {}", who.supports.join(", "))
        },
        who.login
    );
    if made && password.is_none() {
        outln!(
            "{} has no password yet: set one with psql's \\password {} (or again with --password-stdin)",
            who.login,
            who.login
        );
    }
    Ok(())
}

fn people(ctx: &Ctx, json: bool) -> Outcome {
    let mut c = team_book(ctx)?;
    let all = team::people::people(&mut c)?;
    if json {
        super::print_json(&all)?;
        return Ok(());
    }
    let mut t = super::table::Table::new(&["name", "login", "role", "region", "supports"]);
    for m in &all {
        t.row(vec![
            m.name.clone(),
            m.login.clone(),
            m.role.clone(),
            m.region.clone().unwrap_or_else(|| "—".into()),
            if m.supports.is_empty() {
                "—".into()
            } else {
                m.supports.join(", ")
            },
        ]);
    }
    t.print();
    Ok(())
}

fn settings(ctx: &Ctx, reading: Option<String>, json: bool) -> Outcome {
    let mut c = team_book(ctx)?;
    if let Some(r) = &reading {
        team::people::set_reading(&mut c, r)?;
    }
    let now = team::people::reading(&mut c)?;
    if json {
        outln!("{}", serde_json::json!({ "reading": now }));
    } else if reading.is_some() {
        outln!(
            "reading: {now}{}",
            if now == "region" {
                " (replicas made before keep what they hold: people re-join to drop other regions)"
            } else {
                ""
            }
        );
    } else {
        outln!("reading  {now}");
    }
    Ok(())
}
