//! The records of the field book, named as in PRODUCT.md's glossary.
//!
//! Every record has a uuid `id` (its identity across databases and in the
//! interchange file) and a short `num` that people type (`done 17`).

pub use super::choice::{
    Choice, Direction, Intent, IntroStatus, MetricKind, Outcome, Severity, Status, VisitKind,
};
use super::dates::Date;
pub use super::layers::Layer;
use super::renewals::Renewal;
pub use super::stages::{default_stages, find_stage, Stage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: Uuid,
    pub num: i64,
    pub name: String,
}

/// A function inside our company (service, supply, medical affairs…) with
/// the person who owns the relationship and the KPIs it already answers
/// for; a customer's metric can be aligned with one of those KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub id: Uuid,
    pub num: i64,
    pub name: String,
    /// What it does for us, in a few words.
    pub function: String,
    pub owner: Option<String>,
    /// The KPIs it answers for, in its own names.
    pub kpis: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: Uuid,
    pub num: i64,
    pub name: String,
    pub handle: String,
    pub owner: Option<String>,
    pub region: String,
    pub tags: Vec<String>,
    pub stage: String,
    pub stage_since: Date,
    pub renewal: Option<Date>,
    pub why: String,
    pub archived: bool,
    /// The pace agreed with the customer, where it differs from saydo's.
    #[serde(default)]
    pub pace: Pace,
    /// Its go-live, contract start, kickoff…: days other dates count from.
    #[serde(default)]
    pub key_dates: Vec<super::key_dates::KeyDate>,
    /// How its renewals went, oldest first.
    #[serde(default)]
    pub renewals: Vec<Renewal>,
    /// Its answers to the stages' prompts.
    #[serde(default)]
    pub answers: Vec<super::checklist::Answer>,
    /// Its engagement maturity as assessed, oldest first.
    #[serde(default)]
    pub assessments: Vec<super::maturity::Assessment>,
}

impl Account {
    /// A new account of that name in `stage` since `since`, with nothing
    /// else yet: no id (the store gives one), no owner, no lists.
    pub fn new(name: impl Into<String>, stage: impl Into<String>, since: Date) -> Account {
        Account {
            id: Uuid::nil(),
            num: 0,
            name: name.into(),
            handle: String::new(),
            owner: None,
            region: String::new(),
            tags: vec![],
            stage: stage.into(),
            stage_since: since,
            renewal: None,
            why: String::new(),
            archived: false,
            pace: Default::default(),
            key_dates: vec![],
            renewals: vec![],
            answers: vec![],
            assessments: vec![],
        }
    }

    /// Records how the renewal went: its date moves to `next` (none once
    /// they churned).
    pub fn settle_renewal(&mut self, outcome: Outcome, on: Date, next: Option<Date>) {
        self.renewals.push(Renewal {
            on,
            outcome,
            due: self.renewal,
        });
        self.renewals.sort_by_key(|r| r.on);
        self.renewal = if outcome == Outcome::Churned {
            None
        } else {
            next
        };
    }

    /// The days a date word can count from at this account.
    pub fn anchors(&self) -> super::key_dates::Anchors {
        super::key_dates::Anchors::new(&self.handle, &self.key_dates, self.renewal)
    }
}

/// The speed the customer sets: "your customers determine the speed at
/// which the world moves". Each part left out falls back to the config
/// (`unvisited_days`, the stage's `expected_days`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    /// A visit every this many days, as agreed with them.
    pub visit_every_days: Option<u32>,
    /// The days they expect the current stage to take.
    pub stage_days: Option<u32>,
    /// Paused at their request: no visit is due and the stage's clock
    /// does not count as overdue until this day.
    pub paused_until: Option<Date>,
}

impl Pace {
    pub fn paused(&self, today: Date) -> bool {
        self.paused_until.is_some_and(|d| d >= today)
    }

