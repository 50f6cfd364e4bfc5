//! The rules every write obeys, wherever it comes from: a form, the
//! quick-add line, the command line, an imported file or (later) a change
//! pulled from the team book. Each store asks [`judge`] before it writes, so
//! a change is judged the same everywhere; the importer and the forms call
//! the record checks in [`records`] directly.
//!
//! Nothing here does I/O: what the rules need to know about the book comes
//! through [`Facts`], and "now" is the `today` passed in.

mod change;
mod field;
mod judge;
pub mod records;
mod register;

pub use change::{Change, Record};
pub use field::Field;
pub use judge::{judge, Verdict};

use crate::domain::{Account, Commitment, Date, Metric, Partner};

/// A change the rules refuse: what was wrong and what would be right, and
/// the field it is about when there is one (so a form can put the message
/// beside that field, and an importer can name the key).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub field: Option<Field>,
    pub message: String,
}

impl Refusal {
    pub fn new(message: impl Into<String>) -> Self {
        Refusal {
            field: None,
            message: message.into(),
        }
    }

    pub fn at(field: Field, message: impl Into<String>) -> Self {
        Refusal {
            field: Some(field),
            message: message.into(),
        }
    }
}

pub type Checked = Result<(), Refusal>;

/// Why [`judge`] did not give a verdict: the rules refused, or the facts
/// could not be read.
#[derive(Debug)]
pub enum Fault<E> {
    Refused(Refusal),
    Facts(E),
}

impl<E> From<Refusal> for Fault<E> {
    fn from(r: Refusal) -> Self {
        Fault::Refused(r)
    }
}

/// What the rules need to know about the book as it stands, read inside
/// the transaction that will write.
pub trait Facts {
    type Error;
    fn account(&self, num: i64) -> Result<Option<Account>, Self::Error>;
    /// Whether someone of this name (any case) is one of the people.
    fn person_named(&self, name: &str) -> Result<bool, Self::Error>;
    /// The number and name of the account holding this handle.
    fn handle_holder(&self, handle: &str) -> Result<Option<(i64, String)>, Self::Error>;
    fn commitment(&self, num: i64) -> Result<Option<Commitment>, Self::Error>;
    fn metric(&self, num: i64) -> Result<Option<Metric>, Self::Error>;
    /// The account a record belongs to (a measurement through its metric).
    fn account_of(&self, record: Record) -> Result<Option<i64>, Self::Error>;
    /// The date of a visit.
    fn visit_on(&self, num: i64) -> Result<Option<Date>, Self::Error>;
    /// The metric a measurement belongs to.
    fn measurement_metric(&self, num: i64) -> Result<Option<i64>, Self::Error>;
    /// Whether the metric has a measurement on `on` other than `except`.
    fn measured_on(&self, metric: i64, on: Date, except: i64) -> Result<bool, Self::Error>;
    /// How many measurements a metric has.
    fn measurement_count(&self, metric: i64) -> Result<usize, Self::Error>;
    fn partner(&self, num: i64) -> Result<Option<Partner>, Self::Error>;
    /// The number of the partner of this name (any case).
    fn partner_named(&self, name: &str) -> Result<Option<i64>, Self::Error>;
    /// The metrics aligned with a partner: number, name, the KPI named.
    fn aligned_metrics(&self, partner: i64) -> Result<Vec<(i64, String, String)>, Self::Error>;
    /// Whether the signal of `rule` ending on `on` already has a note.
    fn signal_noted(
        &self,
        metric: i64,
        rule: crate::domain::xmr::Rule,
        on: Date,
    ) -> Result<bool, Self::Error>;
}

/// A line for people, with the record's number where the store has yet to
/// assign it: "add commitment #42 at @mercy".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    head: String,
    /// Text after the number; `None` when the label has no number in it.
    tail: Option<String>,
}

impl Label {
    pub fn fixed(text: impl Into<String>) -> Self {
        Label {
            head: text.into(),
            tail: None,
        }
    }

    /// `head`, the number, then `tail`.
    pub fn numbered(head: impl Into<String>, tail: impl Into<String>) -> Self {
        Label {
            head: head.into(),
            tail: Some(tail.into()),
        }
    }

    /// The label with `more` after it.
    pub fn and(mut self, more: &str) -> Self {
        match &mut self.tail {
            Some(t) => t.push_str(more),
            None => self.head.push_str(more),
        }
        self
    }

    pub fn text(&self, num: i64) -> String {
        match &self.tail {
            None => self.head.clone(),
            Some(t) => format!("{}{num}{t}", self.head),
        }
    }
}
