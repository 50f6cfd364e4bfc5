//! The signals inbox: every XmR signal on every customer metric whose last
//! point is recent, newest first, until someone writes a note on it (what
//! happened, the visit or commitment it led to), which acknowledges it.

use super::list::ListState;
use crate::domain::dates::days_between;
use crate::domain::digest::Digest;
use crate::domain::xmr::{self, Rule};
use crate::domain::{Date, SignalNote};
use std::collections::HashSet;

/// How far back the inbox looks: signals whose last point is older are
/// history, shown on the metric's chart.
pub const HORIZON_DAYS: i64 = 180;

/// A signal in the inbox: numbers only, since a big book has many; the
/// metric's name and unit are read for those on screen (see `Labels`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalItem {
    pub account: i64,
    pub metric: i64,
    pub rule: Rule,
    /// The date of the signal's last point, and its value.
    pub on: Date,
    pub value: f64,
    /// Above or below the central line.
    pub side: xmr::Side,
    /// Whether that side is the better one for the metric's direction (an
    /// improvement) or not (a deterioration).
    pub better: bool,
}

impl SignalItem {
    /// "above · an improvement", "below · a deterioration".
    pub fn reading(&self) -> String {
        let side = match self.side {
            xmr::Side::Above => "above",
            xmr::Side::Below => "below",
        };
        let how = if self.better {
            "an improvement"
        } else {
            "a deterioration"
        };
        format!("{side} · {how}")
    }
}

/// The recent signals of one account's metrics (no I/O).
pub fn items_for(account: i64, d: &Digest, today: Date) -> Vec<SignalItem> {
    let mut out = Vec::new();
    for m in &d.metrics {
        for s in m
            .chart
            .iter()
            .filter(|s| days_between(s.on, today) <= HORIZON_DAYS)
        {
            out.push(SignalItem {
                account,
                metric: m.num,
                rule: s.rule,
                on: s.on,
                value: s.value,
                side: s.side,
                better: s.better,
            });
        }
    }
    out
}

/// Newest first, then by account and metric.
pub fn sort(items: &mut [SignalItem]) {
    items.sort_unstable_by(|a, b| {
        b.on.cmp(&a.on)
            .then(a.account.cmp(&b.account))
            .then(a.metric.cmp(&b.metric))
            .then(a.rule.word().cmp(b.rule.word()))
    });
}

#[derive(Debug, Clone, Default)]
pub struct SignalsView {
    /// Every recent signal, newest first.
    pub all: Vec<SignalItem>,
    /// The signals with a note: (metric, rule, date of last point).
    pub noted: HashSet<(i64, Rule, Date)>,
    /// The notes' words, by signal, for the acknowledged list.
    pub notes: std::collections::HashMap<(i64, Rule, Date), String>,
    /// Showing the acknowledged signals (with their notes) instead of
    /// those waiting for one.
    pub acknowledged: bool,
    /// Those shown: in scope and without a note (indices into `all`).
    pub shown: Vec<u32>,
    pub list: ListState,
    pub mine_only: bool,
}

impl SignalsView {
    pub fn set(&mut self, mut all: Vec<SignalItem>) {
        sort(&mut all);
        self.all = all;
    }

    pub fn set_notes(&mut self, notes: &[SignalNote]) {
        self.noted = notes.iter().map(|n| (n.metric, n.rule, n.on)).collect();
        self.notes = notes
            .iter()
            .map(|n| ((n.metric, n.rule, n.on), n.note.clone()))
            .collect();
    }

    /// The note on a signal, if it has one.
    pub fn note(&self, s: &SignalItem) -> Option<&str> {
        self.notes
            .get(&(s.metric, s.rule, s.on))
            .map(String::as_str)
    }

    /// Replaces one account's signals (after a write to it).
    pub fn replace_account(&mut self, account: i64, items: Vec<SignalItem>) {
        self.all.retain(|i| i.account != account);
        self.all.extend(items);
        sort(&mut self.all);
    }

    pub fn scope(&mut self, mine: &HashSet<i64>) {
        let mine_only = self.mine_only;
        self.shown = self
            .all
            .iter()
            .enumerate()
            .filter(|(_, i)| self.noted.contains(&(i.metric, i.rule, i.on)) == self.acknowledged)
            .filter(|(_, i)| !mine_only || mine.contains(&i.account))
            .map(|(n, _)| n as u32)
            .collect();
        self.list.clamp(self.shown.len());
    }

    pub fn selected(&self) -> Option<&SignalItem> {
        self.shown
            .get(self.list.selected)
            .and_then(|n| self.all.get(*n as usize))
    }
}

impl super::list::ListScreen for SignalsView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.shown.len()
    }
    fn opens(&self) -> super::list::Opens {
        self.selected().map_or(super::list::Opens::Nothing, |s| {
            super::list::Opens::Metric {
                account: s.account,
                metric: s.metric,
            }
        })
    }
}
