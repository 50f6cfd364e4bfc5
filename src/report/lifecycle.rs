//! Accounts per lifecycle stage: how long they stay (median and longest)
//! and those past the stage's expected duration (config `expected_days`),
//! worked out from the portfolio's rows. The TUI's Lifecycle screen and
//! `saydo lifecycle` both read it.

use super::AccountRow;
use crate::domain::{Account, Stage};
use serde::Serialize;

/// What the lifecycle summary needs of an account, however it is held
/// (the whole record, or the TUI's compact one).
pub trait Staged {
    fn num(&self) -> i64;
    fn stage(&self) -> &str;
    fn handle(&self) -> &str;
}

impl Staged for Account {
    fn num(&self) -> i64 {
        self.num
    }
    fn stage(&self) -> &str {
        &self.stage
    }
    fn handle(&self) -> &str {
        &self.handle
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// The account's index in the rows it was worked out from.
    pub row: usize,
    pub account: i64,
    pub days: i64,
    /// Days beyond the expected duration.
    pub over: i64,
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The summary per configured stage (in their order, then any other stage
/// an account is in), and the overstays, longest over first.
pub fn lifecycle<A: Staged>(
    rows: &[AccountRow<A>],
    scoped: impl Iterator<Item = usize>,
    stages: &[Stage],
) -> (Vec<StageSummary>, Vec<Overstay>) {
    let mut days: Vec<(String, Vec<(i64, usize)>)> = stages
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .collect();
    for i in scoped {
        let r = &rows[i];
        match days.iter_mut().find(|(s, _)| *s == r.account.stage()) {
            Some((_, v)) => v.push((i64::from(r.days_in_stage), i)),
            None => days.push((
                r.account.stage().to_string(),
                vec![(i64::from(r.days_in_stage), i)],
            )),
        }
    }
    let mut summaries = Vec::new();
    let mut overstays = Vec::new();
    for (stage, mut v) in days {
        v.sort_by_key(|(d, i)| (*d, rows[*i].account.num()));
        let only: Vec<i64> = v.iter().map(|(d, _)| *d).collect();
        let expected = stages
            .iter()
            .find(|s| s.name == stage)
            .and_then(|s| s.expected_days);
        let mut past = 0;
        // Against the customer's own pace where one was agreed; a pause at
        // their request is never an overstay.
        for (d, i) in &v {
            let r = &rows[*i];
            let Some(e) = r.stage_days.or(expected).filter(|_| !r.paused) else {
                continue;
            };
            if *d > e as i64 {
                past += 1;
                overstays.push(Overstay {
                    row: *i,
                    account: r.account.num(),
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

/// An account's way through the stages, oldest first: each stage, when it
/// was entered, and its days in it (to today for the current one).
pub fn stage_path(
    spans: &[crate::domain::StageSpan],
    today: crate::domain::Date,
) -> Vec<(String, crate::domain::Date, i64, bool)> {
    let mut path: Vec<_> = spans
        .iter()
        .map(|s| {
            let end = s.left.unwrap_or(today);
            let days = crate::domain::dates::days_between(s.entered, end).max(0);
            (s.stage.clone(), s.entered, days, s.left.is_none())
        })
        .collect();
    path.sort_by_key(|p| p.1);
    path
}

/// "Onboarding 30d → Implementation 176d (now)".
pub fn stage_path_line(spans: &[crate::domain::StageSpan], today: crate::domain::Date) -> String {
    stage_path(spans, today)
        .iter()
        .map(|(stage, _, days, now)| format!("{stage} {days}d{}", if *now { " (now)" } else { "" }))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod path_tests {
    use crate::domain::StageSpan;
    use jiff::civil::date;

    #[test]
    fn the_path_runs_oldest_first_to_today() {
        let spans = vec![
            StageSpan {
                stage: "Implementation".into(),
                entered: date(2026, 7, 1),
                left: None,
            },
            StageSpan {
                stage: "Onboarding".into(),
                entered: date(2026, 6, 1),
                left: Some(date(2026, 7, 1)),
            },
        ];
        assert_eq!(
            super::stage_path_line(&spans, date(2026, 11, 24)),
            "Onboarding 30d → Implementation 146d (now)"
        );
    }
}