    /// "a visit every 30 days · stage 90 days · paused until Fri 4 Dec", or
    /// `None` when nothing was agreed.
    pub fn describe(&self, today: Date) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(d) = self.visit_every_days {
            parts.push(format!("a visit every {d} days"));
        }
        if let Some(d) = self.stage_days {
            parts.push(format!("this stage in {d} days"));
        }
        if let Some(until) = self.paused_until.filter(|_| self.paused(today)) {
            parts.push(format!(
                "paused at their request until {}",
                super::dates::shown(today, until)
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageSpan {
    pub stage: String,
    pub entered: Date,
    pub left: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    pub name: String,
    pub role: String,
    pub layer: Layer,
    pub contact: String,
    pub notes: String,
    /// They are willing to speak to their peers at other customers.
    #[serde(default)]
    pub peers: bool,
}

/// Connect: an introduction of a stakeholder of this account to a
/// stakeholder of another customer (`to_account`, by handle) or to an
/// internal expert (no `to_account`), for one of the customer's metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Introduction {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    /// Their stakeholder who is introduced.
    pub from: String,
    /// The other customer's handle; `None` for an internal expert.
    pub to_account: Option<String>,
    /// Whom they are introduced to.
    pub to: String,
    /// The customer's metric it serves.
    pub metric: Option<i64>,
    pub why: String,
    pub status: IntroStatus,
    /// When it was proposed.
    pub on: Date,
    /// When its status last moved.
    pub status_on: Date,
    /// What comes next, or what came of it.
    pub follow_up: String,
}

impl Introduction {
    /// "Dr Lee → Dr Okafor at @stlukes", "Dr Lee → Priya Shah (ours)".
    pub fn line(&self) -> String {
        match &self.to_account {
            Some(h) => format!("{} → {} at @{h}", self.from, self.to),
            None => format!("{} → {} (ours)", self.from, self.to),
        }
    }

    /// Still on its way: proposed, made or happened, not yet judged.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            IntroStatus::Proposed | IntroStatus::Made | IntroStatus::Happened
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub value: f64,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    pub name: String,
    /// The customer's own words for what success looks like.
    pub words: String,
    pub kind: MetricKind,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    /// What stands in while there is no baseline yet.
    pub proxy: String,
    pub target: Option<f64>,
    pub target_on: Option<Date>,
    /// The internal KPI this customer metric lines up with.
    pub kpi: String,
    /// The moment of truth this metric watches.
    pub moment: Option<i64>,
    /// How it is measured; absent from books made before definitions.
    #[serde(default)]
    pub definition: Definition,
    /// Who on their side said they care, when, and whether they value it.
    #[serde(default)]
    pub voice: Voice,
    /// The business partner whose KPI (`kpi`, one of theirs) this metric
    /// is aligned with.
    #[serde(default)]
    pub partner: Option<i64>,
}

/// A metric is a CPI, a customer performance indicator, only when the
/// customer said they care — who, when, in their words — and that they
/// value it; until then it is our assumption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voice {
    /// The stakeholder who said it.
    pub by: String,
    pub on: Option<Date>,
    /// They said they value it (not only that they track it).
    pub valued: bool,
}

impl Metric {
    /// A new outcome metric of that name at `account`, higher is better,
    /// with nothing else yet: no id (the store gives one), no baseline,
    /// target, definition or voice.
    pub fn new(account: i64, name: impl Into<String>) -> Metric {
        Metric {
            id: Uuid::nil(),
            num: 0,
            account,
            name: name.into(),
            words: String::new(),
            kind: MetricKind::Outcome,
            unit: String::new(),
            direction: Direction::Higher,
            baseline: None,
            proxy: String::new(),
            target: None,
            target_on: None,
            kpi: String::new(),
            moment: None,
            definition: Default::default(),
            voice: Default::default(),
            partner: None,
        }
    }
}

impl Metric {
    /// What is missing before it is a CPI: empty when it is one.
    pub fn cpi_missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.voice.by.trim().is_empty() {
            missing.push("who said it");
        }
        if self.voice.on.is_none() {
            missing.push("when");
        }
        if self.words.trim().is_empty() {
            missing.push("their words");
        }
        if !self.voice.valued {
            missing.push("that they value it");
        }
        missing
    }

    pub fn is_cpi(&self) -> bool {
        self.cpi_missing().is_empty()
    }

    /// "CPI" or "assumed".
    pub fn standing(&self) -> &'static str {
        if self.is_cpi() {
            "CPI"
        } else {
            "assumed"
        }
    }

    /// "CPI: Dr Lee said so on Mon 2 Nov and that they value it", or
    /// "assumed: not yet said — who said it, when".
    pub fn voice_line(&self, today: Date) -> String {
        if self.is_cpi() {
            return format!(
                "CPI: {} said so on {} and that they value it",
                self.voice.by.trim(),
                self.voice
                    .on
                    .map_or(String::new(), |d| super::dates::shown(today, d))
            );
        }
        format!("assumed: not yet said — {}", self.cpi_missing().join(", "))
    }
}

impl Metric {
    /// The customer's words first where they gave them, our name after:
    /// "“No one waits overnight” · door-to-needle".
    pub fn label(&self) -> String {
        let words = self.words.trim();
        if words.is_empty() {
            self.name.clone()
        } else {
            format!("“{}” · {}", words.replace('\n', " "), self.name)
        }
    }
}

/// A measure's definition (PuMP): the result it shows, how it is worked
/// out, where the data comes from, how often and by whom. With a
/// frequency, a measurement overdue for it needs attention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// The intended result, in the customer's terms.
    pub intended: String,
    pub calculation: String,
    pub data_source: String,
    /// A measurement is due this many days after the last one.
    pub every_days: Option<u32>,
    /// Who takes the measurement.
    pub measured_by: String,
}

