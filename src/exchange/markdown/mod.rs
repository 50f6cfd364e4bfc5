//! Markdown for people: an account brief to prepare a visit or a business
//! review, and a portfolio report.

use crate::domain::dates::{long, relative_words};
use crate::domain::figures::{percent, SayDo, Track};
use crate::domain::{Date, Layer, Status};
use crate::report::{AccountDetail, AccountRow, PersonRow, Review, Totals};
use std::fmt::Write as _;

mod brief;
mod report;
mod review;
pub use brief::account_brief;
pub use report::portfolio_report;
pub use review::business_review;

/// Text for a table cell: pipes and line breaks would break the table.
pub(super) fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn say_do(s: &SayDo) -> String {
    let mut t = percent(s.ratio());
    if s.judged > 0 {
        let _ = write!(t, " ({} of {} kept on time", s.kept_on_time, s.judged);
        if s.renegotiated > 0 {
            let _ = write!(t, "; {} renegotiated", s.renegotiated);
        }
        t.push(')');
    }
    t
}

fn number(v: Option<f64>, unit: &str) -> String {
    crate::domain::figures::with_unit(v, unit)
}

fn visits(n: u32) -> String {
    if n == 1 {
        "1 visit".into()
    } else {
        format!("{n} visits")
    }
}

/// How many accounts the report reviews one by one; past that it says how
/// to narrow it (per director, or a filtered view).
pub const REVIEWED_MAX: usize = 200;

/// Up, down or level: say/do now against the window before.
fn trend(now: &SayDo, before: &SayDo) -> &'static str {
    match (now.ratio(), before.ratio()) {
        (Some(a), Some(b)) if a > b + 0.005 => "▲ up",
        (Some(a), Some(b)) if a + 0.005 < b => "▼ down",
        (Some(_), Some(_)) => "= level",
        _ => "—",
    }
}
