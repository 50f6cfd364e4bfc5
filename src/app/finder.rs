//! The finder (Ctrl-P, `:`): a fuzzy jump to any account or screen.

use super::list::ListState;
use crate::domain::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Account(i64),
    Portfolio,
    Attention,
    Directors,
    Lifecycle,
    Signals,
    Trends,
    Help,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub detail: String,
    pub target: Target,
}

#[derive(Debug, Clone)]
pub struct FinderView {
    pub query: String,
    pub entries: Vec<Entry>,
    folded: Vec<String>,
    /// Indices into `entries` with matched positions in the label, best first.
    pub results: Vec<(usize, Vec<usize>)>,
    pub list: ListState,
    /// Opened with `:`: a quick-add verb and a space turn it into the bar.
    pub verbs: bool,
}

/// How many results the finder keeps; more would not fit a screen.
const SHOWN: usize = 200;

impl FinderView {
    pub fn new(entries: Vec<Entry>) -> Self {
        let folded = entries
            .iter()
            .map(|e| fold(&format!("{} {}", e.label, e.detail)))
            .collect();
        let mut f = FinderView {
            query: String::new(),
            entries,
            folded,
            results: vec![],
            list: ListState::default(),
            verbs: false,
        };
        f.search();
        f
    }

    pub fn search(&mut self) {
        self.list.top();
        if self.query.trim().is_empty() {
            self.results = (0..self.entries.len().min(SHOWN))
                .map(|i| (i, vec![]))
                .collect();
            return;
        }
        let hits = crate::capture::resolve::rank_folded(&self.query, &self.folded, None);
        self.results = hits
            .into_iter()
            .take(SHOWN)
            .map(|(i, _, pos)| {
                let n = self.entries[i].label.chars().count();
                (i, pos.into_iter().filter(|p| *p < n).collect())
            })
            .collect();
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.results
            .get(self.list.selected)
            .map(|(i, _)| &self.entries[*i])
    }
}
