//! The form for each kind of record: which fields it has, filled from the
//! record when editing, and the change it makes when submitted.

use super::fields::{Field, FieldId as Id, FieldKind, Form, Refused};
use crate::domain::dates::shown;
use crate::domain::text::slug;
use crate::domain::{
    Account, Baseline, Choice, Commitment, Date, Direction, Intent, Layer, Measurement, Metric,
    MetricKind, Moment, Partner, Severity, Stakeholder, Status, Visit, VisitKind,
};
use crate::rules::Field as F;
use crate::rules::Field as RuleField;
use crate::store::Change;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    NewIntroduction {
        account: i64,
    },
    EditIntroduction(crate::domain::Introduction),
    NewPartner,
    EditPartner(Partner),
    NewAccount,
    EditAccount(Account),
    NewStakeholder {
        account: i64,
    },
    EditStakeholder(Stakeholder),
    NewMoment {
        account: i64,
    },
    EditMoment(Moment),
    NewMetric {
        account: i64,
    },
    EditMetric(Metric),
    NewMeasurement {
        metric: i64,
    },
    EditMeasurement(Measurement),
    NewVisit {
        account: i64,
    },
    EditVisit(Visit),
    NewCommitment {
        account: i64,
    },
    EditCommitment(Commitment),
    MoveStage(Account),
    /// How the account's renewal went.
    SettleRenewal(Account),
    /// The account's engagement maturity on the config's scale.
    Assess {
        account: Account,
        scale: crate::domain::maturity::Scale,
    },
    /// The answers to the prompts of the account's current stage.
    Checklist {
        account: Account,
        prompts: Vec<String>,
    },
    /// An export of the account in view, or of many.
    Export(ExportScope),
    /// A note on a signal: the metric and its name, the rule, the date of
    /// the signal's last point.
    NoteSignal {
        account: i64,
        metric: i64,
        name: String,
        rule: crate::domain::xmr::Rule,
        on: Date,
    },
}

/// What an export can cover, from where it was asked for.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExportScope {
    /// The account in view.
    pub account: Option<Account>,
    /// The director selected on the Directors screen.
    pub director: Option<String>,
    /// The portfolio's filter, and the accounts it shows.
    pub filtered: Option<(String, Vec<i64>)>,
}

impl ExportScope {
    /// The choices of the form's "Covers", the nearest first.
    pub fn covers(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.account.is_some() {
            out.push(COVER_ACCOUNT.to_string());
        }
        if let Some(d) = &self.director {
            out.push(format!("{d}'s accounts"));
        }
        if let Some((f, nums)) = &self.filtered {
            out.push(format!(
                "the filtered view (“{f}”, {})",
                crate::domain::plural(nums.len(), "account")
            ));
        }
        out.push(COVER_MINE.to_string());
        out.push(COVER_ALL.to_string());
        out
    }
}

pub const COVER_ACCOUNT: &str = "this account";
pub const COVER_MINE: &str = "my accounts";
pub const COVER_ALL: &str = "everything";

pub type RecordForm = Form<Target>;

/// A form being filled in, as kept beside the database while it is typed
/// (a kill, a closed window or a lost connection never loses it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormDraft {
    pub target: Target,
    /// Each field's text, in the form's order.
    pub fields: Vec<String>,
}

impl FormDraft {
    pub fn of(form: &RecordForm) -> FormDraft {
        FormDraft {
            target: form.target.clone(),
            fields: form.fields.iter().map(|f| f.input.text.clone()).collect(),
        }
    }

    /// Puts the kept texts back into a form built for the same target
    /// (only when it has the same fields: another saydo may have built
    /// it differently).
    pub fn fill(&self, form: &mut RecordForm) -> bool {
        if form.fields.len() != self.fields.len() {
            return false;
        }
        for (f, text) in form.fields.iter_mut().zip(&self.fields) {
            f.input.set(text.clone());
        }
        true
    }
}

/// The names and records the pickers offer, for the account in question.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    /// People on our side.
    pub people: Vec<String>,
    pub stages: Vec<String>,
    /// The account's stakeholders.
    pub stakeholders: Vec<String>,
    /// The account's moments of truth: (num, what).
    pub moments: Vec<(i64, String)>,
    /// The account's visits: (num, label).
    pub visits: Vec<(i64, String)>,
    /// The metric's name and unit, for measurements.
    pub metric: String,
    pub unit: String,
    /// The values measured before, for questioning one far from them.
    pub values: Vec<f64>,
    /// Every account's (name, handle), for questioning a name taken.
    pub account_names: Vec<(String, String)>,
    /// The account's commitments: (num, label).
    pub commitments: Vec<(i64, String)>,
    /// The account's key dates, for dates typed as `golive+30d`.
    pub anchors: Option<crate::domain::key_dates::Anchors>,
    /// The stakeholder layers the config names.
    pub layers: Vec<String>,
    /// The account's metrics: (num, name).
    pub metrics: Vec<(i64, String)>,
    /// The business partners: (num, name), and every KPI they answer for.
    pub partners: Vec<(i64, String)>,
    pub kpis: Vec<String>,
}

