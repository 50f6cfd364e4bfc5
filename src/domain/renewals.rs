//! How an account's renewals went, and retention: the share of the
//! renewals settled in the last year that were kept.

use super::dates::Date;
use super::model::Outcome;
use serde::{Deserialize, Serialize};

/// How a renewal went: the day it was settled, what came of it, and the
/// renewal date it settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    pub on: Date,
    pub outcome: Outcome,
    pub due: Option<Date>,
}

/// Renewals settled over a year: how many stayed (renewed or expanded)
/// and how many left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Retention {
    pub renewed: u32,
    pub expanded: u32,
    pub churned: u32,
}

/// Retention counts the renewals settled in this many days up to today.
pub const RETENTION_DAYS: i64 = 365;

/// The renewals of `list` settled within [`RETENTION_DAYS`] up to `today`.
pub fn retention(list: &[Renewal], today: Date) -> Retention {
    let mut r = Retention::default();
    for x in list {
        if (0..RETENTION_DAYS).contains(&super::dates::days_between(x.on, today)) {
            r.add_outcome(x.outcome);
        }
    }
    r
}

impl Retention {
    pub fn add_outcome(&mut self, o: Outcome) {
        match o {
            Outcome::Renewed => self.renewed += 1,
            Outcome::Expanded => self.expanded += 1,
            Outcome::Churned => self.churned += 1,
        }
    }

    pub fn add(&mut self, other: Retention) {
        self.renewed += other.renewed;
        self.expanded += other.expanded;
        self.churned += other.churned;
    }

    pub fn settled(&self) -> u32 {
        self.renewed + self.expanded + self.churned
    }

    /// The share kept, `None` when nothing was settled.
    pub fn rate(&self) -> Option<f64> {
        let n = self.settled();
        (n > 0).then(|| f64::from(self.renewed + self.expanded) / f64::from(n))
    }

    /// "67% of 3" for a column, or "—" when nothing was settled.
    pub fn short(&self) -> String {
        match self.rate() {
            Some(r) => format!("{:.0}% of {}", r * 100.0, self.settled()),
            None => "—".into(),
        }
    }

    /// "67% (2 of 3 kept, 1 expanded)", or "—" when nothing was settled.
    pub fn describe(&self) -> String {
        match self.rate() {
            None => "—".into(),
            Some(r) => {
                let mut s = format!(
                    "{:.0}% ({} of {} kept",
                    r * 100.0,
                    self.renewed + self.expanded,
                    self.settled()
                );
                if self.expanded > 0 {
                    s.push_str(&format!(", {} expanded", self.expanded));
                }
                s.push(')');
                s
            }
        }
    }
}
