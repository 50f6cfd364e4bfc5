//! The command line: everything the app can do to data, scriptable and
//! testable without a terminal. Exit codes: 0 ok, 2 bad input, 1 other.

/// Prints to stdout; a closed pipe (`saydo … | head`) ends the process
/// quietly instead of panicking. Only used after writes have committed.
/// Stored text never reaches the terminal raw: control characters are
/// shown, not obeyed ([`crate::domain::text::visible`]).
macro_rules! out {
    ($($t:tt)*) => {{
        $crate::cli::emit(&format!($($t)*));
    }};
}

macro_rules! outln {
    () => { out!("\n") };
    ($($t:tt)*) => {{ out!($($t)*); out!("\n"); }};
}

mod account_show;
mod args;
mod bench;
mod complete;
mod connect;
mod edits;
mod exchange;
mod failure;
mod json;
mod lists;
mod maturity;
mod metrics;
mod partners;
mod records;
mod renewals;
mod show_config;
mod start_tui;
mod stats;
pub mod table;
mod team;
mod views;

pub use args::Cli;
use args::Command;
pub use complete::answer_the_shell;
pub use failure::{bad, Failure, Outcome};
pub use json::{print_json, JsonRows};
use show_config::show_config;
pub use start_tui::{exports_dir, recall_path};
use start_tui::{opener, tui};

use crate::capture::{self};
use crate::config::{self, Config};
use crate::domain::dates::parse_date;
use crate::domain::{Account, Date};
use crate::store::sqlite::SqliteStore;
use crate::store::Store;
use clap::Parser;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const QUICK_ADD_HELP: &str = "\
Lines:
  commit @mercy Send the dosing report to:\"Dr Lee\" due:fri [by:NAME] [made:DATE] [visit:N]
  visit @mercy onsite proactive QBR with radiology with:\"Dr Lee,Ana Ruiz\" [us:NAMES] [on:DATE]
  measure @mercy door-to-needle 42 [on:DATE] [source:TEXT] [note:TEXT]
  done 17 [on:DATE]      broken 17 [reason:TEXT]      drop 17      renegotiate 17 due:+2w [reason:TEXT]
Visit kinds: on-site, virtual, call, review, training, event; intent: proactive or reactive.
Dates: today, tomorrow, yesterday, fri, next fri, eow, eom, eoq, +3d, +2w, +1m, -3d, 2026-12-01, 12-01;
from the account's key dates: golive+30d, renewal-90d, on:kickoff.";

/// What the process was started with, gathered by `main` (the only place
/// that reads the clock and the environment).
pub struct Start {
    pub args: Vec<OsString>,
    /// `SAYDO_TODAY`, if set.
    pub today_override: Option<String>,
    pub clock_today: Date,
    /// Reads today's date again: the TUI turns the day at midnight.
    pub clock: fn() -> Date,
    /// `$USER`, the fallback for `me`.
    pub user: Option<String>,
    /// Whether stdin and stdout are a terminal (a bare `saydo` opens the TUI).
    pub interactive: bool,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
    /// `COLORTERM` says the terminal shows 24-bit colour.
    pub truecolor: bool,
    /// `TERM` says it shows the 256-colour palette.
    pub colors256: bool,
    /// `TERM=dumb` (or empty): no cursor addressing, so no full-screen UI.
    pub dumb: bool,
}

pub struct Ctx {
    pub store: SqliteStore,
    pub config: Config,
    pub today: Date,
    pub me: String,
}

impl Ctx {
    /// A person named by `--owner`: the same check everywhere, so a typo
    /// is an error with the candidates, never an empty list.
    pub fn owner(&self, typed: Option<String>) -> Result<Option<String>, Failure> {
        let Some(t) = typed else {
            return Ok(None);
        };
        let people: Vec<String> = self.store.people()?.into_iter().map(|p| p.name).collect();
        crate::capture::resolve::pick_person(&t, &people, &self.me)
            .map(Some)
            .map_err(|m| Failure::Input(format!("--owner {m}")))
    }

    pub fn date(&self, flag: &str, value: &str) -> Result<Date, Failure> {
        parse_date(value, self.today).map_err(|e| Failure::Input(format!("`{flag} {value}`: {e}")))
    }

