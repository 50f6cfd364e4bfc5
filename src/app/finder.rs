//! The finder (Ctrl-P, `:`): a fuzzy jump to any account or screen.

use super::held::Row;
use super::list::ListState;
use super::portfolio::PortfolioView;
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
    Partners,
    Maturity,
    Team,
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
    /// Screens, then archived accounts: few, searched in full. The live
    /// accounts are the portfolio's rows, searched where they are.
    entries: Vec<Entry>,
    /// How many of `entries` are screens.
    screens: usize,
    /// Each entry's folded "label detail" and its folded label's length.
    folded: Vec<(String, usize)>,
    /// The last query and every row it matched, so that a longer query
    /// searches only those.
    row_hits: Option<(String, Vec<u32>)>,
    /// What matches, best first (at most [`SHOWN`]), with the matched
    /// positions in the label.
    pub results: Vec<(Entry, Vec<usize>)>,
    pub list: ListState,
    /// Opened with `:`: a quick-add verb and a space turn it into the bar.
    pub verbs: bool,
}

/// How many results the finder keeps; more would not fit a screen.
const SHOWN: usize = 200;

/// An account as a finder entry: "@handle · archived · owner · tags".
pub fn account_entry(
    num: i64,
    name: &str,
    handle: &str,
    archived: bool,
    owner: Option<&str>,
    tags: &str,
) -> Entry {
    let mut detail = format!("@{handle}");
    if archived {
        detail.push_str(" · archived");
    }
    if let Some(o) = owner {
        detail.push_str(&format!(" · {o}"));
    }
    if !tags.is_empty() {
        detail.push_str(&format!(" · {tags}"));
    }
    Entry {
        label: name.to_string(),
        detail,
        target: Target::Account(num),
    }
}

/// A live account as a finder entry.
fn row_entry(r: &Row) -> Entry {
    let a = &r.account;
    account_entry(a.num, a.name(), a.handle(), false, a.owner(), a.tags())
}

/// Positions within the label only (a match may run on into the detail).
fn in_label(pos: Vec<usize>, label: &str) -> Vec<usize> {
    let n = label.chars().count();
    pos.into_iter().filter(|p| *p < n).collect()
}

impl FinderView {
    /// `screens` then `archived` accounts as entries; `rows` are the live
    /// accounts.
    pub fn new(screens: Vec<Entry>, archived: Vec<Entry>, p: &PortfolioView) -> Self {
        let n = screens.len();
        let entries: Vec<Entry> = screens.into_iter().chain(archived).collect();
        let folded = entries
            .iter()
            .map(|e| {
                (
                    fold(&format!("{} {}", e.label, e.detail)),
                    fold(&e.label).len(),
                )
            })
            .collect();
        let mut f = FinderView {
            query: String::new(),
            entries,
            screens: n,
            folded,
            row_hits: None,
            results: vec![],
            list: ListState::default(),
            verbs: false,
        };
        f.search(p);
        f
    }

    pub fn search(&mut self, p: &PortfolioView) {
        let rows = &p.rows;
        self.list.top();
        let query = self.query.trim().to_string();
        if query.is_empty() {
            self.row_hits = None;
            let (screens, archived) = self.entries.split_at(self.screens);
            self.results = screens
                .iter()
                .cloned()
                .chain(rows.iter().map(row_entry))
                .chain(archived.iter().cloned())
                .take(SHOWN)
                .map(|e| (e, vec![]))
                .collect();
            return;
        }
        // Hits come in the order searched: the last ones, in row order.
        let among: Vec<u32> = match &self.row_hits {
            Some((q, hits)) if query.starts_with(q.as_str()) => hits.clone(),
            _ => (0..rows.len() as u32).collect(),
        };
        use crate::capture::resolve::{best_n_first, score_folded as score};
        // Only the best SHOWN are listed: with that many names matching,
        // the matches beyond the names are never seen and stay unranked.
        let mut row_hits = score(&query, &|i| p.search.get(i as usize), &among, SHOWN);
        let all: Vec<u32> = (0..self.entries.len() as u32).collect();
        let folded = &self.folded;
        let mut entry_hits = score(
            &query,
            &|i| (&folded[i as usize].0, folded[i as usize].1),
            &all,
            usize::MAX,
        );
        let row_order: Vec<u32> = row_hits.iter().map(|h| h.0).collect();
        best_n_first(&mut row_hits, SHOWN);
        best_n_first(&mut entry_hits, SHOWN);
        // Both lists come best first: merge the best of them.
        let mut found: Vec<(crate::capture::resolve::Score, bool, u32)> = row_hits
            .iter()
            .take(SHOWN)
            .map(|(i, s)| (*s, true, *i))
            .chain(entry_hits.iter().take(SHOWN).map(|(i, s)| (*s, false, *i)))
            .collect();
        // Screens before accounts on a tie.
        found.sort_by_key(|(s, is_row, _)| (std::cmp::Reverse(*s), *is_row));
        self.results = found
            .into_iter()
            .take(SHOWN)
            .map(|(_, is_row, i)| {
                let i = i as usize;
                if is_row {
                    (row_entry(&rows[i]), p.name_matches(&query, i))
                } else {
                    let e = self.entries[i].clone();
                    let (text, lead) = &self.folded[i];
                    let pos = crate::capture::resolve::match_positions(&query, text, *lead);
                    let pos = in_label(pos, &e.label);
                    (e, pos)
                }
            })
            .collect();
        self.row_hits = Some((query, row_order));
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.results.get(self.list.selected).map(|(e, _)| e)
    }
}

impl super::list::ListScreen for FinderView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.results.len()
    }
}
