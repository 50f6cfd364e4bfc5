//! What happens at an account: `visit` and `commit`.

use super::*;

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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: Option<String>,
        /// Visits to accounts this person owns
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
        owner: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommitCmd {
    /// Kept (today, or --on), as taskwarrior's `task 17 done`
    Done {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        on: Option<String>,
    },
    /// Broken, with why
    Broken {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::open_commitments))]
        num: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Dropped by agreement: it counts nowhere
    Drop {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::open_commitments))]
        num: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// A new due date, agreed with the customer
    Renegotiate {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Change what was promised, to whom, by whom, or when: only the fields given
    Edit {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::open_commitments))]
        num: i64,
        #[arg(long)]
        what: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: Option<String>,
        /// Only open commitments past their due date
        #[arg(long)]
        overdue: bool,
        /// Only open commitments due within this window, e.g. 7d
        #[arg(long, value_name = "WINDOW")]
        due_within: Option<String>,
        /// Commitments this person owns
        #[arg(long)]
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
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