    /// A date that may count from account `account`'s key dates
    /// (`golive+30d`); `past` when it cannot be ahead.
    pub fn date_at(
        &self,
        flag: &str,
        value: &str,
        account: i64,
        past: bool,
    ) -> Result<Date, Failure> {
        let anchors = self.store.account_by_num(account)?.map(|a| a.anchors());
        let found = if past {
            crate::domain::dates::parse_past_date_in(value, self.today, anchors.as_ref())
        } else {
            crate::domain::dates::parse_date_in(value, self.today, anchors.as_ref())
        };
        found.map_err(|e| Failure::Input(format!("`{flag} {value}`: {e}")))
    }

    pub fn opt_date(&self, flag: &str, value: Option<&str>) -> Result<Option<Date>, Failure> {
        value.map(|v| self.date(flag, v)).transpose()
    }

    /// A date that cannot be ahead (when something happened): `fri` is
    /// last Friday.
    pub fn past_date(&self, flag: &str, value: &str) -> Result<Date, Failure> {
        crate::domain::dates::parse_past_date(value, self.today)
            .map_err(|e| Failure::Input(format!("`{flag} {value}`: {e}")))
    }

    pub fn opt_past_date(&self, flag: &str, value: Option<&str>) -> Result<Option<Date>, Failure> {
        value.map(|v| self.past_date(flag, v)).transpose()
    }

    /// An account by `@handle` (or handle), exactly or fuzzily as in quick-add.
    pub fn account(&self, typed: &str) -> Result<Account, Failure> {
        let text = typed.trim().trim_start_matches('@');
        if let Some(a) = self.store.account(text)? {
            return Ok(a);
        }
        let all = self.store.accounts(&crate::store::AccountQuery {
            include_archived: true,
            ..Default::default()
        })?;
        let t = capture::Typed {
            text: text.to_string(),
            span: 0..typed.len(),
        };
        Ok(capture::resolve::pick_account(&t, &all)
            .map_err(|e| Failure::Input(e.message))?
            .clone())
    }
}

/// Runs the command line; returns the process exit code.
/// Writes `text` to standard output with its control characters made
/// visible (stored text never drives the terminal); a closed pipe ends
/// the process quietly, as `head` expects.
pub fn emit(text: &str) {
    use std::io::Write as _;
    let text = crate::domain::text::visible(text);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        std::process::exit(0);
    }
}

pub fn main_with(start: Start) -> i32 {
    let cli = match Cli::try_parse_from(&start.args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    match run(cli, start) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("saydo: {}", for_stderr(&e.to_string()));
            e.code()
        }
    }
}

/// The longest message echoed whole: a pasted 100,000-character line is
/// shown by its start.
const LONGEST_MESSAGE: usize = 2_000;

/// A message as stderr shows it: control characters visible, and cut
/// with a count when it is very long.
fn for_stderr(m: &str) -> String {
    let m = crate::domain::text::visible(m);
    match m.char_indices().nth(LONGEST_MESSAGE) {
        None => m.into_owned(),
        Some((at, _)) => format!(
            "{}… ({} more characters)",
            &m[..at],
            m[at..].chars().count()
        ),
    }
}

fn run(cli: Cli, start: Start) -> Outcome {
    let today = today_of(&start)?;
    let _ = FIELDS.set(cli.fields.clone());
    let places = config::default_places();
    let config_path = cli.config.clone().or(places.config_file.clone());
    let (config, warning) = config::load(config_path.as_deref());
    if let Some(w) = &warning {
        if !(cli.command.is_none() && start.interactive) {
            eprintln!("saydo: warning: {}", for_stderr(w));
        }
    }
    let db_path = book_path(&cli, &config, &places)?;
    match &cli.command {
        Some(Command::Paths { json }) => return paths(config_path.as_deref(), &db_path, *json),
        Some(Command::Completions { shell }) => return complete::completions(shell),
        Some(Command::Man) => return complete::man(),
        Some(Command::Config { json }) => {
            let json = *json;
            return show_config(
                &cli,
                &start,
                &config,
                config_path.as_deref(),
                &db_path,
                json,
            );
        }
        _ => {}
    }
    let me = config
        .me
        .clone()
        .or(start.user.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "me".into());
    if let Some(Command::Bench { filter }) = &cli.command {
        return bench::bench(&db_path, config, today, &me, filter);
    }
    let named = cli.db.is_some() || config.database.is_some();
    if named && !cli.create && !db_path.exists() && !makes_a_book(&cli.command) {
        return Err(Failure::Input(format!(
            "there is no book at {}: saydo opens no empty book in its place (a typo?). \
             To start one there: `saydo --db {} --create`, or load the demo with `saydo --db {} demo`",
            db_path.display(),
            db_path.display(),
            db_path.display()
        )));
    }
    let store = SqliteStore::open(&db_path)?;
    // On a replica, "me" is the person the team book knows this login as.
    let me = match store.replica()? {
        Some(state) if !state.me.trim().is_empty() => state.me,
        _ => me,
    };
    let mut ctx = Ctx {
        store,
        config,
        today,
        me,
    };
    let outcome = match cli.command {
        // A terminal that cannot place the cursor gets the overview.
        None if start.interactive && !start.dumb => {
            tui(ctx, &cli, &start, config_path.as_deref(), warning, &db_path)
        }
        None => stats::overview(&ctx),
        Some(c) => command(&mut ctx, c),
    };
    outcome.map_err(|f| f.about_book(&db_path))
}

