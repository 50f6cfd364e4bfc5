//! The command line: everything the app can do to data, scriptable and
//! testable without a terminal. Exit codes: 0 ok, 2 bad input, 1 other.

/// Prints to stdout; a closed pipe (`saydo … | head`) ends the process
/// quietly instead of panicking. Only used after writes have committed.
/// Stored text never reaches the terminal raw: control characters are
/// shown, not obeyed ([`crate::domain::text::visible`]).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($t)*);
        let text = $crate::domain::text::visible(&text);
        if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
            std::process::exit(0);
        }
    }};
}

macro_rules! outln {
    () => { out!("\n") };
    ($($t:tt)*) => {{ out!($($t)*); out!("\n"); }};
}

mod args;
mod complete;
mod connect;
mod edits;
mod exchange;
mod maturity;
mod metrics;
mod partners;
mod records;
mod renewals;
mod stats;
pub mod table;
mod team;
mod views;

pub use args::Cli;
use args::Command;
pub use complete::answer_the_shell;

use crate::capture::{self, PlanError};
use crate::config::{self, Config};
use crate::domain::dates::parse_date;
use crate::domain::{Account, Date};
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreError};
use clap::Parser;
use std::ffi::OsString;
use std::path::PathBuf;

pub const QUICK_ADD_HELP: &str = "\
Lines:
  commit @mercy Send the dosing report to:\"Dr Lee\" due:fri [by:NAME] [made:DATE] [visit:N]
  visit @mercy onsite proactive QBR with radiology with:\"Dr Lee,Ana Ruiz\" [us:NAMES] [on:DATE]
  measure @mercy door-to-needle 42 [on:DATE] [source:TEXT] [note:TEXT]
  done 17 [on:DATE]      broken 17 [reason:TEXT]      drop 17      renegotiate 17 due:+2w [reason:TEXT]
Visit kinds: on-site, virtual, call, review, training, event; intent: proactive or reactive.
Dates: today, tomorrow, yesterday, fri, next fri, eow, eom, eoq, +3d, +2w, +1m, -3d, 2026-12-01, 12-01;
from the account's key dates: golive+30d, renewal-90d, on:kickoff.";

