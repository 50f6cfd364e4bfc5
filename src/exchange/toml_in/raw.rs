//! The shapes of the exchange file's tables, as serde reads them: each
//! record's keys, nothing else allowed.

use super::Toml;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Preamble {
    pub(super) saydo: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEnd {
    pub(super) records: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub(super) id: String,
    pub(super) name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartner {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) function: String,
    pub(super) owner: Option<String>,
    #[serde(default)]
    pub(super) kpis: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccount {
    pub(super) id: String,
    pub(super) handle: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) owner: String,
    #[serde(default)]
    pub(super) region: String,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) stage: String,
    pub(super) stage_since: Toml,
    pub(super) renewal: Option<Toml>,
    #[serde(default)]
    pub(super) why: String,
    #[serde(default)]
    pub(super) archived: bool,
    pub(super) visit_every_days: Option<u32>,
    pub(super) stage_days: Option<u32>,
    pub(super) paused_until: Option<Toml>,
    /// `key_dates = { golive = 2026-03-02, kickoff = 2026-01-12 }`
    #[serde(default)]
    pub(super) key_dates: std::collections::BTreeMap<String, Toml>,
    /// `renewals = [{ on = 2025-12-01, outcome = "renewed", due = 2025-12-24 }]`
    #[serde(default)]
    pub(super) renewals: Vec<RawRenewal>,
    /// `answers = [{ stage = "Adoption", prompt = "…", answer = "…", on = 2026-11-02 }]`
    #[serde(default)]
    pub(super) answers: Vec<RawAnswer>,
    /// `assessments = [{ dimension = "Common behaviours", level = 3, on = 2026-09-01 }]`
    #[serde(default)]
    pub(super) assessments: Vec<RawAssessment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAssessment {
    pub(super) dimension: String,
    pub(super) level: u8,
    pub(super) on: Toml,
    #[serde(default)]
    pub(super) note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswer {
    pub(super) stage: String,
    pub(super) prompt: String,
    pub(super) answer: String,
    pub(super) on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRenewal {
    pub(super) on: Toml,
    pub(super) outcome: String,
    pub(super) due: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpan {
    pub(super) account: String,
    pub(super) stage: String,
    pub(super) entered: Toml,
    pub(super) left: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStakeholder {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) role: String,
    pub(super) layer: String,
    #[serde(default)]
    pub(super) contact: String,
    #[serde(default)]
    pub(super) notes: String,
    #[serde(default)]
    pub(super) peers: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMoment {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) what: String,
    pub(super) severity: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMetric {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) words: String,
    pub(super) kind: String,
    #[serde(default)]
    pub(super) unit: String,
    pub(super) direction: String,
    pub(super) baseline: Option<f64>,
    pub(super) baseline_on: Option<Toml>,
    #[serde(default)]
    pub(super) proxy: String,
    pub(super) target: Option<f64>,
    pub(super) target_on: Option<Toml>,
    #[serde(default)]
    pub(super) kpi: String,
    pub(super) partner: Option<String>,
    pub(super) moment: Option<String>,
    #[serde(default)]
    pub(super) intended: String,
    #[serde(default)]
    pub(super) calculation: String,
    #[serde(default)]
    pub(super) data_source: String,
    pub(super) every_days: Option<i64>,
    #[serde(default)]
    pub(super) measured_by: String,
    #[serde(default)]
    pub(super) said_by: String,
    pub(super) said_on: Option<Toml>,
    #[serde(default)]
    pub(super) valued: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeasurement {
    pub(super) id: String,
    pub(super) metric: String,
    pub(super) on: Toml,
    pub(super) value: f64,
    #[serde(default)]
    pub(super) source: String,
    #[serde(default)]
    pub(super) note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVisit {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) on: Toml,
    pub(super) kind: String,
    pub(super) intent: String,
    #[serde(default)]
    pub(super) ours: Vec<String>,
    #[serde(default)]
    pub(super) theirs: Vec<String>,
    #[serde(default)]
    pub(super) notes: String,
    pub(super) feedback_score: Option<i64>,
    #[serde(default)]
    pub(super) feedback_words: String,
    pub(super) feedback_on: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRenegotiation {
    pub(super) new_due: Toml,
    #[serde(default)]
    pub(super) reason: String,
    pub(super) agreed_on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCommitment {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) what: String,
    #[serde(default)]
    pub(super) to: String,
    pub(super) owner: String,
    pub(super) made: Toml,
    pub(super) due: Toml,
    pub(super) visit: Option<String>,
    pub(super) status: String,
    pub(super) resolved_on: Option<Toml>,
    #[serde(default)]
    pub(super) reason: String,
    #[serde(default)]
    pub(super) renegotiations: Vec<RawRenegotiation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignalNote {
    pub(super) id: String,
    pub(super) metric: String,
    pub(super) rule: String,
    pub(super) on: Toml,
    #[serde(default)]
    pub(super) note: String,
    pub(super) visit: Option<String>,
    pub(super) commitment: Option<String>,
    pub(super) acknowledged_on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIntroduction {
    pub(super) id: String,
    pub(super) account: String,
    pub(super) from: String,
    pub(super) to_account: Option<String>,
    pub(super) to: String,
    pub(super) metric: Option<String>,
    #[serde(default)]
    pub(super) why: String,
    pub(super) status: String,
    pub(super) on: Toml,
    pub(super) status_on: Toml,
    #[serde(default)]
    pub(super) follow_up: String,
}
