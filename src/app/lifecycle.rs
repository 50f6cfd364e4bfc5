//! The lifecycle view: accounts per stage, how long they stay (median and
//! longest), and those past the stage's expected duration (config
//! `expected_days`), worked out from the portfolio's rows.

use super::held::Row;
use super::list::ListState;
use crate::domain::Stage;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageSummary {
    pub stage: String,
    pub accounts: u32,
    pub median_days: Option<i64>,
    /// The longest stay: days and the account's handle.
    pub longest: Option<(i64, String)>,
    pub expected_days: Option<u32>,
    pub past_expected: u32,
}

/// An account past its stage's expected duration.
#[derive(Debug, Clone, PartialEq)]
pub struct Overstay {
    /// The account's row in the portfolio (the view is worked out again
    /// whenever the rows change).
    pub row: usize,
    pub account: i64,
    pub days: i64,
    /// Days beyond the expected duration.
    pub over: i64,
}

#[derive(Debug, Clone, Default)]
pub struct LifecycleView {
    pub stages: Vec<StageSummary>,
    /// Longest over first.
    pub overstays: Vec<Overstay>,
    pub list: ListState,
    pub mine_only: bool,
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The summary per configured stage (in their order, then any other stage
/// an account is in), and the overstays.
pub fn lifecycle(
    rows: &[Row],
    scoped: impl Iterator<Item = usize>,
    stages: &[Stage],
) -> (Vec<StageSummary>, Vec<Overstay>) {
    let mut days: Vec<(String, Vec<(i64, usize)>)> = stages
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .collect();
    for i in scoped {
        let r = &rows[i];
        match days.iter_mut().find(|(s, _)| **s == *r.account.stage) {
            Some((_, v)) => v.push((r.days_in_stage, i)),
            None => days.push((r.account.stage.to_string(), vec![(r.days_in_stage, i)])),
        }
    }
    let mut summaries = Vec::new();
    let mut overstays = Vec::new();
    for (stage, mut v) in days {
        v.sort_by_key(|(d, i)| (*d, rows[*i].account.num));
        let only: Vec<i64> = v.iter().map(|(d, _)| *d).collect();
        let expected = stages
            .iter()
            .find(|s| s.name == stage)
            .and_then(|s| s.expected_days);
        let mut past = 0;
        if let Some(e) = expected {
            for (d, i) in v.iter().filter(|(d, _)| *d > e as i64) {
                past += 1;
                overstays.push(Overstay {
                    row: *i,
                    account: rows[*i].account.num,
                    days: *d,
                    over: d - e as i64,
                });
            }
        }
        summaries.push(StageSummary {
            accounts: v.len() as u32,
            median_days: median(&only),
            longest: v
                .last()
                .map(|(d, i)| (*d, rows[*i].account.handle().to_string())),
            expected_days: expected,
            past_expected: past,
            stage,
        });
    }
    let handle = |o: &Overstay| rows[o.row].account.handle();
    overstays.sort_by(|a, b| b.over.cmp(&a.over).then(handle(a).cmp(handle(b))));
    (summaries, overstays)
}

impl LifecycleView {
    pub fn rebuild(&mut self, rows: &[Row], stages: &[Stage], me: &str) {
        let mine = self.mine_only;
        let scoped = (0..rows.len()).filter(|i| !mine || rows[*i].account.owned_by(me));
        let (s, o) = lifecycle(rows, scoped, stages);
        self.stages = s;
        self.overstays = o;
        self.list.clamp(self.overstays.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 5, 9]), Some(5));
        assert_eq!(median(&[1, 5, 9, 11]), Some(7));
    }
}