/// Why a command failed: bad input (exit 2) or anything else (exit 1).
/// What failed underneath is kept as it came (`source()`), not as text.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// What the person asked for cannot be done as asked; the message
    /// says what would be right.
    #[error("{0}")]
    Input(String),
    /// The database failed.
    #[error("{0}")]
    Store(#[source] StoreError),
    /// The database failed, and which file it is.
    #[error("database {}: {}{}", path.display(), source.cause(), full_disk_hint(source))]
    Book {
        path: std::path::PathBuf,
        #[source]
        source: StoreError,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// An export or a file saydo keeps could not be written.
    #[error("{0}")]
    Export(#[from] crate::exchange::ExportError),
    #[error("{0}")]
    Other(String),
}

impl Failure {
    /// The exit code: 2 for input that cannot be taken as it is, else 1.
    pub fn code(&self) -> i32 {
        match self {
            Failure::Input(_) => 2,
            _ => 1,
        }
    }
}

/// What to do about a full disk, after the database's own words.
fn full_disk_hint(e: &StoreError) -> &'static str {
    if e.is_disk_full() {
        ": the disk holding it is full; free some space and try again \
         (nothing of this change was written)"
    } else {
        ""
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Input(r) => Failure::Input(r.message),
            e => Failure::Store(e),
        }
    }
}

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Line(l) => Failure::Input(l.message),
            PlanError::Store(s) => s.into(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

pub fn bad<T>(msg: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Input(msg.into()))
}

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
    let today = match &start.today_override {
        Some(s) => s.trim().parse::<Date>().map_err(|_| {
            Failure::Input(format!(
                "SAYDO_TODAY={s}: not a date; use YYYY-MM-DD, e.g. 2026-11-24"
            ))
        })?,
        None => start.clock_today,
    };
    let _ = FIELDS.set(cli.fields.clone());
    let places = config::default_places();
    let config_path = cli.config.clone().or(places.config_file.clone());
    let (config, warning) = config::load(config_path.as_deref());
    if let Some(w) = &warning {
        if !(cli.command.is_none() && start.interactive) {
            eprintln!("saydo: warning: {}", for_stderr(w));
        }
    }
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
    if let Some(Command::Paths { json }) = cli.command {
        let config_shown = config_path
            .as_ref()
            .map_or("(none)".into(), |p| p.display().to_string());
        if json {
            outln!(
                "{}",
                serde_json::json!({ "config": config_path, "data": db_path })
            );
        } else {
            outln!("config  {config_shown}");
            outln!("data    {}", db_path.display());
        }
        return Ok(());
    }
    if let Some(Command::Completions { shell }) = &cli.command {
        return complete::completions(shell);
    }
    if let Some(Command::Man) = &cli.command {
        return complete::man();
    }
    if let Some(Command::Config { json }) = cli.command {
        return show_config(
            &cli,
            &start,
            &config,
            config_path.as_deref(),
            &db_path,
            json,
        );
    }
    let me = config
        .me
        .clone()
        .or(start.user.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "me".into());
    if let Some(Command::Bench { filter }) = &cli.command {
        return bench(&db_path, config, today, &me, filter);
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
        Some(Command::Overview { json: true }) => views::overview_json(&ctx),
        None | Some(Command::Overview { .. }) => stats::overview(&ctx),
        Some(Command::Paths { .. })
        | Some(Command::Config { .. })
        | Some(Command::Completions { .. })
        | Some(Command::Man)
        | Some(Command::Bench { .. }) => Ok(()),
        Some(Command::Attention { owner, json }) => views::attention(&ctx, owner, json),
        Some(Command::Trends { json }) => views::trends(&ctx, json),
        Some(Command::Lifecycle { owner, json }) => views::lifecycle(&ctx, owner, json),
        Some(Command::Directors { json }) => views::directors(&ctx, json),
        Some(Command::Maturity { by, json }) => maturity::heat(&ctx, &by, json),
        Some(Command::Signal(args::SignalCmd::List {
            owner,
            acknowledged,
            json,
        })) => views::signals(&ctx, owner, acknowledged, json),
        Some(Command::Signal(c)) => edits::signal(&mut ctx, c),
        Some(Command::Add { line }) if line == ["-"] => {
            add_lines(&mut ctx, std::io::stdin().lock())
        }
        Some(Command::Add { line }) => add(&mut ctx, &join_line(&line)),
        Some(Command::Account(c)) => records::account(&mut ctx, c),
        Some(Command::Stakeholder(c)) => records::stakeholder(&mut ctx, c),
        Some(Command::Metric(c)) => metrics::metric(&mut ctx, c),
        Some(Command::Moment(c)) => records::moment(&mut ctx, c),
        Some(Command::Connect(c)) => connect::connect(&mut ctx, c),
        Some(Command::Person(c)) => records::person(&mut ctx, c),
        Some(Command::Partner(c)) => partners::partner(&mut ctx, c),
        Some(Command::Visit(c @ args::VisitCmd::List { .. })) => records::visit(&ctx, c),
        Some(Command::Visit(c)) => edits::visit(&mut ctx, c),
        Some(Command::Commit(c @ args::CommitCmd::List { .. })) => records::commit(&ctx, c),
        Some(Command::Commit(c)) => edits::commit(&mut ctx, c),
        Some(Command::Measurement(c)) => edits::measurement(&mut ctx, c),
        Some(Command::Stage(c)) => records::stage(&mut ctx, c),
        Some(Command::Stats {
            owner,
            window,
            json,
        }) => stats::stats(&ctx, owner, window, json),
        Some(Command::Sync) => team::sync(&mut ctx),
        Some(Command::History {
            account,
            limit,
            json,
        }) => team::history(&ctx, &account, limit, json),
        Some(Command::Team(c)) => team::team(&mut ctx, c),
        Some(Command::Undo) => {
            match ctx.store.undo()? {
                Some(label) => outln!("undone: {label}"),
                None => outln!("nothing to undo"),
            }
            Ok(())
        }
        Some(Command::Redo) => {
            match ctx.store.redo()? {
                Some(label) => outln!("redone: {label}"),
                None => outln!("nothing to redo"),
            }
            Ok(())
        }
        Some(Command::Demo { accounts, force }) => stats::demo(&mut ctx, accounts, force),
        Some(Command::Export {
            format,
            account,
            owner,
            out,
        }) => exchange::export(
            &ctx,
            &format,
            account.as_deref(),
            owner.as_deref(),
            out.as_deref(),
        ),
        Some(Command::Import { file, map, dry_run }) => {
            exchange::import(&mut ctx, &file, &map, dry_run)
        }
    };
    outcome.map_err(|f| f.about_book(&db_path))
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