/// Today, or the day SAYDO_TODAY says it is.
fn today_of(start: &Start) -> Result<Date, Failure> {
    match &start.today_override {
        Some(s) => s.trim().parse::<Date>().map_err(|_| {
            Failure::Input(format!(
                "SAYDO_TODAY={s}: not a date; use YYYY-MM-DD, e.g. 2026-11-24"
            ))
        }),
        None => Ok(start.clock_today),
    }
}

/// The book's file: --db, else the config's, else the platform's; never
/// a team book's URL, whose replica is what saydo opens.
fn book_path(cli: &Cli, config: &Config, places: &config::Places) -> Result<PathBuf, Failure> {
    if let (None, Some(why)) = (&cli.db, &config.database_unreadable) {
        return Err(Failure::Input(format!(
            "{why}: fix it, or name the book with --db PATH; saydo opens no other book meanwhile"
        )));
    }
    let db_path: PathBuf = match cli
        .db
        .clone()
        .or(config.database.clone())
        .or(places.data_file.clone())
    {
        Some(p) => p,
        None => {
            return Err(Failure::Other(
                "no data folder on this platform; pass --db PATH".into(),
            ))
        }
    };
    if let crate::store::location::Location::Team(url) =
        crate::store::location::Location::parse(&db_path)
    {
        let dir = places
            .data_file
            .as_ref()
            .and_then(|p| p.parent())
            .map(|d| d.to_path_buf())
            .unwrap_or_default();
        let file = crate::store::location::Location::replica_file(&url, &dir);
        return Err(Failure::Input(format!(
            "`{url}` is a team book: saydo works on a local replica of it, so that it works \
             offline. Make one with `saydo --db {} team join {url}`, then use --db {} \
             (or `database = \"{}\"` in the config)",
            file.display(),
            file.display(),
            file.display()
        )));
    }
    Ok(db_path)
}

/// `saydo paths`: where the config and the book are.
fn paths(config_path: Option<&Path>, db_path: &Path, json: bool) -> Outcome {
    let config_shown = config_path.map_or("(none)".into(), |p| p.display().to_string());
    if json {
        outln!(
            "{}",
            serde_json::json!({ "config": config_path, "data": db_path })
        );
    } else {
        outln!("config  {config_shown}");
        outln!("data    {}", db_path.display());
    }
    Ok(())
}

/// A command on the open book.
fn command(ctx: &mut Ctx, c: Command) -> Outcome {
    match c {
        Command::Overview { json: true } => views::overview_json(ctx),
        Command::Overview { .. } => stats::overview(ctx),
        // Answered before the book is opened.
        Command::Paths { .. }
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Bench { .. } => Ok(()),
        Command::Attention { owner, json } => views::attention(ctx, owner, json),
        Command::Trends { json } => views::trends(ctx, json),
        Command::Lifecycle { owner, json } => views::lifecycle(ctx, owner, json),
        Command::Directors { json } => views::directors(ctx, json),
        Command::Maturity { by, json } => maturity::heat(ctx, &by, json),
        Command::Signal(args::SignalCmd::List {
            owner,
            acknowledged,
            json,
        }) => views::signals(ctx, owner, acknowledged, json),
        Command::Signal(c) => edits::signal(ctx, c),
        Command::Add { line } if line == ["-"] => add_lines(ctx, std::io::stdin().lock()),
        Command::Add { line } => add(ctx, &join_line(&line)),
        Command::Account(c) => records::account(ctx, c),
        Command::Stakeholder(c) => records::stakeholder(ctx, c),
        Command::Metric(c) => metrics::metric(ctx, c),
        Command::Moment(c) => records::moment(ctx, c),
        Command::Connect(c) => connect::connect(ctx, c),
        Command::Person(c) => records::person(ctx, c),
        Command::Partner(c) => partners::partner(ctx, c),
        Command::Visit(c @ args::VisitCmd::List { .. }) => lists::visit(ctx, c),
        Command::Visit(c) => edits::visit(ctx, c),
        Command::Commit(c @ args::CommitCmd::List { .. }) => lists::commit(ctx, c),
        Command::Commit(c) => edits::commit(ctx, c),
        Command::Measurement(c) => edits::measurement(ctx, c),
        Command::Stage(c) => records::stage(ctx, c),
        Command::Stats {
            owner,
            window,
            json,
        } => stats::stats(ctx, owner, window, json),
        Command::Sync => team::sync(ctx),
        Command::History {
            account,
            limit,
            json,
        } => team::history(ctx, &account, limit, json),
        Command::Team(c) => team::team(ctx, c),
        Command::Undo => undo(ctx, false),
        Command::Redo => undo(ctx, true),
        Command::Demo { accounts, force } => stats::demo(ctx, accounts, force),
        Command::Export {
            format,
            account,
            owner,
            out,
        } => exchange::export(
            ctx,
            &format,
            account.as_deref(),
            owner.as_deref(),
            out.as_deref(),
        ),
        Command::Import { file, map, dry_run } => exchange::import(ctx, &file, &map, dry_run),
    }
}

