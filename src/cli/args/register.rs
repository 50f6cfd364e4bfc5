//! The business partners and Connect's introductions: `partner`, `connect`.

use super::*;

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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::partners))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::partners))]
        partner: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a partner; the metrics aligned with it keep their KPI's name
    /// but serve no partner (undo brings it back)
    Remove {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::partners))]
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
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
    pub owner: Option<String>,
    /// A KPI it already answers for (repeat for more): "fill rate"
    #[arg(long = "kpi", value_name = "KPI")]
    pub kpi: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConnectCmd {
    /// Propose an introduction: --from one of theirs --to @peer-account:"Their person"
    /// (a peer at another customer) or --to "Our expert"
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove an introduction (undo brings it back)
    Remove { num: i64 },
}
