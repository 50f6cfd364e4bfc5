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
/// A table read as `$t`, or its problem reported and the table skipped
/// (the caller returns).
macro_rules! parse {
    ($me:ident, $b:ident, $t:ty) => {
        match toml::from_str::<$t>(&$b.text) {
            Ok(v) => v,
            Err(e) => {
                let p = parse_problem(&$b, &e, &format!("[[{}]]", $b.kind));
                $me.report(p);
                return Ok(());
            }
        }
    };
}

mod account;
mod raw;
mod tables;

use crate::rules::records;
use crate::store::{Kind, Sink, Store, StoreError};
use raw::*;
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
            "end" => self.read_end(&b)?,
            "" => self.read_preamble(&b),
            "person" => self.read_person(&b)?,
            "partner" => self.read_partner(&b)?,
            "account" => self.read_account(&b)?,
            "stage_span" => self.read_stage_span(&b)?,
            "stakeholder" => self.read_stakeholder(&b)?,
            "moment" => self.read_moment(&b)?,
            "metric" => self.read_metric(&b)?,
            "measurement" => self.read_measurement(&b)?,
            "visit" => self.read_visit(&b)?,
            "commitment" => self.read_commitment(&b)?,
            "signal_note" => self.read_signal_note(&b)?,
            "introduction" => self.read_introduction(&b)?,
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

    /// `[[end]]`: the count of records, which tells a file cut short.
    fn read_end(&mut self, b: &Block) -> Result<(), StoreError> {
        self.end = Some(b.line);
        let r = parse!(self, b, RawEnd);
        if r.records != self.records {
            self.report(b.problem(
                "records",
                format!(
                    "records = {}: the file holds {} records; it was changed or cut short",
                    r.records, self.records
                ),
            ));
        }
        Ok(())
    }

    /// The first lines: `saydo = 1`, the format this saydo reads.
    fn read_preamble(&mut self, b: &Block) {
        let p: Preamble = match toml::from_str(&b.text) {
            Ok(p) => p,
            Err(e) => {
                let mut p = parse_problem(b, &e, "the first lines");
                if e.message().contains("missing field") || e.message().contains("unknown field") {
                    p.message = "not a saydo file: it should start with `saydo = 1`".into();
                    self.foreign = true;
                }
                self.report(p);
                return;
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