/// `saydo undo` and `saydo redo`.
fn undo(ctx: &mut Ctx, redo: bool) -> Outcome {
    if redo {
        match ctx.store.redo()? {
            Some(label) => outln!("redone: {label}"),
            None => outln!("nothing to redo"),
        }
    } else {
        match ctx.store.undo()? {
            Some(label) => outln!("undone: {label}"),
            None => outln!("nothing to undo"),
        }
    }
    Ok(())
}

/// The commands that plainly mean to fill a new book.
fn makes_a_book(c: &Option<Command>) -> bool {
    matches!(
        c,
        Some(Command::Demo { .. })
            | Some(Command::Import { .. })
            | Some(Command::Team(args::TeamCmd::Join { .. }))
    )
}

/// Several shell words make one line again; a word with spaces (the shell
/// took its quotes) gets them back, so `to:"Dr Lee"` survives either way.
fn join_line(words: &[String]) -> String {
    if words.len() == 1 {
        return words[0].clone();
    }
    words
        .iter()
        .map(|w| {
            if !w.contains(char::is_whitespace) || w.contains('"') {
                return w.clone();
            }
            match w.split_once(':') {
                Some((k, v)) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic()) => {
                    format!("{k}:\"{v}\"")
                }
                _ => format!("\"{w}\""),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn add(ctx: &mut Ctx, line: &str) -> Outcome {
    let cctx = capture::Context {
        today: ctx.today,
        me: &ctx.me,
        account: None,
        visit: None,
    };
    let plan = capture::plan(line, &cctx, &ctx.store)?;
    let applied = ctx.store.apply(&plan.change, ctx.today)?;
    outln!("saved #{}: {}", applied.num, plan.preview);
    if let Some(n) = &applied.notice {
        outln!("note: {n}");
    }
    Ok(())
}

/// `saydo add -`: one quick-add line per line of `input`, each in a
/// transaction of its own (a bad line saves nothing and stops nothing);
/// blank lines and `#` comments are passed over. Exit 2 if any failed.
fn add_lines(ctx: &mut Ctx, input: impl std::io::BufRead) -> Outcome {
    let (mut saved, mut failed) = (0usize, Vec::new());
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| {
            Failure::Input(format!(
                "line {}: not text ({e}); saydo reads UTF-8 lines",
                i + 1
            ))
        })?;
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        match add(ctx, text) {
            Ok(()) => saved += 1,
            Err(e) => {
                eprintln!("saydo: line {}: {}", i + 1, for_stderr(&e.to_string()));
                failed.push(i + 1);
            }
        }
    }
    outln!(
        "{} saved, {} failed",
        crate::domain::plural(saved, "line"),
        failed.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        let nums: Vec<String> = failed.iter().map(|n| n.to_string()).collect();
        Err(Failure::Input(format!(
            "{} not saved (line {}); the others are",
            crate::domain::plural(failed.len(), "line"),
            nums.join(", ")
        )))
    }
}

/// The fields `--fields` asked for (none: all), set once per process.
static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_become_one_line() {
        let w: Vec<String> = ["commit", "@mercy", "Send it", "to:Dr Lee", "due:fri"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            join_line(&w),
            r#"commit @mercy "Send it" to:"Dr Lee" due:fri"#
        );
    }
}