impl Failure {
    /// A database failure names the file (and a full disk says what to do).
    fn about_book(self, path: &std::path::Path) -> Failure {
        match self {
            Failure::Store(source) => Failure::Book {
                path: path.to_path_buf(),
                source,
            },
            f => f,
        }
    }
}

/// Where the TUI writes an export the form names no place for: a folder
/// `exports` beside the database (made 0700 on first use).
pub fn exports_dir(db: &std::path::Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."))
        .join("exports")
}

/// What colours the terminal shows, from what it says of itself.
fn colours(start: &Start) -> crate::theme::Colours {
    use crate::theme::Colours;
    if start.truecolor {
        Colours::True
    } else if start.colors256 {
        Colours::Palette256
    } else {
        Colours::Ansi
    }
}

/// The full-screen terminal UI over the same store.
fn tui(
    ctx: Ctx,
    cli: &Cli,
    start: &Start,
    config_path: Option<&std::path::Path>,
    warning: Option<String>,
    db_path: &std::path::Path,
) -> Outcome {
    let loader = crate::theme::Loader {
        user_dir: crate::theme::user_dir(config_path),
    };
    let asked = cli.theme.clone().or(ctx.config.theme.clone());
    let (theme, theme_warnings) =
        crate::theme::choose(&loader, asked.as_deref(), start.no_color, colours(start));
    let (keymap, key_warnings) = crate::keymap::Keymap::with_overrides(&ctx.config.keys);
    let mut warnings: Vec<String> = warning.into_iter().collect();
    warnings.extend(theme_warnings);
    warnings.extend(key_warnings.into_iter().map(|w| match config_path {
        Some(p) => format!("{}: {w}", p.display()),
        None => w,
    }));
    let setup = crate::app::Setup {
        config: ctx.config,
        theme,
        keymap,
        today: ctx.today,
        // SAYDO_TODAY holds the day still; otherwise the day turns.
        clock: start.today_override.is_none().then_some(start.clock),
        me: ctx.me,
        warnings,
        recall: Some(recall_path(db_path)),
        exports: Some(exports_dir(db_path)),
        size: crossterm::terminal::size().unwrap_or((80, 24)),
    };
    // A replica syncs on a thread of its own, never the UI's.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if ctx.store.replica().ok().flatten().is_some() {
        crate::team::background::start(db_path.to_path_buf(), stop.clone());
    }
    let mut app = crate::app::App::start(Box::new(ctx.store), setup, opener(db_path));
    let ran = crate::tui::run_terminal(&mut app);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    match ran {
        Ok(None) => Ok(()),
        Ok(Some(signal)) => std::process::exit(128 + signal),
        Err(e) => Err(Failure::Other(format!("terminal: {e}"))),
    }
}

/// The quick-add lines typed before, beside the database they went to.
pub fn recall_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".history");
    db.with_file_name(name)
}

/// Opens more connections to the same file, for background loads.
fn opener(db: &std::path::Path) -> crate::app::loader::Opener {
    let db = db.to_path_buf();
    std::sync::Arc::new(move || {
        SqliteStore::open(&db).map(|s| Box::new(s) as Box<dyn crate::store::Store + Send>)
    })
}

