//! The command line, as clap types. Every subcommand has `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod accounts;
mod metrics;
mod records;
mod register;
mod team;

pub use accounts::*;
pub use metrics::*;
pub use records::*;
pub use register::*;
pub use team::*;

#[derive(Debug, Parser)]
#[command(
    name = "saydo",
    version,
    about = "The field book of a customer experience director: accounts, the customer's own success \
             metrics, visits, commitments and the say/do ratio.",
    after_help = "Dates: today, tomorrow, fri, next fri, eow, eom, eoq, +3d, +2w, +1m, 2026-12-01, 12-01;\n\
                  from an account's key dates: golive+30d, renewal-90d, kickoff.\n\
                  SAYDO_TODAY=YYYY-MM-DD fixes \"today\" for reproducible runs.\n\
                  Exit codes: 0 ok, 2 bad input, 1 other failures."
)]
pub struct Cli {
    /// The database file [default: saydo.db in the platform's data folder]
    #[arg(long, global = true, env = "SAYDO_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Start a new, empty book at --db if there is none (a path that names
    /// no file is otherwise an error: a typo never opens an empty book)
    #[arg(long, global = true)]
    pub create: bool,
    /// The config file [default: config.toml in the platform's config folder]
    #[arg(long, global = true, env = "SAYDO_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// With --json: only these fields of each object, e.g. --fields num,what,agreed_due
    #[arg(long, global = true, value_delimiter = ',', value_name = "A,B,C")]
    pub fields: Vec<String>,
    /// The theme: dark, light, high-contrast, ansi, mono, or one of yours
    #[arg(long, global = true, env = "SAYDO_THEME", value_name = "NAME")]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save one quick-add line: commit, visit, measure, done, broken, renegotiate, drop
    #[command(after_help = crate::cli::QUICK_ADD_HELP)]
    Add {
        /// The line, best in quotes: saydo add 'commit @mercy Send the report due:fri'
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        line: Vec<String>,
    },
    /// Accounts: add, edit, list, show, archive, restore
    #[command(subcommand)]
    Account(AccountCmd),
    /// Stakeholders on the customer's side
    #[command(subcommand)]
    Stakeholder(StakeholderCmd),
    /// Success metrics, defined by the customer, and their measurements
    #[command(subcommand)]
    Metric(MetricCmd),
    /// Moments of truth: the customer's showstoppers
    #[command(subcommand)]
    Moment(MomentCmd),
    /// Connect: introductions of a customer's people to peers at other
    /// customers or to our experts, for one of their metrics
    #[command(subcommand)]
    Connect(ConnectCmd),
    /// People on our side: directors, managers, staff
    #[command(subcommand)]
    Person(PersonCmd),
    /// Business partners (functions inside the company) and the KPIs they
    /// answer for: add, edit, list, show, remove
    #[command(subcommand)]
    Partner(PartnerCmd),
    /// Visits (log them with `saydo add 'visit …'`)
    #[command(subcommand)]
    Visit(VisitCmd),
    /// A metric's measurements: edit, remove (add them with `saydo add 'measure …'`)
    #[command(subcommand)]
    Measurement(MeasurementCmd),
    /// Commitments (make them with `saydo add 'commit …'`): list, done,
    /// broken, drop, renegotiate, edit, remove
    #[command(subcommand)]
    Commit(CommitCmd),
    /// Lifecycle stages
    #[command(subcommand)]
    Stage(StageCmd),
    /// Say/do, proactive share, overdue and unvisited, per person and in total
    Stats {
        /// Only the accounts this person owns
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        /// The window, e.g. 90d, 12w, 6m [default: the config's window_days]
        #[arg(long)]
        window: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Push this replica's changes to the team book and pull everyone else's, once
    Sync,
    /// Who changed what on an account and when (from the team book's log on a replica)
    History {
        /// The account: @handle
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: String,
        /// At most this many changes, newest first
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// The team book: init, join, status, conflicts, resolve, migrate, people
    #[command(subcommand)]
    Team(TeamCmd),
    /// Undo the last change (any process's), as recorded in the database
    Undo,
    /// Redo the change undone last
    Redo,
    /// Fill the database with a realistic, deterministic demo portfolio
    Demo {
        /// How many accounts (about 45 records each)
        #[arg(long, default_value_t = 40)]
        accounts: u32,
        /// Replace everything in a database that is not empty
        #[arg(long)]
        force: bool,
    },
    /// Write the field book — or one account, or one person's accounts — as
    /// TOML (reads back with `saydo import`), CSV files, or a Markdown
    /// account brief / portfolio report
    Export {
        /// toml: the interchange format `saydo import` reads; csv: one file
        /// per kind of record in the --out folder; md: with --account the
        /// account's brief, else a portfolio report; ics: a calendar of due
        /// commitments, planned visits and renewals
        #[arg(long, default_value = "toml", value_name = "FORMAT")]
        format: String,
        /// Only this account
        #[arg(long, value_name = "@HANDLE")]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: Option<String>,
        /// Only the accounts this person owns
        #[arg(long, value_name = "NAME")]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        /// The file (for csv, the folder) to write, through a temporary
        /// file renamed into place [default: standard output]
        #[arg(long, short, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Read a TOML export: all of it, or nothing when any record is wrong
    /// (every problem is listed with its line and column). Records whose id
    /// is already in the database are left as they are.
    Import {
        /// The file written by `saydo export`, or a CRM's CSV export of
        /// accounts or of contacts (FILE.csv)
        file: PathBuf,
        /// CSV: which column holds a field when its header is not a usual
        /// one, e.g. --map name="Hospital",owner="Key Account Manager"
        #[arg(long, value_delimiter = ',', value_name = "FIELD=HEADER")]
        map: Vec<String>,
        /// CSV: say what would be made, and make nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The script that completes saydo in a shell (bash, zsh, fish), with
    /// @handles, people and open commitment numbers from the book:
    /// `source <(saydo completions bash)`
    Completions { shell: String },
    /// The man page (roff): `saydo man > ~/.local/share/man/man1/saydo.1`
    Man,
    /// What needs someone: overdue and due-soon commitments, accounts not
    /// visited lately, metrics with a new signal or off track
    Attention {
        /// That person's accounts, and their promises wherever they were made
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// XmR signals on the customers' metrics: the inbox, and notes that acknowledge them
    #[command(subcommand)]
    Signal(SignalCmd),
    /// Each director's accounts and figures (as the TUI's Directors screen)
    Directors {
        #[arg(long)]
        json: bool,
    },
    /// Engagement maturity as a heat table: the mean of the latest levels
    /// per dimension, by market (region) or by a tag group of the config
    Maturity {
        /// market, or the name of a tag group (e.g. "Therapeutic area")
        #[arg(long, default_value = "market")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Accounts per lifecycle stage, how long they stay, and those past
    /// the stage's expected duration (as the TUI's Lifecycle screen)
    Lifecycle {
        /// Only that person's accounts
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Say/do, proactive share and visits per month, for all accounts and each director
    Trends {
        #[arg(long)]
        json: bool,
    },
    /// Where saydo keeps its config and data
    Paths {
        #[arg(long)]
        json: bool,
    },
    /// Every config key with its value and where it came from (default,
    /// file, environment, flag)
    Config {
        #[arg(long)]
        json: bool,
    },
    /// Measure the terminal UI headless on this database: first frame,
    /// navigation and filter keystrokes, peak memory
    Bench {
        /// The filter typed one character at a time
        #[arg(long, default_value = "lakeside")]
        filter: String,
    },
    /// The figures and what needs attention, as text (what a bare `saydo`
    /// prints when it is not in a terminal)
    Overview {
        /// The totals and what needs attention, for scripts
        #[arg(long)]
        json: bool,
    },
}

const ADD_PERSON_HELP: &str = "Without --password-stdin a new login has no password yet: set one \
with psql's \\password LOGIN (it, too, sends only a verifier). Examples:\n  \
printf '%s\\n' \"$PW\" | saydo team add-person \"Dana Cole\" --role director --region Europe --password-stdin\n  \
saydo team add-person \"Sam Lee\" --role staff --supports \"Dana Cole\"";

const TEAM_URL_HELP: &str = "A password never goes in the URL, the config or a command line: \
saydo reads PGPASSWORD or ~/.pgpass, as psql does. sslmode=require (or verify-full with \
sslrootcert=…) asks for TLS.";
