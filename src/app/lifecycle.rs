//! The lifecycle view: accounts per stage, how long they stay (median and
//! longest), and those past the stage's expected duration (config
//! `expected_days`), worked out from the portfolio's rows.

use super::list::ListState;
use crate::domain::Stage;
use crate::report::AccountRow;

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
    pub account: i64,
    pub handle: String,
    pub name: String,
    pub owner: Option<String>,
    pub stage: String,
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
pub fn lifecycle<'a>(
    rows: impl Iterator<Item = &'a AccountRow>,
    stages: &[Stage],
) -> (Vec<StageSummary>, Vec<Overstay>) {
    let mut days: Vec<(String, Vec<(i64, &'a AccountRow)>)> = stages
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .collect();
    for r in rows {
        match days.iter_mut().find(|(s, _)| *s == r.account.stage) {
            Some((_, v)) => v.push((r.days_in_stage, r)),
            None => days.push((r.account.stage.clone(), vec![(r.days_in_stage, r)])),
        }
    }
    let mut summaries = Vec::new();
    let mut overstays = Vec::new();
    for (stage, mut v) in days {
        v.sort_by_key(|(d, r)| (*d, r.account.num));
        let only: Vec<i64> = v.iter().map(|(d, _)| *d).collect();
        let expected = stages
            .iter()
            .find(|s| s.name == stage)
            .and_then(|s| s.expected_days);
        let mut past = 0;
        if let Some(e) = expected {
            for (d, r) in v.iter().filter(|(d, _)| *d > e as i64) {
                past += 1;
                overstays.push(Overstay {
                    account: r.account.num,
                    handle: r.account.handle.clone(),
                    name: r.account.name.clone(),
                    owner: r.account.owner.clone(),
                    stage: stage.clone(),
                    days: *d,
                    over: d - e as i64,
                });
            }
        }
        summaries.push(StageSummary {
            accounts: v.len() as u32,
            median_days: median(&only),
            longest: v.last().map(|(d, r)| (*d, r.account.handle.clone())),
            expected_days: expected,
            past_expected: past,
            stage,
        });
    }
    overstays.sort_by(|a, b| b.over.cmp(&a.over).then(a.handle.cmp(&b.handle)));
    (summaries, overstays)
}

impl LifecycleView {
    pub fn rebuild(&mut self, rows: &[AccountRow], stages: &[Stage], me: &str) {
        let mine = self.mine_only;
        let scoped = rows
            .iter()
            .filter(|r| super::in_scope(mine, r.account.owner.as_deref(), me));
        let (s, o) = lifecycle(scoped, stages);
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