impl Definition {
    /// "every 30 days, by the stroke nurse lead, from their registry:
    /// median minutes from arrival to needle", or "" when nothing is said.
    pub fn describe(&self) -> String {
        let mut how = Vec::new();
        if let Some(d) = self.every_days {
            how.push(format!("every {}", super::plural(d as usize, "day")));
        }
        if !self.measured_by.is_empty() {
            how.push(format!("by {}", self.measured_by));
        }
        if !self.data_source.is_empty() {
            how.push(format!("from {}", self.data_source));
        }
        let mut s = if how.is_empty() {
            String::new()
        } else {
            format!("measured {}", how.join(", "))
        };
        for (what, text) in [("as", &self.calculation), ("to show", &self.intended)] {
            if !text.is_empty() {
                if !s.is_empty() {
                    s.push_str("; ");
                }
                s.push_str(&format!("{what} {text}"));
            }
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub id: Uuid,
    pub num: i64,
    pub metric: i64,
    pub on: Date,
    pub value: f64,
    pub source: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    pub what: String,
    pub severity: Severity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    pub on: Date,
    pub kind: VisitKind,
    pub intent: Intent,
    /// Who attended from our side.
    pub ours: Vec<String>,
    /// Who attended from the customer's side.
    pub theirs: Vec<String>,
    pub notes: String,
    /// What the customer said of the visit's experience once it was
    /// complete (every commitment made in it resolved).
    #[serde(default)]
    pub feedback: Option<Feedback>,
}

/// The customer's answer to "how did it go?": a score from 0 to 10 and
/// their words, and when they gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub score: u8,
    pub words: String,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renegotiation {
    pub new_due: Date,
    pub reason: String,
    pub agreed_on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: Uuid,
    pub num: i64,
    pub account: i64,
    pub what: String,
    pub to_whom: String,
    pub owner: String,
    pub made_on: Date,
    /// The first agreed due date; renegotiations move `due()`.
    pub due_on: Date,
    pub visit: Option<i64>,
    pub status: Status,
    pub resolved_on: Option<Date>,
    pub reason: String,
    pub renegotiations: Vec<Renegotiation>,
}

impl Commitment {
    /// The latest agreed due date.
    pub fn due(&self) -> Date {
        self.renegotiations
            .iter()
            .max_by_key(|r| r.agreed_on)
            .map_or(self.due_on, |r| r.new_due)
    }

    /// The date the commitment is judged against in say/do. A
    /// renegotiation counts only when agreed on or before the due date it
    /// replaces; one agreed after that date had passed keeps the new date
    /// for the work, but the commitment stays judged on the date that was
    /// missed.
    pub fn judged_due(&self) -> Date {
        let mut order: Vec<&Renegotiation> = self.renegotiations.iter().collect();
        order.sort_by_key(|r| r.agreed_on);
        let mut work = self.due_on;
        let mut judged = self.due_on;
        let mut missed = false;
        for r in order {
            if !missed && r.agreed_on <= work {
                judged = r.new_due;
            } else {
                missed = true;
            }
            work = r.new_due;
        }
        judged
    }

    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// Open and past its due date (due today is not yet late).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && self.due() < today
    }

    /// Open and due today or within the next [`DUE_SOON_DAYS`] days.
    pub fn is_due_soon(&self, today: Date) -> bool {
        self.is_open() && due_soon(self.due(), today)
    }
}

/// Due today or within the next [`DUE_SOON_DAYS`] days.
pub fn due_soon(due: Date, today: Date) -> bool {
    (0..=DUE_SOON_DAYS).contains(&super::dates::days_between(today, due))
}

/// How far ahead a commitment's due date makes it need attention.
pub const DUE_SOON_DAYS: i64 = 7;

/// The id of a person added by name: the same in every replica (a uuid v5
/// of the name, any case), so two people who both first name "Ravi Menon"
/// offline make one person in the team book, not two.
pub fn person_id(name: &str) -> Uuid {
    const PEOPLE: Uuid = Uuid::from_u128(0x5a7d_0e0f_9a1c_4c2b_8d3e_7f60_1b2c_3d4e);
    Uuid::new_v5(&PEOPLE, name.trim().to_lowercase().as_bytes())
}

/// "1 visit", "3 visits".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The status a commitment kept on `on` gets: on time or late is derived.
pub fn kept_status(due: Date, on: Date) -> Status {
    if on <= due {
        Status::Kept
    } else {
        Status::KeptLate
    }
}

/// What someone made of an XmR signal on a metric: a note, perhaps the
/// visit or commitment it led to. A signal with a note is acknowledged and
/// leaves the inbox. The signal is the rule and the date of its last point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalNote {
    pub id: Uuid,
    pub num: i64,
    pub metric: i64,
    pub rule: super::xmr::Rule,
    pub on: Date,
    pub note: String,
    pub visit: Option<i64>,
    pub commitment: Option<i64>,
    pub acknowledged_on: Date,
}

#[cfg(test)]
mod tests;
