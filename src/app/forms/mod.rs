//! The form for each kind of record: which fields it has, filled from the
//! record when editing, and the change it makes when submitted.

mod account;
mod account_steps;
mod assess;
mod commitment;
mod export;
mod intro;
mod measurement;
mod metric;
mod moment;
mod partner;
mod signal_note;
mod stakeholder;
mod visit;

pub use visit::visit_so_far;

use super::fields::{Field, FieldId as Id, FieldKind, Form, Refused};
use crate::domain::dates::shown;
use crate::domain::text::slug;
use crate::domain::{
    Account, Baseline, Choice, Commitment, Date, Intent, Layer, Measurement, Metric, Moment,
    Partner, Severity, Stakeholder, Status, Visit, VisitKind,
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
        Target::NewPartner | Target::EditPartner(_) => partner::fields(&target, l),
        Target::NewIntroduction { .. } | Target::EditIntroduction(_) => {
            intro::fields(&target, l, today)
        }
        Target::NewAccount | Target::EditAccount(_) => account::fields(&target, l, me, today),
        Target::NewStakeholder { .. } | Target::EditStakeholder(_) => {
            stakeholder::fields(&target, l)
        }
        Target::NewMoment { .. } | Target::EditMoment(_) => moment::fields(&target),
        Target::NewMetric { .. } | Target::EditMetric(_) => metric::fields(&target, l),
        Target::NewMeasurement { .. } | Target::EditMeasurement(_) => {
            measurement::fields(&target, l, today)
        }
        Target::NewVisit { .. } | Target::EditVisit(_) => visit::fields(&target, l, me, today),
        Target::NewCommitment { .. } | Target::EditCommitment(_) => {
            commitment::fields(&target, l, me, today)
        }
        Target::NoteSignal { name, rule, on, .. } => {
            signal_note::fields(name, *rule, *on, l, today)
        }
        Target::Export(scope) => export::fields(scope),
        Target::Assess { account, scale } => assess::fields(account, scale, today),
        Target::Checklist { account, prompts } => account_steps::checklist_fields(account, prompts),
        Target::SettleRenewal(a) => account_steps::renewal_fields(a),
        Target::MoveStage(a) => account_steps::stage_fields(a, l),
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
    C::parse(&form.text(id)).map_err(|e| (id, e.into()))
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
        Target::NewPartner | Target::EditPartner(_) => partner::change(form),
        Target::NewIntroduction { .. } | Target::EditIntroduction(_) => intro::change(form, today)?,
        Target::NewAccount | Target::EditAccount(_) => account::change(form, today)?,
        Target::NewStakeholder { .. } | Target::EditStakeholder(_) => stakeholder::change(form)?,
        Target::NewMoment { .. } | Target::EditMoment(_) => moment::change(form)?,
        Target::NewMetric { .. } | Target::EditMetric(_) => metric::change(form, today)?,
        Target::NewMeasurement { .. } | Target::EditMeasurement(_) => {
            measurement::change(form, today)?
        }
        Target::NewVisit { .. } | Target::EditVisit(_) => visit::change(form, today)?,
        Target::NewCommitment { .. } | Target::EditCommitment(_) => {
            commitment::change(form, today)?
        }
        Target::NoteSignal {
            metric, rule, on, ..
        } => signal_note::change(form, *metric, *rule, *on, today),
        Target::Export(_) => {
            return Err((
                Id::Format,
                "an export writes a file, not a record".to_string(),
            ))
        }
        Target::Assess { account, scale } => assess::change(form, account, scale, today)?,
        Target::Checklist { account, prompts } => {
            account_steps::checklist_change(form, account, prompts, today)
        }
        Target::SettleRenewal(a) => account_steps::renewal_change(form, a, today)?,
        Target::MoveStage(a) => account_steps::stage_change(form, a, today)?,
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

    #[test]
    fn a_refusal_finds_its_field_by_id_in_every_form_that_shows_it() {
        use RuleField as F;
        let l = Lookups {
            stages: vec!["Onboarding".into(), "Adoption".into()],
            ..Default::default()
        };
        let cases: Vec<(Target, &[F])> = vec![
            (
                Target::NewAccount,
                &[
                    F::Name,
                    F::Handle,
                    F::Owner,
                    F::Stage,
                    F::StageSince,
                    F::Why,
                    F::KeyDates,
                ],
            ),
            (
                Target::NewCommitment { account: 1 },
                &[F::What, F::ToWhom, F::Made, F::Due, F::Visit],
            ),
            (
                Target::NewVisit { account: 1 },
                &[F::On, F::Intent, F::Theirs, F::Notes],
            ),
            (Target::NewMoment { account: 1 }, &[F::What, F::Severity]),
            (
                Target::NewIntroduction { account: 1 },
                &[F::On, F::Status, F::Metric, F::Why],
            ),
        ];
        for (target, fields) in cases {
            let f = build(target.clone(), &l, "Dana", TODAY);
            for field in fields {
                let id = field_of(&target, *field);
                assert!(
                    f.field(id).is_some(),
                    "{target:?}: a refusal of {field:?} has no field to land on"
                );
            }
        }
    }
}
