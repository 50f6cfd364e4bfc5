//! Reading the TOML exchange format back: record by record from the file
//! (a large book never sits in memory), every record checked, all of it in
//! one transaction that is rolled back if any record is wrong — so a file
//! imports whole or not at all, and every problem is reported with its
//! line and column.

use crate::domain::{
    Account, Baseline, Choice, Commitment, Date, Direction, Intent, Layer, Measurement, Metric,
    MetricKind, Moment, Partner, Person, Renegotiation, Severity, StageSpan, Stakeholder, Status,
    Visit, VisitKind,
};
use crate::rules::records;
use crate::store::{Kind, Sink, Store, StoreError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use uuid::Uuid;

/// Something wrong in the file, where it is (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Records added, by kind word.
    pub added: BTreeMap<&'static str, usize>,
    /// Records already in the database (same id), left as they were.
    pub existing: BTreeMap<&'static str, usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is wrong; nothing was imported.
    #[error("{} problem(s)", .total)]
    Problems { shown: Vec<Problem>, total: usize },
    #[error("{0}")]
    Read(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// At most this many problems are listed; the rest are counted.
const SHOWN: usize = 50;

type Toml = toml::value::Datetime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Preamble {
    saydo: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnd {
    records: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    id: String,
    name: String,
    #[serde(default)]
    function: String,
    owner: Option<String>,
    #[serde(default)]
    kpis: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    id: String,
    handle: String,
    name: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    tags: Vec<String>,
    stage: String,
    stage_since: Toml,
    renewal: Option<Toml>,
    #[serde(default)]
    why: String,
    #[serde(default)]
    archived: bool,
    visit_every_days: Option<u32>,
    stage_days: Option<u32>,
    paused_until: Option<Toml>,
    /// `key_dates = { golive = 2026-03-02, kickoff = 2026-01-12 }`
    #[serde(default)]
    key_dates: std::collections::BTreeMap<String, Toml>,
    /// `renewals = [{ on = 2025-12-01, outcome = "renewed", due = 2025-12-24 }]`
    #[serde(default)]
    renewals: Vec<RawRenewal>,
    /// `answers = [{ stage = "Adoption", prompt = "…", answer = "…", on = 2026-11-02 }]`
    #[serde(default)]
    answers: Vec<RawAnswer>,
    /// `assessments = [{ dimension = "Common behaviours", level = 3, on = 2026-09-01 }]`
    #[serde(default)]
    assessments: Vec<RawAssessment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssessment {
    dimension: String,
    level: u8,
    on: Toml,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    stage: String,
    prompt: String,
    answer: String,
    on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenewal {
    on: Toml,
    outcome: String,
    due: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    account: String,
    stage: String,
    entered: Toml,
    left: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStakeholder {
    id: String,
    account: String,
    name: String,
    #[serde(default)]
    role: String,
    layer: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    peers: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoment {
    id: String,
    account: String,
    what: String,
    severity: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    id: String,
    account: String,
    name: String,
    #[serde(default)]
    words: String,
    kind: String,
    #[serde(default)]
    unit: String,
    direction: String,
    baseline: Option<f64>,
    baseline_on: Option<Toml>,
    #[serde(default)]
    proxy: String,
    target: Option<f64>,
    target_on: Option<Toml>,
    #[serde(default)]
    kpi: String,
    partner: Option<String>,
    moment: Option<String>,
    #[serde(default)]
    intended: String,
    #[serde(default)]
    calculation: String,
    #[serde(default)]
    data_source: String,
    every_days: Option<i64>,
    #[serde(default)]
    measured_by: String,
    #[serde(default)]
    said_by: String,
    said_on: Option<Toml>,
    #[serde(default)]
    valued: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasurement {
    id: String,
    metric: String,
    on: Toml,
    value: f64,
    #[serde(default)]
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVisit {
    id: String,
    account: String,
    on: Toml,
    kind: String,
    intent: String,
    #[serde(default)]
    ours: Vec<String>,
    #[serde(default)]
    theirs: Vec<String>,
    #[serde(default)]
    notes: String,
    feedback_score: Option<i64>,
    #[serde(default)]
    feedback_words: String,
    feedback_on: Option<Toml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenegotiation {
    new_due: Toml,
    #[serde(default)]
    reason: String,
    agreed_on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitment {
    id: String,
    account: String,
    what: String,
    #[serde(default)]
    to: String,
    owner: String,
    made: Toml,
    due: Toml,
    visit: Option<String>,
    status: String,
    resolved_on: Option<Toml>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    renegotiations: Vec<RawRenegotiation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignalNote {
    id: String,
    metric: String,
    rule: String,
    on: Toml,
    #[serde(default)]
    note: String,
    visit: Option<String>,
    commitment: Option<String>,
    acknowledged_on: Toml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntroduction {
    id: String,
    account: String,
    from: String,
    to_account: Option<String>,
    to: String,
    metric: Option<String>,
    #[serde(default)]
    why: String,
    status: String,
    on: Toml,
    status_on: Toml,
    #[serde(default)]
    follow_up: String,
}

/// One `[[kind]]` record as it stands in the file.
struct Block {
    kind: String,
    /// The line of its header (1-based).
    line: usize,
    text: String,
}

impl Block {
    /// Where `key = …` is in the block: (line, column of its value).
    fn at(&self, key: &str) -> (usize, usize) {
        for (i, l) in self.text.lines().enumerate() {
            let t = l.trim_start();
            if let Some(rest) = t.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    let col = l.len() - rest.trim_start()[1..].trim_start().len();
                    return (self.line + i, col + 1);
                }
            }
        }
        (self.line, 1)
    }

    fn problem(&self, key: &str, message: String) -> Problem {
        let (line, column) = self.at(key);
        Problem {
            line,
            column,
            message,
        }
    }
}

/// Splits the file into its preamble and records, calling `f` with each;
/// a header inside a multi-line string is not taken for one.
fn read_blocks(
    reader: impl BufRead,
    f: &mut dyn FnMut(Block) -> Result<(), StoreError>,
) -> Result<(), ImportError> {
    let mut current = Block {
        kind: String::new(),
        line: 1,
        text: String::new(),
    };
    let mut in_multiline = false;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| {
            ImportError::Read(if e.kind() == std::io::ErrorKind::InvalidData {
                format!(
                    "{}:1: not UTF-8 text; saydo reads UTF-8 (save the file as UTF-8 and import again)",
                    i + 1
                )
            } else {
                format!("{}: {e}", i + 1)
            })
        })?;
        let t = line.trim();
        if !in_multiline && t.starts_with("[[") && t.ends_with("]]") && !t.starts_with("[[[") {
            let kind = t[2..t.len() - 2].trim().to_string();
            let done = std::mem::replace(
                &mut current,
                Block {
                    kind,
                    line: i + 1,
                    text: String::new(),
                },
            );
            f(done)?;
            // The header's own line stays out of the text but counts.
            current.text.push('\n');
            continue;
        }
        let quotes = line.matches("\"\"\"").count() + line.matches("'''").count();
        if quotes % 2 == 1 {
            in_multiline = !in_multiline;
        }
        current.text.push_str(&line);
        current.text.push('\n');
    }
    f(current)?;
    Ok(())
}

/// A TOML parse error's place in the file.
fn parse_problem(b: &Block, e: &toml::de::Error, what: &str) -> Problem {
    let (line, column) = match e.span() {
        Some(span) => {
            let before = &b.text[..span.start.min(b.text.len())];
            let line = before.matches('\n').count();
            let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            (b.line + line, col + 1)
        }
        None => (b.line, 1),
    };
    Problem {
        line,
        column,
        message: format!("{what}: {}", e.message().trim()),
    }
}

struct Importer<'s> {
    sink: &'s mut dyn Sink,
    /// The stakeholder layers the config names.
    layers: &'s [String],
    /// The highest number of each kind before this import.
    before: BTreeMap<&'static str, i64>,
    problems: Vec<Problem>,
    total: usize,
    done: Imported,
    /// Accounts that were already there: their stage history is too.
    old_accounts: i64,
    /// Records read, and the line of `[[end]]` once it is.
    records: u64,
    end: Option<usize>,
    last_line: usize,
    /// Not a saydo file at all: one message says so.
    foreign: bool,
    /// What happened is dated on or before this day.
    today: Date,
}

impl Importer<'_> {
    /// Whether the record obeys the shared rules; a problem at the field's
    /// key when it does not.
    fn obeys(&mut self, b: &Block, checked: crate::rules::Checked) -> bool {
        match checked {
            Ok(()) => true,
            Err(r) => {
                let key = r.field.map_or(b.kind.as_str(), |f| f.key());
                let p = b.problem(key, format!("{key}: {}", r.message));
                self.report(p);
                false
            }
        }
    }

    fn report(&mut self, p: Problem) {
        self.total += 1;
        if self.problems.len() < SHOWN {
            self.problems.push(p);
        }
    }

    fn date(&mut self, b: &Block, key: &str, v: &Toml) -> Option<Date> {
        let ok = match (&v.date, &v.time, &v.offset) {
            (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
            _ => None,
        };
        if ok.is_none() {
            self.report(b.problem(
                key,
                format!("{key} = {v}: not a date; write it as 2026-12-01"),
            ));
        }
        ok
    }

    fn opt_date(&mut self, b: &Block, key: &str, v: &Option<Toml>) -> Option<Option<Date>> {
        match v {
            None => Some(None),
            Some(v) => self.date(b, key, v).map(Some),
        }
    }

    fn choice<C: Choice>(&mut self, b: &Block, key: &str, v: &str) -> Option<C> {
        match C::parse(v) {
            Ok(c) => Some(c),
            Err(e) => {
                self.report(b.problem(key, format!("{key} = \"{v}\": {e}")));
                None
            }
        }
    }

    fn id(&mut self, b: &Block, v: &str) -> Option<Uuid> {
        match Uuid::parse_str(v) {
            Ok(u) if !u.is_nil() => Some(u),
            _ => {
                self.report(b.problem(
                    "id",
                    format!("id = \"{v}\": not an id; ids look like 019b76da-ac94-7511-a839-0a6721f9d0e1"),
                ));
                None
            }
        }
    }

    /// Whether a record with this id is new (true), already there from
    /// before (false, counted), or a second one in this file (reported).
    fn is_new(&mut self, b: &Block, kind: Kind, id: Uuid) -> Result<bool, StoreError> {
        match self.sink.find(kind, id)? {
            None => Ok(true),
            Some(n) if n <= self.before[kind.word()] => {
                *self.done.existing.entry(kind.word()).or_default() += 1;
                Ok(false)
            }
            Some(_) => {
                self.report(b.problem(
                    "id",
                    format!(
                        "id = \"{id}\": an earlier [[{}]] in this file has the same id; ids must be unique",
                        kind.word()
                    ),
                ));
                Ok(false)
            }
        }
    }

    fn account(&mut self, b: &Block, handle: &str) -> Result<Option<i64>, StoreError> {
        let h = handle.trim_start_matches('@');
        let found = self.sink.account_num(h)?;
        if found.is_none() {
            self.report(b.problem(
                "account",
                format!(
                    "account = \"{handle}\": no account has this handle, here or earlier in the file"
                ),
            ));
        }
        Ok(found)
    }

    fn link(
        &mut self,
        b: &Block,
        key: &str,
        kind: Kind,
        id: &str,
    ) -> Result<Option<i64>, StoreError> {
        let found = match Uuid::parse_str(id) {
            Ok(u) => self.sink.find(kind, u)?,
            Err(_) => None,
        };
        if found.is_none() {
            self.report(b.problem(
                key,
                format!(
                    "{key} = \"{id}\": no [[{}]] has this id, here or earlier in the file",
                    kind.word()
                ),
            ));
        }
        Ok(found)
    }

    /// The partner a metric names (`Some(None)`: none), whose KPIs must
    /// hold the metric's `kpi`; `None` when it is reported as a problem.
    fn partner(
        &mut self,
        b: &Block,
        name: Option<&str>,
        kpi: &str,
    ) -> Result<Option<Option<i64>>, StoreError> {
        let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
            return Ok(Some(None));
        };
        let Some(p) = self.sink.partner_named(name)? else {
            self.report(b.problem(
                "partner",
                format!("partner = \"{name}\": no [[partner]] of that name, here or in the book"),
            ));
            return Ok(None);
        };
        if let Some(why) = crate::domain::partners::kpi_problem(&p, kpi) {
            self.report(b.problem("kpi", format!("kpi: {why}")));
            return Ok(None);
        }
        Ok(Some(Some(p.num)))
    }

    fn added(&mut self, kind: &'static str) {
        *self.done.added.entry(kind).or_default() += 1;
    }

    fn block(&mut self, b: Block) -> Result<(), StoreError> {
        macro_rules! parse {
            ($t:ty) => {
                match toml::from_str::<$t>(&b.text) {
                    Ok(v) => v,
                    Err(e) => {
                        let p = parse_problem(&b, &e, &format!("[[{}]]", b.kind));
                        self.report(p);
                        return Ok(());
                    }
                }
            };
        }
        self.last_line = b.line + b.text.matches('\n').count().saturating_sub(1);
        if let Some(end) = self.end {
            self.report(Problem {
                line: b.line,
                column: 1,
                message: format!(
                    "[[{}]] after [[end]] (line {end}): nothing may follow it",
                    b.kind
                ),
            });
            return Ok(());
        }
        if !matches!(b.kind.as_str(), "" | "end") {
            self.records += 1;
        }
        match b.kind.as_str() {
            "end" => {
                self.end = Some(b.line);
                let r = parse!(RawEnd);
                if r.records != self.records {
                    self.report(b.problem(
                        "records",
                        format!(
                            "records = {}: the file holds {} records; it was changed or cut short",
                            r.records, self.records
                        ),
                    ));
                }
            }
            "" => {
                let p: Preamble = match toml::from_str(&b.text) {
                    Ok(p) => p,
                    Err(e) => {
                        let mut p = parse_problem(&b, &e, "the first lines");
                        if e.message().contains("missing field")
                            || e.message().contains("unknown field")
                        {
                            p.message = "not a saydo file: it should start with `saydo = 1`".into();
                            self.foreign = true;
                        }
                        self.report(p);
                        return Ok(());
                    }
                };
                if p.saydo != super::FORMAT {
                    self.report(b.problem(
                        "saydo",
                        format!(
                            "saydo = {}: this saydo reads format {}",
                            p.saydo,
                            super::FORMAT
                        ),
                    ));
                }
            }
            "person" => {
                let r = parse!(RawPerson);
                let Some(id) = self.id(&b, &r.id) else {
                    return Ok(());
                };
                if r.name.trim().is_empty() {
                    self.report(b.problem("name", "name = \"\": a person needs a name".into()));
                    return Ok(());
                }
                if self.is_new(&b, Kind::Person, id)? {
                    // People are matched by name: one of that name stays.
                    let named = self.sink.person_num(r.name.trim())?;
                    if named.is_some() {
                        *self.done.existing.entry("person").or_default() += 1;
                    } else {
                        self.sink.person(&Person {
                            id,
                            num: 0,
                            name: r.name,
                        })?;
                        self.added("person");
                    }
                }
            }
            "partner" => {
                let r = parse!(RawPartner);
                let Some(id) = self.id(&b, &r.id) else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Partner, id)? {
                    // Partners are matched by name, as people are.
                    if self.sink.partner_named(&r.name)?.is_some() {
                        *self.done.existing.entry("partner").or_default() += 1;
                        return Ok(());
                    }
                    let rec = Partner {
                        id,
                        num: 0,
                        name: r.name,
                        function: r.function,
                        owner: r.owner.filter(|o| !o.trim().is_empty()),
                        kpis: r.kpis,
                    };
                    if !self.obeys(&b, records::partner(&rec)) {
                        return Ok(());
                    }
                    self.sink.partner(&rec)?;
                    self.added("partner");
                }
            }
            "account" => {
                let r = parse!(RawAccount);
                let id = self.id(&b, &r.id);
                let since = self.date(&b, "stage_since", &r.stage_since);
                let renewal = self.opt_date(&b, "renewal", &r.renewal);
                let paused = self.opt_date(&b, "paused_until", &r.paused_until);
                let mut key_dates = Vec::new();
                let mut parts_ok = true;
                for (name, v) in &r.key_dates {
                    match self.date(&b, "key_dates", v) {
                        Some(on) => key_dates.push(crate::domain::key_dates::KeyDate {
                            name: name.clone(),
                            on,
                        }),
                        None => parts_ok = false,
                    }
                }
                key_dates.sort_by_key(|k| k.on);
                let mut renewals = Vec::new();
                for x in &r.renewals {
                    let on = self.date(&b, "renewals", &x.on);
                    let due = self.opt_date(&b, "renewals", &x.due);
                    let outcome = self.choice::<crate::domain::Outcome>(&b, "renewals", &x.outcome);
                    match (on, due, outcome) {
                        (Some(on), Some(due), Some(outcome)) => {
                            renewals.push(crate::domain::Renewal { on, outcome, due })
                        }
                        _ => parts_ok = false,
                    }
                }
                renewals.sort_by_key(|x| x.on);
                let mut answers = Vec::new();
                for x in r.answers {
                    match self.date(&b, "answers", &x.on) {
                        Some(on) => answers.push(crate::domain::checklist::Answer {
                            stage: x.stage,
                            prompt: x.prompt,
                            answer: x.answer,
                            on,
                        }),
                        None => parts_ok = false,
                    }
                }
                let mut assessments = Vec::new();
                for x in r.assessments {
                    match self.date(&b, "assessments", &x.on) {
                        Some(on) => assessments.push(crate::domain::maturity::Assessment {
                            dimension: x.dimension,
                            level: x.level,
                            on,
                            note: x.note,
                        }),
                        None => parts_ok = false,
                    }
                }
                assessments.sort_by_key(|x| x.on);
                let a = Account {
                    id: id.unwrap_or(Uuid::nil()),
                    num: 0,
                    name: r.name,
                    handle: r.handle.trim_start_matches('@').to_string(),
                    owner: Some(r.owner).filter(|o| !o.trim().is_empty()),
                    region: r.region,
                    tags: r.tags,
                    stage: r.stage,
                    stage_since: since.unwrap_or(Date::constant(2000, 1, 1)),
                    renewal: renewal.flatten(),
                    why: r.why,
                    archived: r.archived,
                    pace: crate::domain::Pace {
                        visit_every_days: r.visit_every_days,
                        stage_days: r.stage_days,
                        paused_until: paused.flatten(),
                    },
                    key_dates,
                    renewals,
                    answers,
                    assessments,
                };
                if !self.obeys(&b, records::account(&a, self.today)) || !parts_ok {
                    return Ok(());
                }
                let (Some(id), Some(_), Some(_), Some(_)) = (id, since, renewal, paused) else {
                    return Ok(());
                };
                if !self.is_new(&b, Kind::Account, id)? {
                    return Ok(());
                }
                if let Some(n) = self.sink.account_num(&a.handle)? {
                    let whose = if n <= self.before["account"] {
                        "an account already in the database"
                    } else {
                        "an earlier account in this file"
                    };
                    self.report(b.problem(
                        "handle",
                        format!("handle = \"{}\": {whose} has this handle", a.handle),
                    ));
                    return Ok(());
                }
                self.sink.account(&a)?;
                self.added("account");
            }
            "stage_span" => {
                let r = parse!(RawSpan);
                let entered = self.date(&b, "entered", &r.entered);
                let left = self.opt_date(&b, "left", &r.left);
                let Some(account) = self.account(&b, &r.account)? else {
                    return Ok(());
                };
                let (Some(entered), Some(left)) = (entered, left) else {
                    return Ok(());
                };
                if left.is_some_and(|l| l < entered) {
                    self.report(b.problem(
                        "left",
                        "left is before entered; a stage is left on or after it is entered".into(),
                    ));
                    return Ok(());
                }
                // The stage history comes with its account, never twice.
                if account <= self.old_accounts {
                    *self.done.existing.entry("stage_span").or_default() += 1;
                    return Ok(());
                }
                self.sink.stage_span(
                    account,
                    &StageSpan {
                        stage: r.stage,
                        entered,
                        left,
                    },
                )?;
                self.added("stage_span");
            }
            "stakeholder" => {
                let r = parse!(RawStakeholder);
                let id = self.id(&b, &r.id);
                let layer = match Layer::parse_in(&r.layer, self.layers) {
                    Ok(l) => Some(l),
                    Err(e) => {
                        self.report(b.problem("layer", format!("layer = \"{}\": {e}", r.layer)));
                        None
                    }
                };
                let account = self.account(&b, &r.account)?;
                let (Some(id), Some(layer), Some(account)) = (id, layer, account) else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Stakeholder, id)? {
                    let rec = Stakeholder {
                        id,
                        num: 0,
                        account,
                        name: r.name,
                        role: r.role,
                        layer,
                        contact: r.contact,
                        notes: r.notes,
                        peers: r.peers,
                    };
                    if !self.obeys(&b, records::stakeholder(&rec)) {
                        return Ok(());
                    }
                    self.sink.stakeholder(&rec)?;
                    self.added("stakeholder");
                }
            }
            "moment" => {
                let r = parse!(RawMoment);
                let id = self.id(&b, &r.id);
                let severity = self.choice::<Severity>(&b, "severity", &r.severity);
                let account = self.account(&b, &r.account)?;
                let (Some(id), Some(severity), Some(account)) = (id, severity, account) else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Moment, id)? {
                    let rec = Moment {
                        id,
                        num: 0,
                        account,
                        what: r.what,
                        severity,
                    };
                    if !self.obeys(&b, records::moment(&rec)) {
                        return Ok(());
                    }
                    self.sink.moment(&rec)?;
                    self.added("moment");
                }
            }
            "metric" => {
                let r = parse!(RawMetric);
                let id = self.id(&b, &r.id);
                let kind = self.choice::<MetricKind>(&b, "kind", &r.kind);
                let direction = self.choice::<Direction>(&b, "direction", &r.direction);
                let baseline_on = self.opt_date(&b, "baseline_on", &r.baseline_on);
                let target_on = self.opt_date(&b, "target_on", &r.target_on);
                let said_on = self.opt_date(&b, "said_on", &r.said_on);
                let account = self.account(&b, &r.account)?;
                let moment = match &r.moment {
                    Some(m) => self.link(&b, "moment", Kind::Moment, m)?.map(Some),
                    None => Some(None),
                };
                let partner = self.partner(&b, r.partner.as_deref(), &r.kpi)?;
                let baseline = match (r.baseline, baseline_on.flatten()) {
                    (Some(value), Some(on)) => Some(Some(Baseline { value, on })),
                    (None, None) => Some(None),
                    _ => {
                        self.report(b.problem(
                            "baseline",
                            "baseline and baseline_on go together: give both or neither".into(),
                        ));
                        None
                    }
                };
                let (
                    Some(id),
                    Some(kind),
                    Some(direction),
                    Some(target_on),
                    Some(account),
                    Some(moment),
                    Some(baseline),
                    Some(said_on),
                    Some(partner),
                ) = (
                    id, kind, direction, target_on, account, moment, baseline, said_on, partner,
                )
                else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Metric, id)? {
                    let rec = Metric {
                        id,
                        num: 0,
                        account,
                        name: r.name,
                        words: r.words,
                        kind,
                        unit: r.unit,
                        direction,
                        baseline,
                        proxy: r.proxy,
                        target: r.target,
                        target_on,
                        kpi: r.kpi,
                        moment,
                        definition: crate::domain::Definition {
                            intended: r.intended,
                            calculation: r.calculation,
                            data_source: r.data_source,
                            // Out of range stays out of range, for the rules to name.
                            every_days: r.every_days.map(|d| d.clamp(0, u32::MAX as i64) as u32),
                            measured_by: r.measured_by,
                        },
                        voice: crate::domain::Voice {
                            by: r.said_by,
                            on: said_on,
                            valued: r.valued,
                        },
                        partner,
                    };
                    if !self.obeys(&b, records::metric(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.metric(&rec)?;
                    self.added("metric");
                }
            }
            "measurement" => {
                let r = parse!(RawMeasurement);
                let id = self.id(&b, &r.id);
                let on = self.date(&b, "on", &r.on);
                let metric = self.link(&b, "metric", Kind::Metric, &r.metric)?;
                let (Some(id), Some(on), Some(metric)) = (id, on, metric) else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Measurement, id)? {
                    let rec = Measurement {
                        id,
                        num: 0,
                        metric,
                        on,
                        value: r.value,
                        source: r.source,
                        note: r.note,
                    };
                    if !self.obeys(&b, records::measurement(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.measurement(&rec)?;
                    self.added("measurement");
                }
            }
            "visit" => {
                let r = parse!(RawVisit);
                let id = self.id(&b, &r.id);
                let on = self.date(&b, "on", &r.on);
                let kind = self.choice::<VisitKind>(&b, "kind", &r.kind);
                let intent = self.choice::<Intent>(&b, "intent", &r.intent);
                let account = self.account(&b, &r.account)?;
                let feedback_on = self.opt_date(&b, "feedback_on", &r.feedback_on);
                let (
                    Some(id),
                    Some(on),
                    Some(kind),
                    Some(intent),
                    Some(account),
                    Some(feedback_on),
                ) = (id, on, kind, intent, account, feedback_on)
                else {
                    return Ok(());
                };
                let feedback = match (r.feedback_score, feedback_on) {
                    (None, None) => None,
                    (Some(score), Some(on)) => {
                        match u8::try_from(score) {
                            Ok(score) => Some(crate::domain::Feedback {
                                score,
                                words: r.feedback_words,
                                on,
                            }),
                            Err(_) => {
                                self.report(b.problem(
                                "feedback_score",
                                format!("feedback_score = {score}: feedback scores run from 0 to 10"),
                            ));
                                return Ok(());
                            }
                        }
                    }
                    _ => {
                        self.report(b.problem(
                            "feedback_score",
                            "feedback needs both feedback_score and feedback_on (the day it was given)".into(),
                        ));
                        return Ok(());
                    }
                };
                if self.is_new(&b, Kind::Visit, id)? {
                    let rec = Visit {
                        id,
                        num: 0,
                        account,
                        on,
                        kind,
                        intent,
                        ours: r.ours,
                        theirs: r.theirs,
                        notes: r.notes,
                        feedback,
                    };
                    if !self.obeys(&b, records::visit(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.visit(&rec)?;
                    self.added("visit");
                }
            }
            "commitment" => {
                let r = parse!(RawCommitment);
                let id = self.id(&b, &r.id);
                let made = self.date(&b, "made", &r.made);
                let due = self.date(&b, "due", &r.due);
                let status = self.choice::<Status>(&b, "status", &r.status);
                let resolved_on = self.opt_date(&b, "resolved_on", &r.resolved_on);
                let account = self.account(&b, &r.account)?;
                let visit = match &r.visit {
                    Some(v) => self.link(&b, "visit", Kind::Visit, v)?.map(Some),
                    None => Some(None),
                };
                let mut renegotiations = Some(Vec::new());
                for rn in &r.renegotiations {
                    let new_due = self.date(&b, "renegotiations", &rn.new_due);
                    let agreed_on = self.date(&b, "renegotiations", &rn.agreed_on);
                    match (new_due, agreed_on, renegotiations.as_mut()) {
                        (Some(new_due), Some(agreed_on), Some(list)) => list.push(Renegotiation {
                            new_due,
                            reason: rn.reason.clone(),
                            agreed_on,
                        }),
                        _ => renegotiations = None,
                    }
                }
                let (
                    Some(id),
                    Some(made),
                    Some(due),
                    Some(status),
                    Some(resolved_on),
                    Some(account),
                    Some(visit),
                    Some(renegotiations),
                ) = (
                    id,
                    made,
                    due,
                    status,
                    resolved_on,
                    account,
                    visit,
                    renegotiations,
                )
                else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Commitment, id)? {
                    let rec = Commitment {
                        id,
                        num: 0,
                        account,
                        what: r.what,
                        to_whom: r.to,
                        owner: r.owner,
                        made_on: made,
                        due_on: due,
                        visit,
                        status,
                        resolved_on,
                        reason: r.reason,
                        renegotiations,
                    };
                    if !self.obeys(&b, records::commitment(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.commitment(&rec)?;
                    self.added("commitment");
                }
            }
            "signal_note" => {
                let r = parse!(RawSignalNote);
                let id = self.id(&b, &r.id);
                let on = self.date(&b, "on", &r.on);
                let acknowledged_on = self.date(&b, "acknowledged_on", &r.acknowledged_on);
                let rule = match crate::domain::xmr::Rule::from_word(&r.rule) {
                    Ok(rule) => Some(rule),
                    Err(e) => {
                        self.report(b.problem("rule", format!("rule = {e}")));
                        None
                    }
                };
                let metric = self.link(&b, "metric", Kind::Metric, &r.metric)?;
                let visit = match &r.visit {
                    Some(v) => self.link(&b, "visit", Kind::Visit, v)?.map(Some),
                    None => Some(None),
                };
                let commitment = match &r.commitment {
                    Some(c) => self.link(&b, "commitment", Kind::Commitment, c)?.map(Some),
                    None => Some(None),
                };
                let (
                    Some(id),
                    Some(on),
                    Some(acknowledged_on),
                    Some(rule),
                    Some(metric),
                    Some(visit),
                    Some(commitment),
                ) = (id, on, acknowledged_on, rule, metric, visit, commitment)
                else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::SignalNote, id)? {
                    let rec = crate::domain::SignalNote {
                        id,
                        num: 0,
                        metric,
                        rule,
                        on,
                        note: r.note,
                        visit,
                        commitment,
                        acknowledged_on,
                    };
                    if !self.obeys(&b, records::signal_note(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.signal_note(&rec)?;
                    self.added("signal_note");
                }
            }
            "introduction" => {
                let r = parse!(RawIntroduction);
                let id = self.id(&b, &r.id);
                let on = self.date(&b, "on", &r.on);
                let status_on = self.date(&b, "status_on", &r.status_on);
                let status = self.choice::<crate::domain::IntroStatus>(&b, "status", &r.status);
                let account = self.account(&b, &r.account)?;
                let metric = match &r.metric {
                    Some(m) => self.link(&b, "metric", Kind::Metric, m)?.map(Some),
                    None => Some(None),
                };
                let (
                    Some(id),
                    Some(on),
                    Some(status_on),
                    Some(status),
                    Some(account),
                    Some(metric),
                ) = (id, on, status_on, status, account, metric)
                else {
                    return Ok(());
                };
                if self.is_new(&b, Kind::Introduction, id)? {
                    let rec = crate::domain::Introduction {
                        id,
                        num: 0,
                        account,
                        from: r.from,
                        to_account: r
                            .to_account
                            .map(|h| h.trim_start_matches('@').to_string())
                            .filter(|h| !h.is_empty()),
                        to: r.to,
                        metric,
                        why: r.why,
                        status,
                        on,
                        status_on,
                        follow_up: r.follow_up,
                    };
                    if !self.obeys(&b, records::introduction(&rec, self.today)) {
                        return Ok(());
                    }
                    self.sink.introduction(&rec)?;
                    self.added("introduction");
                }
            }
            other => {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.word()).collect();
                self.report(Problem {
                    line: b.line,
                    column: 1,
                    message: format!(
                        "[[{other}]]: not a kind of record; one of {}, stage_span",
                        kinds.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Imports `path` into `store`: all of it, or nothing when any record is
/// wrong (every problem is returned, with its line and column).
pub fn import(path: &Path, store: &mut dyn Store, today: Date) -> Result<Imported, ImportError> {
    import_with(path, store, today, &Layer::defaults())
}

/// As [`import`], a stakeholder's layer one of `layers` (the config's).
pub fn import_with(
    path: &Path,
    store: &mut dyn Store,
    today: Date,
    layers: &[String],
) -> Result<Imported, ImportError> {
    let file = std::fs::File::open(path)
        .map_err(|e| ImportError::Read(format!("{}: {e}", path.display())))?;
    let mut outcome: Option<Result<Imported, ImportError>> = None;
    let result = store.bulk(false, &mut |sink| {
        let mut before = BTreeMap::new();
        for k in Kind::ALL {
            before.insert(k.word(), sink.high_water(k)?);
        }
        let old_accounts = before["account"];
        let mut im = Importer {
            sink,
            layers,
            before,
            problems: vec![],
            total: 0,
            done: Imported::default(),
            old_accounts,
            records: 0,
            end: None,
            last_line: 1,
            foreign: false,
            today,
        };
        let reader = std::io::BufReader::new(&file);
        let read = read_blocks(reader, &mut |b| im.block(b)).map_err(|e| match e {
            // The file and line at fault: "book.toml:4:1: not UTF-8 text…".
            ImportError::Read(m) => ImportError::Read(format!("{}:{m}", path.display())),
            other => other,
        });
        if read.is_ok() && im.end.is_none() && !im.foreign {
            let line = im.last_line;
            im.report(Problem {
                line,
                column: 1,
                message: "the file stops before its closing [[end]] record: it was cut short; export it again".into(),
            });
        }
        let (problems, total, done) = (im.problems, im.total, im.done);
        match read {
            Err(ImportError::Store(e)) => return Err(e),
            Err(e) => {
                outcome = Some(Err(e));
                return Err(StoreError::Input(crate::rules::Refusal::new("rolled back")));
            }
            Ok(()) => {}
        }
        if total > 0 {
            outcome = Some(Err(ImportError::Problems {
                shown: problems,
                total,
            }));
            // Rolls the transaction back: nothing of the file stays.
            return Err(StoreError::Input(crate::rules::Refusal::new("rolled back")));
        }
        outcome = Some(Ok(done));
        Ok(())
    });
    match (result, outcome) {
        (Ok(()), Some(done)) => done,
        (Err(_), Some(Err(e))) => Err(e),
        (Err(e), _) => Err(e.into()),
        (Ok(()), None) => Err(ImportError::Read("nothing was read".into())),
    }
}
