//! Trends: say/do, proactive share and visits per month over the last
//! twelve, for the whole portfolio and each director, added up while the
//! portfolio loads and kept up to date on each write (the account's old
//! months taken away, its new ones added).

use super::list::ListState;
use crate::domain::figures::{Month, TREND_MONTHS};
use crate::domain::Date;
use std::collections::BTreeMap;

pub type Months = [Month; TREND_MONTHS];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trends {
    /// The first day of each month, oldest first.
    pub months: Vec<Date>,
    pub total: Months,
    pub by_owner: BTreeMap<String, Months>,
}

impl Trends {
    pub fn new(today: Date) -> Trends {
        Trends {
            months: crate::domain::figures::trend_months(today),
            ..Default::default()
        }
    }

    /// Adds one account's months (or with `remove`, takes them away).
    pub fn add(&mut self, owner: Option<&str>, m: &Months, remove: bool) {
        let owner = owner.unwrap_or("(no owner)");
        let mine = self
            .by_owner
            .entry(owner.to_string())
            .or_insert([Month::default(); TREND_MONTHS]);
        for i in 0..TREND_MONTHS {
            self.total[i].merge(&m[i], remove);
            mine[i].merge(&m[i], remove);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TrendsView {
    pub trends: Trends,
    /// Rows: the whole portfolio, then each director.
    pub list: ListState,
    /// The month whose figures follow the bars, counted back from the
    /// current one (0: this month).
    pub back: usize,
}

impl TrendsView {
    /// The month whose figures are shown: its index in `trends.months`.
    pub fn month(&self) -> usize {
        let n = self.trends.months.len();
        n.saturating_sub(1 + self.back.min(n.saturating_sub(1)))
    }

    /// One month earlier (`true`) or later.
    pub fn step(&mut self, earlier: bool) {
        let most = self.trends.months.len().saturating_sub(1);
        self.back = if earlier {
            (self.back + 1).min(most)
        } else {
            self.back.saturating_sub(1)
        };
    }

    /// The rows shown: a label and its months.
    pub fn rows(&self) -> Vec<(String, &Months)> {
        let mut out = vec![("All accounts".to_string(), &self.trends.total)];
        out.extend(self.trends.by_owner.iter().map(|(k, v)| (k.clone(), v)));
        out
    }
}

impl super::list::ListScreen for TrendsView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.rows().len()
    }
    // A director's row lists their accounts; the first row is everyone's.
    fn opens(&self) -> super::list::Opens {
        match self.list.selected {
            0 => super::list::Opens::Everyone,
            i => self
                .rows()
                .get(i)
                .map_or(super::list::Opens::Everyone, |(name, _)| {
                    super::list::Opens::AccountsOf(name.clone())
                }),
        }
    }
}