fn bench(db: &std::path::Path, config: Config, today: Date, me: &str, filter: &str) -> Outcome {
    use crate::bench::{max, median, p95};
    let loader = crate::theme::Loader { user_dir: None };
    let theme = loader.load("dark").0;
    let figures = crate::bench::run(
        || {
            let store = SqliteStore::open(db).expect("the benchmark's database opens");
            let setup = crate::app::Setup {
                config,
                theme,
                keymap: crate::keymap::Keymap::default(),
                today,
                clock: None,
                me: me.to_string(),
                warnings: vec![],
                recall: None,
                exports: None,
                size: (140, 40),
            };
            crate::app::App::start(Box::new(store), setup, opener(db))
        },
        filter,
    );
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    outln!("accounts               {}", figures.accounts);
    outln!("first frame            {:.1} ms", ms(figures.first_frame));
    outln!(
        "whole book ready       {:.2} s (every screen's figures, counted in the background)",
        figures.all_loaded.as_secs_f64()
    );
    outln!(
        "navigation key→frame   median {:.2} ms, max {:.2} ms ({} keys)",
        ms(median(&figures.navigation)),
        ms(max(&figures.navigation)),
        figures.navigation.len()
    );
    outln!(
        "filter key→frame       median {:.2} ms, p95 {:.2} ms, max {:.2} ms (\"{filter}\" typed and erased, my accounts)",
        ms(median(&figures.filter)),
        ms(p95(&figures.filter)),
        ms(max(&figures.filter))
    );
    outln!(
        "filter over all        median {:.2} ms, p95 {:.2} ms, max {:.2} ms (every account)",
        ms(median(&figures.filter_all)),
        ms(p95(&figures.filter_all)),
        ms(max(&figures.filter_all))
    );
    let each: Vec<String> = figures
        .filter
        .iter()
        .map(|d| format!("{:.1}", ms(*d)))
        .collect();
    outln!("  each keystroke (ms)  {}", each.join(" "));
    outln!(
        "other screens          median {:.2} ms, max {:.2} ms (attention, signals, directors, lifecycle, trends over all accounts; the finder)",
        ms(median(&figures.screens)),
        ms(max(&figures.screens))
    );
    outln!(
        "peak memory            {}",
        figures.peak_rss_kib.map_or("unknown".into(), |k| format!(
            "{:.1} MiB",
            k as f64 / 1024.0
        ))
    );
    Ok(())
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

/// Where a setting came from: a flag, its environment variable, the
/// config file, or saydo's default.
fn origin(flag: Option<&str>, env: &str, flag_name: &str) -> Option<String> {
    let from_env = std::env::var(env).ok();
    match flag {
        Some(v) if from_env.as_deref() == Some(v) => Some(format!("environment {env}")),
        Some(_) => Some(format!("flag {flag_name}")),
        None => None,
    }
}

/// `saydo config`: every key, its value, and where it came from.
fn show_config(
    cli: &Cli,
    start: &Start,
    config: &Config,
    path: Option<&std::path::Path>,
    db: &std::path::Path,
    json: bool,
) -> Outcome {
    let in_file = config::keys_in(path);
    let file = |k: &str| {
        in_file.iter().any(|x| x == k).then(|| {
            format!(
                "file {}",
                path.map_or(String::new(), |p| p.display().to_string())
            )
        })
    };
    let default = || "default".to_string();
    let db_s = cli.db.as_ref().map(|p| p.to_string_lossy().to_string());
    let theme_s = cli.theme.clone();
    let config_s = cli.config.as_ref().map(|p| p.to_string_lossy().to_string());
    let me = config
        .me
        .clone()
        .or(start.user.clone())
        .unwrap_or_else(|| "me".into());
    let rows: Vec<(&str, String, String)> = vec![
        (
            "config",
            path.map_or("(none)".into(), |p| p.display().to_string()),
            origin(config_s.as_deref(), "SAYDO_CONFIG", "--config").unwrap_or_else(default),
        ),
        (
            "database",
            db.display().to_string(),
            origin(db_s.as_deref(), "SAYDO_DB", "--db")
                .or_else(|| file("database"))
                .unwrap_or_else(default),
        ),
        (
            "me",
            me,
            file("me")
                .or_else(|| start.user.as_ref().map(|_| "environment USER".to_string()))
                .unwrap_or_else(default),
        ),
        (
            "window_days",
            config.window_days.to_string(),
            file("window_days").unwrap_or_else(default),
        ),
        (
            "unvisited_days",
            config.unvisited_days.to_string(),
            file("unvisited_days").unwrap_or_else(default),
        ),
        (
            "stages",
            config
                .stages
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            file("stages").unwrap_or_else(default),
        ),
        (
            "layers",
            config.layers.join(", "),
            file("layers").unwrap_or_else(default),
        ),
        (
            "maturity",
            format!(
                "{} · on {}",
                config
                    .maturity
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} {}", i + 1, l.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                config.maturity.dimensions.join(", ")
            ),
            file("maturity").unwrap_or_else(default),
        ),
        (
            "tag_groups",
            config
                .tag_groups
                .iter()
                .map(|(g, tags)| format!("{g}: {}", tags.join(", ")))
                .collect::<Vec<_>>()
                .join(" · "),
            file("tag_groups").unwrap_or_else(default),
        ),
        (
            "theme",
            theme_s
                .clone()
                .or(config.theme.clone())
                .unwrap_or_else(|| "(chosen for the terminal)".into()),
            origin(theme_s.as_deref(), "SAYDO_THEME", "--theme")
                .or_else(|| file("theme"))
                .unwrap_or_else(default),
        ),
        (
            "keys",
            if config.keys.is_empty() {
                "(the default keys)".into()
            } else {
                config.keys.keys().cloned().collect::<Vec<_>>().join(", ")
            },
            file("keys").unwrap_or_else(default),
        ),
        (
            "today",
            start
                .today_override
                .clone()
                .unwrap_or_else(|| start.clock_today.to_string()),
            if start.today_override.is_some() {
                "environment SAYDO_TODAY".into()
            } else {
                "the clock".into()
            },
        ),
    ];
    if json {
        let v: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(k, v, from)| {
                (
                    k.to_string(),
                    serde_json::json!({ "value": v, "from": from }),
                )
            })
            .collect();
        return print_json(&v);
    }
    let mut t = table::Table::new(&["key", "value", "from"]);
    for (k, v, from) in rows {
        t.row(vec![k.to_string(), v, from]);
    }
    out!("{}", t.render());
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

