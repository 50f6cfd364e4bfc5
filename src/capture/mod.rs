//! The one-line quick-add grammar, shared by the command line (`saydo add`)
//! and the terminal UI, so both accept the same lines with the same errors.
//!
//! ```text
//! commit @mercy Send the dosing report to:"Dr Lee" due:fri [by:NAME] [made:DATE] [visit:N]
//! visit @mercy onsite proactive QBR with radiology with:"Dr Lee,Ana Ruiz" [us:NAMES] [on:DATE]
//! measure @mercy door-to-needle 42 [on:DATE] [source:TEXT] [note:TEXT]
//! done 17 [on:DATE] · broken 17 [reason:TEXT] · drop 17 · renegotiate 17 due:+2w [reason:TEXT]
//! ```

pub mod lexer;
pub mod linear_score;
pub mod notes;
pub mod parse;
mod parts;
mod plan;
pub mod resolve;

pub use parse::{parse, parse_with, Parsed, Typed, Whose};
pub use plan::plan;

use crate::domain::{Account, Date};
use crate::store::{Change, StoreError};
use std::ops::Range;

/// What was wrong with a line: the message names the token and what would
/// be accepted; `span` is where it is in the line (bytes), for highlighting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CaptureError {
    pub span: Range<usize>,
    pub message: String,
}

impl CaptureError {
    pub fn new(span: Range<usize>, message: String) -> Self {
        CaptureError { span, message }
    }
}

/// A line ready to save: the change and a one-line preview of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub change: Change,
    pub preview: String,
}

/// Who is typing and what is in view: the defaults for what a line leaves out.
pub struct Context<'a> {
    pub today: Date,
    /// The person on our side who is typing (`by:` and `us:` default to them).
    pub me: &'a str,
    /// The account in view, used when the line names none.
    pub account: Option<&'a Account>,
    /// The visit whose commitments are being logged: a commitment line
    /// without `visit:` is made in it.
    pub visit: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Line(#[from] CaptureError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