fn choice<C: Choice>(id: impl Into<Id>, label: &'static str, value: C) -> Field {
    Field::new(
        id,
        label,
        FieldKind::Choice(C::ALL.iter().map(|c| c.word().to_string()).collect()),
        value.word(),
    )
}

/// A new visit's intent is chosen, never preset: a default would inflate
/// the proactive share.
fn intent_field(v: &Visit) -> Field {
    let mut f = choice(F::Intent, "Intent", v.intent);
    if v.num == 0 {
        f.input.set(String::new());
    }
    f.required()
}

pub(super) fn pick(
    id: impl Into<Id>,
    label: &'static str,
    options: &[String],
    list: bool,
    value: String,
) -> Field {
    Field::new(
        id,
        label,
        FieldKind::Pick {
            options: options.to_vec(),
            list,
            free: true,
        },
        value,
    )
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn num_text(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn ref_label(num: i64, what: &str) -> String {
    format!("#{num} {what}")
}

/// `#12 …` → 12.
pub(super) fn ref_num(text: &str) -> Option<i64> {
    text.trim()
        .strip_prefix('#')?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn refs(items: &[(i64, String)]) -> Vec<String> {
    items.iter().map(|(n, w)| ref_label(*n, w)).collect()
}

pub(super) fn ref_field(
    id: impl Into<Id>,
    label: &'static str,
    items: &[(i64, String)],
    current: Option<i64>,
) -> Field {
    let value = current
        .map(|n| {
            items
                .iter()
                .find(|(m, _)| *m == n)
                .map_or(format!("#{n}"), |(m, w)| ref_label(*m, w))
        })
        .unwrap_or_default();
    Field::new(
        id,
        label,
        FieldKind::Pick {
            options: refs(items),
            list: false,
            free: false,
        },
        value,
    )
}

fn blank_account(me: &str, stage: String, today: Date) -> Account {
    Account {
        id: Uuid::nil(),
        num: 0,
        name: String::new(),
        handle: String::new(),
        owner: Some(me.to_string()).filter(|m| !m.is_empty()),
        region: String::new(),
        tags: vec![],
        stage,
        stage_since: today,
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

fn blank_stakeholder(account: i64) -> Stakeholder {
    Stakeholder {
        id: Uuid::nil(),
        num: 0,
        account,
        name: String::new(),
        role: String::new(),
        layer: Layer::Physician,
        contact: String::new(),
        notes: String::new(),
        peers: false,
    }
}

fn blank_metric(account: i64) -> Metric {
    Metric {
        id: Uuid::nil(),
        num: 0,
        account,
        name: String::new(),
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

fn blank_measurement(metric: i64, today: Date) -> Measurement {
    Measurement {
        id: Uuid::nil(),
        num: 0,
        metric,
        on: today,
        value: 0.0,
        source: String::new(),
        note: String::new(),
    }
}

/// The visit a visit form would save, as far as its fields read (the date
/// today's while it does not), with its notes before: for the preview of
/// the commitments its notes make.
pub fn visit_so_far(form: &RecordForm, today: Date) -> Option<(Visit, String)> {
    let mut v = match &form.target {
        Target::EditVisit(v) => v.clone(),
        Target::NewVisit { account } => blank_visit(*account, "", today),
        _ => return None,
    };
    let before = std::mem::take(&mut v.notes);
    v.on = form.date(F::On, today).unwrap_or(today);
    v.theirs = form.items(F::Theirs);
    v.notes = form.notes(F::Notes);
    Some((v, before))
}

fn blank_visit(account: i64, me: &str, today: Date) -> Visit {
    Visit {
        id: Uuid::nil(),
        num: 0,
        account,
        on: today,
        kind: VisitKind::OnSite,
        intent: Intent::Proactive,
        ours: vec![me.to_string()],
        theirs: vec![],
        notes: String::new(),
        feedback: None,
    }
}

fn blank_commitment(account: i64, me: &str, today: Date) -> Commitment {
    Commitment {
        id: Uuid::nil(),
        num: 0,
        account,
        what: String::new(),
        to_whom: String::new(),
        owner: me.to_string(),
        made_on: today,
        due_on: today,
        visit: None,
        status: Status::Open,
        resolved_on: None,
        reason: String::new(),
        renegotiations: vec![],
    }
}

/// The answer fields' labels of a stage checklist, one per prompt (a stage
/// has a handful; the config's are cut at nine).
const ANSWER_LABELS: [&str; 9] = [
    "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Answer 5", "Answer 6", "Answer 7", "Answer 8",
    "Answer 9",
];

fn t(id: impl Into<Id>, label: &'static str, v: &str) -> Field {
    Field::new(id, label, FieldKind::Text, v)
}

fn notes(id: impl Into<Id>, label: &'static str, v: &str) -> Field {
    Field::new(id, label, FieldKind::Notes, v)
}

fn date(id: impl Into<Id>, label: &'static str, v: String) -> Field {
    Field::new(id, label, FieldKind::Date, v)
}

/// When something happened: never ahead, so `fri` is last Friday.
fn past(id: impl Into<Id>, label: &'static str, v: String) -> Field {
    Field::new(id, label, FieldKind::PastDate, v)
}

/// The form for `target`, filled from the record it edits.
pub fn build(target: Target, l: &Lookups, me: &str, today: Date) -> RecordForm {
    let (title, fields) = match &target {
        Target::NewPartner | Target::EditPartner(_) => super::partner_form::fields(&target, l),
        Target::NewIntroduction { .. } | Target::EditIntroduction(_) => {
            super::intro_form::fields(&target, l, today)
        }
        Target::NewAccount | Target::EditAccount(_) => {
            let a = match &target {
                Target::EditAccount(a) => a.clone(),
                _ => blank_account(me, l.stages.first().cloned().unwrap_or_default(), today),
            };
            let mut fields = vec![
                t(F::Name, "Name", &a.name).required(),
                t(F::Handle, "Handle", &a.handle),
                pick(
                    F::Owner,
                    "Owner",
                    &l.people,
                    false,
                    a.owner.clone().unwrap_or_default(),
                ),
                t(F::Region, "Region", &a.region),
                t(F::Tags, "Tags", &a.tags.join(", ")),
            ];
            if matches!(target, Target::NewAccount) {
                fields.push(Field::new(
                    F::Stage,
                    "Stage",
                    FieldKind::Choice(l.stages.clone()),
                    a.stage.clone(),
                ));
            }
            fields.push(date(F::Renewal, "Renewal", date_text(a.renewal)));
            fields.push(notes(F::Why, "Why (their words)", &a.why));
            // The customer's pace: empty falls back to the config's.
            let days = |id: Id, label, v: Option<u32>| {
                Field::new(
                    id,
                    label,
                    FieldKind::Number {
                        unit: "days".into(),
                    },
                    num_text(v.map(f64::from)),
                )
            };
            fields.push(days(Id::VisitEvery, "Visit every", a.pace.visit_every_days));
            fields.push(days(Id::StageTakes, "Stage takes", a.pace.stage_days));
            fields.push(date(
                Id::PausedUntil,
                "Paused until",
                date_text(a.pace.paused_until),
            ));
            fields.push(Field::new(
                F::KeyDates,
                "Key dates",
                FieldKind::KeyDates,
                crate::domain::key_dates::text(&a.key_dates),
            ));
            let title = match &target {
                Target::EditAccount(a) => format!("Edit @{}", a.handle),
                _ => "New account".to_string(),
            };
            (title, fields)
        }
        Target::NewStakeholder { .. } | Target::EditStakeholder(_) => {
            let s = match &target {
                Target::EditStakeholder(s) => s.clone(),
                _ => blank_stakeholder(0),
            };
            let title = if s.num == 0 {
                "New stakeholder".to_string()
            } else {
                format!("Edit stakeholder {}", s.name)
            };
            (
                title,
                vec![
                    t(F::Name, "Name", &s.name).required(),
                    t(F::Role, "Role", &s.role),
                    Field::new(
                        F::Layer,
                        "Layer",
                        FieldKind::Choice(l.layers.clone()),
                        // A new one starts on the config's first layer.
                        match (&target, l.layers.first()) {
                            (Target::NewStakeholder { .. }, Some(first))
                                if !l.layers.iter().any(|x| x == s.layer.word()) =>
                            {
                                first.as_str()
                            }
                            _ => s.layer.word(),
                        },
                    ),
                    t(F::Contact, "Contact", &s.contact),
                    notes(F::Notes, "Notes", &s.notes),
                    Field::new(
                        Id::Peers,
                        "Speaks to peers",
                        FieldKind::Choice(vec!["no".into(), "yes".into()]),
                        if s.peers { "yes" } else { "no" },
                    )
                    .with_hint("Willing to speak to their peers at other customers (Connect)"),
                ],
            )
        }
        Target::NewMoment { .. } | Target::EditMoment(_) => {
            let (what, sev, title) = match &target {
                Target::EditMoment(m) => (
                    m.what.clone(),
                    m.severity,
                    format!("Edit moment of truth #{}", m.num),
                ),
                _ => (
                    String::new(),
                    Severity::High,
                    "New moment of truth".to_string(),
                ),
            };
            (
                title,
                vec![
                    t(F::What, "What happens", &what).required(),
                    choice(F::Severity, "Severity", sev),
                ],
            )
        }
        Target::NewMetric { .. } | Target::EditMetric(_) => {
            let m = match &target {
                Target::EditMetric(m) => m.clone(),
                _ => blank_metric(0),
            };
            let title = if m.num == 0 {
                "New success metric".to_string()
            } else {
                format!("Edit metric {}", m.name)
            };
            (
                title,
                vec![
                    t(F::Name, "Name", &m.name).required(),
                    notes(F::Words, "In their words", &m.words),
                    choice(F::Kind, "Kind", m.kind),
                    t(F::Unit, "Unit", &m.unit),
                    choice(F::Direction, "Better when", m.direction),
                    Field::new(
                        F::Baseline,
                        "Baseline",
                        FieldKind::Number {
                            unit: m.unit.clone(),
                        },
                        num_text(m.baseline.as_ref().map(|b| b.value)),
                    ),
                    past(
                        F::BaselineOn,
                        "Baseline on",
                        date_text(m.baseline.as_ref().map(|b| b.on)),
                    ),
                    t(F::Proxy, "Proxy", &m.proxy),
                    Field::new(
                        F::Target,
                        "Target",
                        FieldKind::Number {
                            unit: m.unit.clone(),
                        },
                        num_text(m.target),
                    ),
                    date(F::TargetOn, "Target date", date_text(m.target_on)),
                    ref_field(F::Partner, "Partner", &l.partners, m.partner)
                        .with_hint("The business partner whose KPI this metric serves, if any"),
                    pick(F::Kpi, "Aligned KPI", &l.kpis, false, m.kpi.clone()),
                    ref_field(F::Moment, "Guards moment", &l.moments, m.moment),
                    // The measure's definition (PuMP).
                    t(Id::Intended, "Intended result", &m.definition.intended),
                    t(Id::Calculation, "Calculation", &m.definition.calculation),
                    t(Id::DataSource, "Data source", &m.definition.data_source),
                    Field::new(
                        F::Every,
                        "Measured every",
                        FieldKind::Number {
                            unit: "days".into(),
                        },
                        num_text(m.definition.every_days.map(f64::from)),
                    ),
                    t(Id::MeasuredBy, "Measured by", &m.definition.measured_by),
                    // A CPI only once they said it: who, when, and that they value it.
                    pick(
                        Id::SaidBy,
                        "Said by",
                        &l.stakeholders,
                        false,
                        m.voice.by.clone(),
                    )
                    .with_hint(
                        "Is it theirs? Who said they care about it, when, and do they value it",
                    ),
                    past(F::SaidOn, "Said on", date_text(m.voice.on)),
                    Field::new(
                        Id::Valued,
                        "They value it",
                        FieldKind::Choice(vec!["no".into(), "yes".into()]),
                        if m.voice.valued { "yes" } else { "no" },
                    ),
                ],
            )
        }
        Target::NewMeasurement { .. } | Target::EditMeasurement(_) => {
            let (on, value, source, note, title) = match &target {
                Target::EditMeasurement(x) => (
                    x.on.to_string(),
                    x.value.to_string(),
                    x.source.clone(),
                    x.note.clone(),
                    format!("Edit measurement of {}, {}", l.metric, shown(today, x.on)),
                ),
                _ => (
                    "today".to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    if l.unit.is_empty() {
                        format!("New measurement of {}", l.metric)
                    } else {
                        format!("New measurement of {} ({})", l.metric, l.unit)
                    },
                ),
            };
            (
                title,
                vec![
                    past(F::On, "On", on).required(),
                    Field::new(
                        F::Value,
                        "Value",
                        FieldKind::Number {
                            unit: l.unit.clone(),
                        },
                        value,
                    )
                    .required(),
                    t(F::Source, "Source", &source),
                    t(F::Note, "Note", &note),
                ],
            )
        }
        Target::NewVisit { .. } | Target::EditVisit(_) => {
            let v = match &target {
                Target::EditVisit(v) => v.clone(),
                _ => blank_visit(0, me, today),
            };
            let title = if v.num == 0 {
                "Log a visit".to_string()
            } else {
                format!("Edit visit #{}", v.num)
            };
            let mut fields = vec![
                date(
                    F::On,
                    "On",
                    if v.num == 0 {
                        "today".into()
                    } else {
                        v.on.to_string()
                    },
                )
                .required(),
                choice(F::Kind, "Kind", v.kind),
                intent_field(&v),
                pick(
                    F::Theirs,
                    "Their side",
                    &l.stakeholders,
                    true,
                    v.theirs.join(", "),
                ),
                pick(F::Ours, "Our side", &l.people, true, v.ours.join(", ")),
                notes(F::Notes, "Notes", &v.notes),
            ];
            // Feedback comes after the visit, once its experience is complete.
            if v.num != 0 {
                let f = v.feedback.as_ref();
                fields.push(Field::new(
                    F::Score,
                    "Feedback score",
                    FieldKind::Number { unit: "/10".into() },
                    f.map_or(String::new(), |f| f.score.to_string()),
                ));
                fields.push(t(F::Words, "In their words", f.map_or("", |f| &f.words)));
                fields.push(past(
                    F::AskedOn,
                    "Feedback on",
                    f.map_or("today".into(), |f| f.on.to_string()),
                ));
            }
            (title, fields)
        }
        Target::NewCommitment { .. } | Target::EditCommitment(_) => {
            let c = match &target {
                Target::EditCommitment(c) => c.clone(),
                _ => blank_commitment(0, me, today),
            };
            let new = c.num == 0;
            let title = if new {
                "New commitment".to_string()
            } else {
                format!("Edit commitment #{}", c.num)
            };
            (
                title,
                vec![
                    t(F::What, "What", &c.what).required(),
                    pick(
                        F::ToWhom,
                        "To whom",
                        &l.stakeholders,
                        false,
                        c.to_whom.clone(),
                    ),
                    pick(F::Owner, "Owner", &l.people, false, c.owner.clone()).required(),
                    past(
                        F::Made,
                        "Made on",
                        if new {
                            "today".into()
                        } else {
                            c.made_on.to_string()
                        },
                    )
                    .required(),
                    date(
                        F::Due,
                        "Due",
                        if new {
                            String::new()
                        } else {
                            c.due_on.to_string()
                        },
                    )
                    .required(),
                    ref_field(F::Visit, "Made in visit", &l.visits, c.visit),
                ],
            )
        }
        Target::NoteSignal { name, rule, on, .. } => (
            format!("{name}: {} on {}", rule.describe(), shown(today, *on)),
            vec![
                notes(F::Note, "What happened", "").required(),
                ref_field(F::Visit, "Led to visit", &l.visits, None),
                ref_field(F::Commitment, "Led to commitment", &l.commitments, None),
            ],
        ),
        Target::Export(scope) => {
            let covers = scope.covers();
            (
                match &scope.account {
                    Some(a) => format!("Export @{}", a.handle),
                    None => "Export".to_string(),
                },
                vec![
                    // The same default as `saydo export`: the file that reads back.
                    Field::new(
                        Id::Format,
                        "Format",
                        FieldKind::Choice(vec![
                            "toml".into(),
                            "csv".into(),
                            "md".into(),
                            "ics".into(),
                        ]),
                        "toml",
                    ),
                    Field::new(
                        Id::Covers,
                        "Covers",
                        FieldKind::Choice(covers.clone()),
                        covers[0].clone(),
                    ),
                    Field::new(Id::Path, "To (file or folder)", FieldKind::Text, ""),
                ],
            )
        }
        Target::Assess { account, scale } => super::assess_form::fields(account, scale, today),
        Target::Checklist {
            account: a,
            prompts,
        } => {
            let fields = prompts
                .iter()
                .zip(ANSWER_LABELS)
                .enumerate()
                .map(|(n, (p, label))| {
                    let now = crate::domain::checklist::checklist(
                        std::slice::from_ref(p),
                        &a.stage,
                        &a.answers,
                    )[0]
                    .1
                    .map_or(String::new(), |x| x.answer.clone());
                    notes(Id::Answer(n), label, &now).with_hint(p.clone())
                })
                .collect();
            (
                format!("@{} in {}: the stage's questions", a.handle, a.stage),
                fields,
            )
        }
        Target::SettleRenewal(a) => {
            let next = a
                .renewal
                .and_then(|r| crate::domain::dates::offset_from("+1y", r).ok())
                .map(|d| d.to_string())
                .unwrap_or_default();
            let due = a.renewal.map_or("no renewal date".into(), |r| {
                format!("due {}", crate::domain::dates::long(r))
            });
            (
                format!("How did @{}'s renewal go? ({due})", a.handle),
                vec![
                    choice(Id::Outcome, "Outcome", crate::domain::Outcome::Renewed).required(),
                    past(Id::SettledOn, "Settled on", "today".into()).required(),
                    date(Id::NextRenewal, "Next renewal", next),
                ],
            )
        }
        Target::MoveStage(a) => {
            let others: Vec<String> = l
                .stages
                .iter()
                .filter(|s| **s != a.stage)
                .cloned()
                .collect();
            let next = l
                .stages
                .iter()
                .position(|s| *s == a.stage)
                .and_then(|i| l.stages.get(i + 1))
                .cloned()
                .or_else(|| others.first().cloned())
                .unwrap_or_default();
            (
                format!("Move @{} from {}", a.handle, a.stage),
                vec![
                    Field::new(F::Stage, "To stage", FieldKind::Choice(others), next).required(),
                    past(F::On, "On", "today".into()).required(),
                ],
            )
        }
    };
    let mut form = Form::new(title, target, fields);
    form.anchors = match &form.target {
        Target::EditAccount(a) | Target::MoveStage(a) | Target::SettleRenewal(a) => {
            Some(a.anchors())
        }
        Target::Checklist { account, .. } | Target::Assess { account, .. } => {
            Some(account.anchors())
        }
        _ => l.anchors.clone(),
    };
    form
}

fn parsed<C: Choice>(form: &RecordForm, id: impl Into<Id>) -> Result<C, Refused> {
    let id = id.into();
    C::parse(&form.text(id)).map_err(|e| (id, e))
}

/// A date the form cannot be without.
fn need_date(form: &RecordForm, id: impl Into<Id>, today: Date) -> Result<Date, Refused> {
    let id = id.into();
    let label = form.field(id).map_or("the date", |f| f.label);
    form.date(id, today)
        .ok_or((id, format!("{} is needed", label.to_lowercase())))
}

/// The change a checked form makes. A refusal names the field at fault.
pub fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    Ok(match &form.target {
        Target::NewPartner | Target::EditPartner(_) => super::partner_form::change(form),
        Target::NewIntroduction { .. } | Target::EditIntroduction(_) => {
            super::intro_form::change(form, today)?
        }
        Target::NewAccount | Target::EditAccount(_) => {
            let mut a = match &form.target {
                Target::EditAccount(a) => a.clone(),
                _ => blank_account("", form.text(F::Stage), today),
            };
            a.name = form.text(F::Name);
            a.handle = match form.text(F::Handle) {
                h if h.is_empty() => slug(&a.name),
                h => h.trim_start_matches('@').to_string(),
            };
            a.owner = Some(form.text(F::Owner)).filter(|o| !o.is_empty());
            a.region = form.text(F::Region);
            a.tags = form
                .text(F::Tags)
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            a.renewal = form.date(F::Renewal, today);
            a.why = form.notes(F::Why);
            let days = |id: Id| {
                form.number(id)
                    .map(|d| d.round().clamp(1.0, 36_500.0) as u32)
            };
            a.pace.visit_every_days = days(Id::VisitEvery);
            a.pace.stage_days = days(Id::StageTakes);
            a.pace.paused_until = form.date(Id::PausedUntil, today);
            a.key_dates = crate::domain::key_dates::parse(&form.text(F::KeyDates), today)
                .map_err(|e| (Id::Of(F::KeyDates), e))?;
            if a.num == 0 {
                Change::AddAccount(a)
            } else {
                Change::EditAccount(a)
            }
        }
        Target::NewStakeholder { .. } | Target::EditStakeholder(_) => {
            let mut s = match &form.target {
                Target::EditStakeholder(s) => s.clone(),
                Target::NewStakeholder { account } => blank_stakeholder(*account),
                _ => unreachable!("matched above"),
            };
            s.name = form.text(F::Name);
            s.role = form.text(F::Role);
            s.layer = match form.field(F::Layer).map(|f| &f.kind) {
                Some(FieldKind::Choice(layers)) => Layer::parse_in(&form.text(F::Layer), layers),
                _ => Layer::parse(&form.text(F::Layer)),
            }
            .map_err(|e| (Id::Of(F::Layer), e))?;
            s.contact = form.text(F::Contact);
            s.notes = form.text(F::Notes);
            s.peers = form.text(Id::Peers).eq_ignore_ascii_case("yes");
            if s.num == 0 {
                Change::AddStakeholder(s)
            } else {
                Change::EditStakeholder(s)
            }
        }
        Target::NewMoment { account } => Change::AddMoment(Moment {
            id: Uuid::nil(),
            num: 0,
            account: *account,
            what: form.text(F::What),
            severity: parsed(form, F::Severity)?,
        }),
        Target::EditMoment(m) => Change::EditMoment(Moment {
            what: form.text(F::What),
            severity: parsed(form, F::Severity)?,
            ..m.clone()
        }),
        Target::NewMetric { .. } | Target::EditMetric(_) => {
            let mut m = match &form.target {
                Target::EditMetric(m) => m.clone(),
                Target::NewMetric { account } => blank_metric(*account),
                _ => unreachable!("matched above"),
            };
            m.name = form.text(F::Name);
            m.words = form.text(F::Words);
            m.kind = parsed(form, F::Kind)?;
            m.unit = form.text(F::Unit);
            m.direction = parsed(form, F::Direction)?;
            m.baseline = match (form.number(F::Baseline), form.date(F::BaselineOn, today)) {
                (Some(value), on) => Some(Baseline {
                    value,
                    on: on.unwrap_or(today),
                }),
                (None, Some(_)) => {
                    return Err((
                        Id::Of(F::Baseline),
                        "a baseline date needs a baseline value; give both or neither".into(),
                    ))
                }
                (None, None) => None,
            };
            m.proxy = form.text(F::Proxy);
            m.target = form.number(F::Target);
            m.target_on = form.date(F::TargetOn, today);
            m.kpi = form.text(F::Kpi);
            m.partner = ref_num(&form.text(F::Partner));
            m.moment = ref_num(&form.text(F::Moment));
            m.definition = crate::domain::Definition {
                intended: form.text(Id::Intended),
                calculation: form.text(Id::Calculation),
                data_source: form.text(Id::DataSource),
                every_days: form
                    .number(F::Every)
                    .map(|d| d.round().clamp(0.0, u32::MAX as f64) as u32),
                measured_by: form.text(Id::MeasuredBy),
            };
            m.voice = crate::domain::Voice {
                by: form.text(Id::SaidBy),
                on: form.date(F::SaidOn, today),
                valued: form.text(Id::Valued).eq_ignore_ascii_case("yes"),
            };
            if m.num == 0 {
                Change::AddMetric(m)
            } else {
                Change::EditMetric(m)
            }
        }
        Target::NewMeasurement { .. } | Target::EditMeasurement(_) => {
            let mut x = match &form.target {
                Target::EditMeasurement(x) => x.clone(),
                Target::NewMeasurement { metric } => blank_measurement(*metric, today),
                _ => unreachable!("matched above"),
            };
            x.on = need_date(form, F::On, today)?;
            x.value = form
                .number(F::Value)
                .ok_or((Id::Of(F::Value), "value is needed".to_string()))?;
            x.source = form.text(F::Source);
            x.note = form.text(F::Note);
            if x.num == 0 {
                Change::AddMeasurement(x)
            } else {
                Change::EditMeasurement(x)
            }
        }
        Target::NewVisit { .. } | Target::EditVisit(_) => {
            let mut v = match &form.target {
                Target::EditVisit(v) => v.clone(),
                Target::NewVisit { account } => blank_visit(*account, "", today),
                _ => unreachable!("matched above"),
            };
            v.on = need_date(form, F::On, today)?;
            v.kind = parsed(form, F::Kind)?;
            v.intent = parsed(form, F::Intent)?;
            v.theirs = form.items(F::Theirs);
            v.ours = form.items(F::Ours);
            v.notes = form.notes(F::Notes);
            if form.field(F::Score).is_some() {
                v.feedback = match form.number(F::Score) {
                    None if form.text(F::Score).is_empty() => None,
                    None => {
                        return Err((
                            Id::Of(F::Score),
                            "a score from 0 to 10, or nothing when none was given".into(),
                        ))
                    }
                    Some(s) if !(0.0..=10.0).contains(&s) || s.fract() != 0.0 => {
                        return Err((Id::Of(F::Score), format!("{s}: a whole score from 0 to 10")))
                    }
                    Some(s) => Some(crate::domain::Feedback {
                        score: s as u8,
                        words: form.text(F::Words),
                        on: form.date(Id::Of(F::AskedOn), today).unwrap_or(today),
                    }),
                };
            }
            if v.num == 0 {
                Change::AddVisit(v)
            } else {
                Change::EditVisit(v)
            }
        }
        Target::NewCommitment { .. } | Target::EditCommitment(_) => {
            let mut c = match &form.target {
                Target::EditCommitment(c) => c.clone(),
                Target::NewCommitment { account } => blank_commitment(*account, "", today),
                _ => unreachable!("matched above"),
            };
            c.what = form.text(F::What);
            c.to_whom = form.text(F::ToWhom);
            c.owner = form.text(F::Owner);
            c.made_on = need_date(form, F::Made, today)?;
            c.due_on = need_date(form, F::Due, today)?;
            c.visit = ref_num(&form.text(F::Visit));
            if c.num == 0 {
                Change::AddCommitment(c)
            } else {
                Change::EditCommitment(c)
            }
        }
        Target::NoteSignal {
            metric, rule, on, ..
        } => Change::NoteSignal(crate::domain::SignalNote {
            id: Uuid::nil(),
            num: 0,
            metric: *metric,
            rule: *rule,
            on: *on,
            note: form.notes(F::Note),
            visit: ref_num(&form.text(F::Visit)),
            commitment: ref_num(&form.text(F::Commitment)),
            acknowledged_on: today,
        }),
        Target::Export(_) => {
            return Err((
                Id::Format,
                "an export writes a file, not a record".to_string(),
            ))
        }
        Target::Assess { account, scale } => {
            super::assess_form::change(form, account, scale, today)?
        }
        Target::Checklist { account, prompts } => {
            let mut a = account.clone();
            for (n, p) in prompts.iter().enumerate() {
                let words = form
                    .field(Id::Answer(n))
                    .map_or(String::new(), |f| f.input.text.clone());
                crate::domain::checklist::set(&mut a.answers, &a.stage.clone(), p, &words, today);
            }
            Change::EditAccount(a)
        }
        Target::SettleRenewal(a) => {
            let mut a = a.clone();
            let outcome: crate::domain::Outcome = parsed(form, Id::Outcome)?;
            let on = need_date(form, Id::SettledOn, today)?;
            let next = form.date(Id::NextRenewal, today);
            if outcome != crate::domain::Outcome::Churned && next.is_some_and(|n| n <= on) {
                return Err((
                    Id::NextRenewal,
                    "the next renewal comes after this one; give a later date, or leave it empty"
                        .into(),
                ));
            }
            a.settle_renewal(outcome, on, next);
            Change::EditAccount(a)
        }
        Target::MoveStage(a) => Change::SetStage {
            account: a.num,
            stage: form.text(F::Stage),
            on: need_date(form, F::On, today)?,
        },
    })
}

/// The form field that shows a record field, so that a refusal from the
/// rules lands beside the input it is about: the field of that name, but
/// for the few a form shows under another.
pub fn field_of(target: &Target, field: RuleField) -> Id {
    use RuleField as F;
    match (target, field) {
        (_, F::StageSince) => Id::Of(F::Stage),
        (Target::SettleRenewal(_), F::Renewals) => Id::SettledOn,
        (_, F::Answers) => Id::Answer(0),
        (_, F::Assessments) => Id::Of(F::On),
        (_, f) => Id::Of(f),
    }
}

/// What to ask about a change before it is saved, though it may be: a
/// measurement far outside every value before it, an account named like
/// another. `None`: nothing to ask.
pub fn question(change: &Change, l: &Lookups) -> Option<String> {
    match change {
        Change::AddMeasurement(m) | Change::EditMeasurement(m) if l.values.len() >= 3 => {
            let lo = l.values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = l.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let span = (hi - lo).max(hi.abs().max(lo.abs()) * 0.1);
            let far = m.value > hi + 3.0 * span || m.value < lo - 3.0 * span;
            far.then(|| {
                format!(
                    "{} is far outside what {} measured before ({}–{}{}): a typo? Enter again saves it as it is",
                    m.value,
                    l.metric,
                    lo,
                    hi,
                    if l.unit.is_empty() { String::new() } else { format!(" {}", l.unit) }
                )
            })
        }
        Change::AddAccount(a) | Change::EditAccount(a) => l
            .account_names
            .iter()
            .find(|(n, h)| n.to_lowercase() == a.name.trim().to_lowercase() && *h != a.handle)
            .map(|(_, h)| {
                format!(
                    "@{h} is named “{}” too: another account of the same name? Enter again saves it as it is",
                    a.name.trim()
                )
            }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 24);

    #[test]
    fn a_commitment_form_makes_the_commitment() {
        let l = Lookups {
            people: vec!["Dana Cole".into()],
            stakeholders: vec!["Dr Lee".into()],
            visits: vec![(3, "Fri 20 Nov on-site".into())],
            ..Default::default()
        };
        let mut f = build(Target::NewCommitment { account: 7 }, &l, "Dana Cole", TODAY);
        f.field_mut(F::What).unwrap().input.set("Send the report");
        f.field_mut(F::Due).unwrap().input.set("fri");
        f.field_mut(F::Visit)
            .unwrap()
            .input
            .set("#3 Fri 20 Nov on-site");
        assert!(f.check_all(TODAY));
        let Change::AddCommitment(c) = change(&f, TODAY).unwrap() else {
            panic!("a commitment")
        };
        assert_eq!(
            (
                c.account,
                c.what.as_str(),
                c.owner.as_str(),
                c.due_on,
                c.made_on,
                c.visit
            ),
            (
                7,
                "Send the report",
                "Dana Cole",
                date(2026, 11, 27),
                TODAY,
                Some(3)
            )
        );
    }

    #[test]
    fn an_invalid_form_keeps_its_text_and_names_the_field() {
        let mut f = build(
            Target::NewCommitment { account: 7 },
            &Lookups::default(),
            "Dana",
            TODAY,
        );
        f.field_mut(F::What).unwrap().input.set("Send the report");
        f.field_mut(F::Due).unwrap().input.set("fryday");
        assert!(!f.check_all(TODAY));
        assert_eq!(f.fields[f.focus].label, "Due");
        assert!(f
            .field(F::Due)
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .starts_with("`fryday`"));
        assert_eq!(f.text(F::What), "Send the report");
        assert_eq!(f.text(F::Due), "fryday");
    }

    #[test]
    fn editing_keeps_what_the_form_does_not_show() {
        let a = Account {
            id: Uuid::now_v7(),
            num: 4,
            name: "Mercy General".into(),
            handle: "mercy".into(),
            owner: Some("Dana Cole".into()),
            region: "North".into(),
            tags: vec!["stroke".into()],
            stage: "Adoption".into(),
            stage_since: date(2026, 1, 1),
            renewal: None,
            why: "Faster treatment".into(),
            archived: false,
            pace: Default::default(),
            key_dates: vec![],
            renewals: vec![],
            answers: vec![],
            assessments: vec![],
        };
        let mut f = build(
            Target::EditAccount(a.clone()),
            &Lookups::default(),
            "Dana",
            TODAY,
        );
        f.field_mut(F::Tags).unwrap().input.set("stroke, teaching");
        let Change::EditAccount(b) = change(&f, TODAY).unwrap() else {
            panic!("an edit")
        };
        assert_eq!(b.tags, vec!["stroke", "teaching"]);
        assert_eq!(
            (b.id, b.stage.as_str(), b.stage_since),
            (a.id, "Adoption", a.stage_since)
        );
    }
}