/// Keeps only `fields` of `v` (an object, or each object of an array);
/// a field no object has is an error that names the ones there are.
fn only_fields(v: serde_json::Value, fields: &[String]) -> Result<serde_json::Value, Failure> {
    use serde_json::Value;
    let pick = |o: serde_json::Map<String, Value>| -> Result<Value, Failure> {
        if let Some(missing) = fields.iter().find(|f| !o.contains_key(*f)) {
            let there: Vec<&String> = o.keys().collect();
            return Err(Failure::Input(format!(
                "--fields {missing}: not a field here; there are {}",
                there
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(Value::Object(
            fields
                .iter()
                .filter_map(|f| o.get(f).map(|x| (f.clone(), x.clone())))
                .collect(),
        ))
    };
    match v {
        Value::Array(items) => Ok(Value::Array(
            items
                .into_iter()
                .map(|i| match i {
                    Value::Object(o) => pick(o),
                    other => Ok(other),
                })
                .collect::<Result<_, _>>()?,
        )),
        Value::Object(o) => pick(o),
        other => Ok(other),
    }
}

/// A `--json` array printed one element at a time, exactly as
/// [`print_json`] prints a whole one: a listing of a big book never holds
/// it all.
#[derive(Default)]
pub struct JsonRows {
    printed: usize,
}

impl JsonRows {
    pub fn push<T: serde::Serialize>(&mut self, v: &T) -> Outcome {
        let mut value = serde_json::to_value(v).map_err(|e| Failure::Other(e.to_string()))?;
        if let Some(fields) = FIELDS.get().filter(|f| !f.is_empty()) {
            value = only_fields(value, fields)?;
        }
        let s = serde_json::to_string_pretty(&value).map_err(|e| Failure::Other(e.to_string()))?;
        let mut text = String::from(if self.printed == 0 { "[\n" } else { ",\n" });
        for (i, line) in s.lines().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str("  ");
            text.push_str(line);
        }
        out!("{text}");
        self.printed += 1;
        Ok(())
    }

    pub fn finish(self) -> Outcome {
        if self.printed == 0 {
            outln!("[]");
        } else {
            outln!("\n]");
        }
        Ok(())
    }
}

/// `--json` output: pretty, stable field names (only `--fields` if given).
pub fn print_json<T: serde::Serialize>(v: &T) -> Outcome {
    let mut value = serde_json::to_value(v).map_err(|e| Failure::Other(e.to_string()))?;
    if let Some(fields) = FIELDS.get().filter(|f| !f.is_empty()) {
        value = only_fields(value, fields)?;
    }
    let s = serde_json::to_string_pretty(&value).map_err(|e| Failure::Other(e.to_string()))?;
    outln!("{s}");
    Ok(())
}

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
