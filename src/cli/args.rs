//! The command line, as clap types. Every subcommand has `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        /// Only the accounts this person owns
        #[arg(long, value_name = "NAME")]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
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
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
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
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
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

#[derive(Debug, Args)]
pub struct AccountFields {
    /// Short handle typed after @ (letters, digits, - _ .)
    #[arg(long)]
    pub handle: Option<String>,
    /// The director who owns the account
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub region: Option<String>,
    /// A tag such as a therapeutic area (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Renewal date (a date word or YYYY-MM-DD; `none` clears it)
    #[arg(long)]
    pub renewal: Option<String>,
    /// The customer's why, in their words
    #[arg(long)]
    pub why: Option<String>,
    /// A visit every so often, as agreed with the customer (30d, 6w; `none`
    /// for the config's unvisited_days)
    #[arg(long, value_name = "30d|none")]
    pub visit_every: Option<String>,
    /// The days they expect the current stage to take (90d; `none` for the
    /// stage's expected_days)
    #[arg(long, value_name = "90d|none")]
    pub stage_days: Option<String>,
    /// Paused at their request until this day: no visit due, no stage
    /// overdue (`none` ends the pause)
    #[arg(long, value_name = "DATE|none")]
    pub paused_until: Option<String>,
    /// A key date other dates can count from (`due:golive+30d`):
    /// go-live, contract, kickoff… as NAME=DATE, or NAME=none to remove it;
    /// repeat for several
    #[arg(long, value_name = "NAME=DATE")]
    pub key_date: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Add an account
    Add {
        name: String,
        #[command(flatten)]
        fields: AccountFields,
        /// Its lifecycle stage [default: the first configured]
        #[arg(long)]
        stage: Option<String>,
        /// When it entered that stage [default: today]
        #[arg(long)]
        since: Option<String>,
        /// Another account has this name, and this one is another account
        #[arg(long)]
        same_name: bool,
    },
    /// Change an account's name, handle, owner, region, tags, renewal or why
    Edit {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: AccountFields,
    },
    /// List accounts with their figures
    List {
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
        owner: Option<String>,
        /// Include archived accounts
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Everything about one account
    Show {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Record how a renewal went: renewed, expanded or churned
    Renewal {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        /// renewed, expanded or churned
        outcome: String,
        /// When it was settled [default: today]
        #[arg(long)]
        on: Option<String>,
        /// The next renewal date (`none` for none) [default: a year after this one]
        #[arg(long)]
        next: Option<String>,
    },
    /// Assess the account's engagement maturity: DIMENSION=LEVEL for each
    /// dimension judged (a level's number or name, from the config's scale)
    Assess {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        /// e.g. "Common behaviours=3" "How we measure success=developing"
        #[arg(required = true, value_name = "DIMENSION=LEVEL")]
        levels: Vec<String>,
        /// When it was assessed [default: today]
        #[arg(long)]
        on: Option<String>,
        /// Why, in a few words
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Answer one of the current stage's questions (`account show` numbers
    /// them); an empty answer takes it back
    Answer {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        /// The question's number in `account show`
        question: usize,
        answer: String,
    },
    /// Archive an account (nothing is deleted; `restore` brings it back)
    Archive { account: String },
    /// Bring an archived account back
    Restore { account: String },
}

#[derive(Debug, Subcommand)]
pub enum StakeholderCmd {
    /// Add a stakeholder on the customer's side
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        name: String,
        #[arg(long, default_value = "")]
        role: String,
        /// physician, nursing, administration, it, procurement, patient, other
        #[arg(long)]
        layer: String,
        #[arg(long, default_value = "")]
        contact: String,
        #[arg(long, default_value = "")]
        notes: String,
        /// Willing to speak to their peers at other customers (Connect): yes or no
        #[arg(long, value_name = "yes|no", default_value = "no")]
        peers: String,
    },
    /// Change a stakeholder: only the fields given
    Edit {
        /// The stakeholder's number (`saydo stakeholder list`)
        num: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        layer: Option<String>,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Willing to speak to their peers at other customers: yes or no
        #[arg(long, value_name = "yes|no")]
        peers: Option<String>,
    },
    /// Remove a stakeholder (undo brings it back)
    Remove { num: i64 },
    /// List stakeholders (of one account, or all)
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum MetricCmd {
    /// Add a success metric, as the customer defines it
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        name: String,
        /// The customer's own words for it
        #[arg(long, default_value = "")]
        words: String,
        /// outcome, operational or business-case
        #[arg(long, default_value = "outcome")]
        kind: String,
        #[arg(long, default_value = "")]
        unit: String,
        /// higher or lower (is better)
        #[arg(long)]
        direction: String,
        #[arg(long, allow_hyphen_values = true)]
        baseline: Option<String>,
        /// Date of the baseline [default: today]
        #[arg(long)]
        baseline_on: Option<String>,
        /// What stands in while there is no baseline
        #[arg(long, default_value = "")]
        proxy: String,
        /// The aspirational target
        #[arg(long, allow_hyphen_values = true)]
        target: Option<String>,
        #[arg(long)]
        target_on: Option<String>,
        /// The internal KPI it lines up with
        #[arg(long, default_value = "")]
        kpi: String,
        /// The number of the moment of truth it watches
        #[arg(long)]
        guards: Option<i64>,
        #[command(flatten)]
        definition: DefinitionArgs,
    },
    /// Change a metric: only the fields given
    Edit {
        /// The metric's number (`saydo metric list`)
        num: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        words: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// higher or lower (is better)
        #[arg(long)]
        direction: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        target: Option<String>,
        #[arg(long)]
        target_on: Option<String>,
        #[arg(long)]
        kpi: Option<String>,
        #[arg(long)]
        proxy: Option<String>,
        #[command(flatten)]
        definition: DefinitionArgs,
    },
    /// Remove a metric and its measurements (undo brings them back)
    Remove { num: i64 },
    /// List metrics with latest value, progress and signals
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A metric's measurements and its XmR chart: limits and signals
    Show {
        /// The metric's number, or an @handle followed by the metric's name
        metric: String,
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Add someone on our side (owners of accounts and commitments are people)
    Add { name: String },
    /// List the people on our side
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnectCmd {
    /// Propose an introduction: --from one of theirs --to @peer-account:"Their person"
    /// (a peer at another customer) or --to "Our expert"
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        /// Their stakeholder who is introduced
        #[arg(long)]
        from: String,
        /// @handle:"Name" for a peer at another customer, or a name for an expert of ours
        #[arg(long)]
        to: String,
        /// The number of the metric of theirs it serves (`saydo metric list @h`)
        #[arg(long = "for", value_name = "METRIC#")]
        metric: Option<i64>,
        #[arg(long, default_value = "")]
        why: String,
        /// When it was proposed [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// Move an introduction on: made, happened, helped or did-not-help
    Set {
        num: i64,
        status: String,
        /// When [default: today]
        #[arg(long)]
        on: Option<String>,
        /// What comes next, or what came of it
        #[arg(long)]
        follow_up: Option<String>,
    },
    /// Introductions (of one account, or all), newest first
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        /// Only those still on their way (proposed, made, happened)
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Whom the account's people could meet: peers whose metric of the same
    /// name reached what this one aims at, and our experts on its KPIs
    Suggest {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove an introduction (undo brings it back)
    Remove { num: i64 },
}

#[derive(Debug, Subcommand)]
pub enum PartnerCmd {
    /// Add a business partner to the register (managers and admins keep
    /// it in a team book)
    Add {
        /// Its name: "Medical Affairs", "Supply"
        name: String,
        #[command(flatten)]
        fields: PartnerFields,
    },
    /// Change a partner: only the fields given
    Edit {
        /// The partner's name (any case) or number
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::partners))]
        partner: String,
        /// A new name
        #[arg(long)]
        name: Option<String>,
        /// (--kpi adds a KPI to those it has)
        #[command(flatten)]
        fields: PartnerFields,
        /// A KPI it no longer answers for (refused while a metric is aligned with it)
        #[arg(long = "drop-kpi", value_name = "KPI")]
        drop_kpi: Vec<String>,
    },
    /// The register: each partner with its KPIs and the customer metrics they serve
    List {
        #[arg(long)]
        json: bool,
    },
    /// A partner's KPIs, each with the customer metrics aligned with it,
    /// and the KPIs no customer metric serves
    Show {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::partners))]
        partner: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a partner; the metrics aligned with it keep their KPI's name
    /// but serve no partner (undo brings it back)
    Remove {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::partners))]
        partner: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct PartnerFields {
    /// What it does for us: "payer contracting", "supply chain"
    #[arg(long)]
    pub function: Option<String>,
    /// Who on our side owns the relationship (none: nobody)
    #[arg(long)]
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
    pub owner: Option<String>,
    /// A KPI it already answers for (repeat for more): "fill rate"
    #[arg(long = "kpi", value_name = "KPI")]
    pub kpi: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum MomentCmd {
    /// Record a moment of truth
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        what: String,
        /// low, medium, high or critical
        #[arg(long, default_value = "high")]
        severity: String,
    },
    /// Change a moment of truth: only the fields given
    Edit {
        num: i64,
        #[arg(long)]
        what: Option<String>,
        /// low, medium, high or critical
        #[arg(long)]
        severity: Option<String>,
    },
    /// Remove a moment of truth (undo brings it back)
    Remove { num: i64 },
    /// List moments of truth and the metrics that watch them
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum VisitCmd {
    /// Change a visit: only the fields given
    Edit {
        /// The visit's number (`saydo visit list`)
        num: i64,
        #[arg(long)]
        on: Option<String>,
        /// on-site, virtual, call, review, training, event
        #[arg(long)]
        kind: Option<String>,
        /// proactive or reactive
        #[arg(long)]
        intent: Option<String>,
        /// Their people, comma-separated
        #[arg(long)]
        with: Option<String>,
        /// Ours, comma-separated
        #[arg(long)]
        us: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Keep what the customer said of a visit once its experience is
    /// complete (Attention asks for it when its commitments are resolved)
    Feedback {
        /// The visit's number (`saydo visit list`)
        num: i64,
        /// How it went, 0 to 10
        #[arg(long)]
        score: u8,
        /// Their words
        #[arg(long, default_value = "")]
        words: String,
        /// When they said it (default today)
        #[arg(long)]
        on: Option<String>,
    },
    /// Remove a visit (its commitments stay; undo brings it back)
    Remove { num: i64 },
    /// List visits, newest first
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        /// Visits to accounts this person owns
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
        owner: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SignalCmd {
    /// The signals of the last months that wait for a note, newest first
    List {
        /// On this person's accounts
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
        owner: Option<String>,
        /// Those acknowledged, with their notes
        #[arg(long)]
        acknowledged: bool,
        #[arg(long)]
        json: bool,
    },
    /// A note on a signal (what happened, what was done), which acknowledges it
    Note {
        /// The metric's number (`saydo signal list`)
        metric: i64,
        /// beyond-limit, run-of-eight or three-of-four
        rule: String,
        /// The date of the signal's last point
        on: String,
        /// What happened
        note: String,
        /// The visit it led to
        #[arg(long)]
        visit: Option<i64>,
        /// The commitment it led to
        #[arg(long)]
        commitment: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeasurementCmd {
    /// Change a measurement: only the fields given
    Edit {
        /// The measurement's number (`saydo metric show N`)
        num: i64,
        #[arg(long, allow_hyphen_values = true)]
        value: Option<String>,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove a measurement (undo brings it back)
    Remove { num: i64 },
}

#[derive(Debug, Subcommand)]
pub enum CommitCmd {
    /// Kept (today, or --on), as taskwarrior's `task 17 done`
    Done {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        on: Option<String>,
    },
    /// Broken, with why
    Broken {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::open_commitments))]
        num: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Dropped by agreement: it counts nowhere
    Drop {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::open_commitments))]
        num: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// A new due date, agreed with the customer
    Renegotiate {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Change what was promised, to whom, by whom, or when: only the fields given
    Edit {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        what: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
        owner: Option<String>,
        /// The due date as first agreed (a new agreement is `renegotiate`)
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        made: Option<String>,
    },
    /// Remove a commitment (undo brings it back)
    Remove { num: i64 },
    /// List commitments (open ones unless --status or --all)
    List {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: Option<String>,
        /// Only open commitments past their due date
        #[arg(long)]
        overdue: bool,
        /// Only open commitments due within this window, e.g. 7d
        #[arg(long, value_name = "WINDOW")]
        due_within: Option<String>,
        /// Commitments this person owns
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::people))]
        owner: Option<String>,
        /// open, kept, kept-late, broken or dropped
        #[arg(long)]
        status: Option<String>,
        /// Every status
        #[arg(long, conflicts_with = "status")]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StageCmd {
    /// Move an account to another stage
    Set {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::handles))]
        account: String,
        stage: String,
        /// When it moved [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// The configured stages and their prompts
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Make a team book in PostgreSQL from this book (this file becomes its first replica)
    #[command(after_help = TEAM_URL_HELP)]
    Init {
        /// postgres://USER@HOST/DB?sslmode=verify-full (no password: PGPASSWORD or ~/.pgpass)
        url: String,
    },
    /// Make a new, empty file a replica of an existing team book
    #[command(after_help = TEAM_URL_HELP)]
    Join {
        /// postgres://USER@HOST/DB?sslmode=verify-full (no password: PGPASSWORD or ~/.pgpass)
        url: String,
    },
    /// The team book, the last sync, the changes waiting and the conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Changes the team book refused, with both sides of each clash
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep mine (it syncs as a new change) or theirs
    Resolve {
        /// The conflict's number, from `saydo team conflicts`
        num: i64,
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        mine: bool,
        #[arg(long)]
        theirs: bool,
    },
    /// Bring the team book's schema up to this saydo's (once, for the whole team)
    Migrate,
    /// Add a person to the team (admins): makes their PostgreSQL login
    /// role, or maps them to one that exists
    #[command(name = "add-person", after_help = ADD_PERSON_HELP)]
    AddPerson {
        /// Their name, as the book knows people ("Dana Cole")
        name: String,
        /// director: their own accounts and what is on them; manager: every
        /// account of their region (or the whole team); staff: the records on
        /// the accounts of the directors they support; admin: everything,
        /// people and settings too
        #[arg(long, value_parser = ["director", "manager", "staff", "admin"])]
        role: String,
        /// Their region (a manager's region; what they read when the team reads by region)
        #[arg(long)]
        region: Option<String>,
        /// A director this person (staff) supports; repeat for more
        #[arg(long, value_name = "NAME")]
        supports: Vec<String>,
        /// Their PostgreSQL login [default: from the name, "Dana Cole" → dana_cole]
        #[arg(long)]
        login: Option<String>,
        /// Read their first password from standard input (one line); it is
        /// sent as a SCRAM-SHA-256 verifier, never as the password itself
        #[arg(long)]
        password_stdin: bool,
    },
    /// The team's people: login, name, role, region, whom they support
    People {
        #[arg(long)]
        json: bool,
    },
    /// The team's settings; `--reading region` shows each person only their
    /// region's accounts (admins)
    Settings {
        /// all: everyone reads the whole team book; region: each reads their region's
        #[arg(long, value_parser = ["all", "region"])]
        reading: Option<String>,
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

/// A measure's definition (PuMP), on `metric add` and `metric edit`.
#[derive(Args, Debug, Clone, Default)]
pub struct DefinitionArgs {
    /// The result the measure shows, in the customer's terms
    #[arg(long)]
    pub intended: Option<String>,
    /// How the value is worked out
    #[arg(long)]
    pub calculation: Option<String>,
    /// Where the data comes from
    #[arg(long)]
    pub data_source: Option<String>,
    /// How often it is measured (7d, 4w, 3m, or none): a measurement overdue
    /// for it needs attention
    #[arg(long)]
    pub every: Option<String>,
    /// Who takes the measurement
    #[arg(long)]
    pub measured_by: Option<String>,
    /// The stakeholder who said they care about it (with --said-on and
    /// --valued yes it is a CPI; otherwise "assumed")
    #[arg(long)]
    pub said_by: Option<String>,
    /// When they said it
    #[arg(long)]
    pub said_on: Option<String>,
    /// Whether they said they value it: yes or no
    #[arg(long, value_name = "yes|no")]
    pub valued: Option<String>,
    /// The business partner whose KPI (--kpi, one of theirs) it serves; none: no partner
    #[arg(long)]
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::partners))]
    pub partner: Option<String>,
}
