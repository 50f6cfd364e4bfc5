//! Accounts, their people and their stages: `account`, `stakeholder`, `moment`, `stage`, `person`.

use super::*;

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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: AccountFields,
    },
    /// List accounts with their figures
    List {
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        /// Include archived accounts
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Everything about one account
    Show {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Record how a renewal went: renewed, expanded or churned
    Renewal {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MomentCmd {
    /// Record a moment of truth
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StageCmd {
    /// Move an account to another stage
    Set {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
pub enum PersonCmd {
    /// Add someone on our side (owners of accounts and commitments are people)
    Add { name: String },
    /// List the people on our side
    List {
        #[arg(long)]
        json: bool,
    },
}
