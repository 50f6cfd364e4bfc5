//! The customer's metrics: `metric`, `measurement`, `signal`.

use super::*;

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum MetricCmd {
    /// Add a success metric, as the customer defines it
    Add {
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::handles))]
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
pub enum SignalCmd {
    /// The signals of the last months that wait for a note, newest first
    List {
        /// On this person's accounts
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::people))]
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
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::partners))]
    pub partner: Option<String>,
}
