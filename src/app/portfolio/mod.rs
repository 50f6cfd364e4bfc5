//! The portfolio: every account in scope with its figures, filtered,
//! sorted and grouped. The visible lines are worked out when something
//! changes, never while drawing.

use super::held::{Names, Row, SearchTexts};
use super::list::ListState;
use crate::capture::resolve::{Score, UNRANKED};
use crate::domain::figures::{SayDo, VisitMix};

mod columns;
mod order;
use columns::SortKey;
pub use columns::{columns_for, Column, Grouping, TagGroups};
use order::{by_number, by_text};

/// Figures added up over a group or the whole scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subtotal {
    pub accounts: u32,
    pub say_do: SayDo,
    pub overdue: u32,
    pub unvisited: u32,
    pub open: u32,
    pub visits: VisitMix,
}

impl Subtotal {
    fn add(&mut self, r: &Row, unvisited_days: u32) {
        self.accounts += 1;
        self.say_do.add(r.say_do);
        self.overdue += r.overdue;
        self.open += r.open;
        self.visits.add(r.visits);
        if r.unvisited(unvisited_days) {
            self.unvisited += 1;
        }
    }
}

/// The totals of the rows marked in `shown` (one bit per row index),
/// added up in row order: reading the rows front to back is several times
/// quicker than in the order shown.
fn totals_of(rows: &[Row], shown: &[u64], unvisited_days: u32) -> Subtotal {
    let mut totals = Subtotal::default();
    for (w, &bits) in shown.iter().enumerate() {
        let mut b = bits;
        while b != 0 {
            totals.add(&rows[w * 64 + b.trailing_zeros() as usize], unvisited_days);
            b &= b - 1;
        }
    }
    totals
}

/// A group's header line: its label and its accounts' figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub totals: Subtotal,
}

/// A line of the table. Small, since a big book has one per account.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Group(Box<Group>),
    /// A row by index into `rows`.
    Row {
        index: usize,
    },
}

/// With at least this many names matching a filter, the hits beyond the
/// names are ranked only when the cursor gets near them.
const RANK_ALL_UNDER: usize = 1_000;

/// A filter as typed, the scope it searched (see `scope_key`), and its
/// hits: (row index, score), in row order.
type Step = (String, String, Vec<(u32, Score)>);

#[derive(Debug, Clone)]
pub struct PortfolioView {
    /// In account number order, so an account is found by bisection.
    pub rows: Vec<Row>,
    pub mine_only: bool,
    /// One director's accounts only (from the directors view), over
    /// `mine_only`.
    pub owner: Option<String>,
    pub sort: Column,
    pub descending: bool,
    pub group: Grouping,
    /// The config's tag groups, which the portfolio can group by.
    pub tag_groups: TagGroups,
    /// Connect: each account's introductions still on their way.
    pub connect_open: std::collections::HashMap<i64, u32>,
    /// Those of `connect_open` on the accounts in `lines`.
    connect_shown: u32,
    pub filter: String,
    pub filtering: bool,
    pub lines: Vec<Line>,
    pub totals: Subtotal,
    pub list: ListState,
    /// What the filter searches, per row.
    pub search: SearchTexts,
    /// Each row's place in name order, so sorting by name compares numbers.
    name_rank: Vec<u32>,
    /// The rows in scope (with the scope's key), kept while neither the
    /// rows nor the scope change: typing a filter does not redo it.
    in_scope: Option<(String, Vec<u32>)>,
    /// One copy of each owner, stage and region name for rows put in
    /// after a write.
    names: Names,
    /// Each filter typed on the way to the current one, with its scope and
    /// hits: a longer filter searches only the last hits, and Backspace
    /// goes back to hits already worked out.
    trail: Vec<Step>,
}

impl PortfolioView {
    /// The open introductions on the accounts the portfolio shows.
    pub fn connect_count(&self) -> u32 {
        self.connect_shown
    }

    /// The open introductions on the rows marked in `shown` (one bit per
    /// row index). The introductions are few and the rows many: each
    /// introduction's row is looked up, never each row's introductions.
    fn connect_on(&self, shown: &[u64]) -> u32 {
        self.connect_open
            .iter()
            .filter_map(|(num, n)| {
                let i = self.position(*num).ok()?;
                (shown.get(i / 64)? >> (i % 64) & 1 == 1).then_some(*n)
            })
            .sum()
    }

    pub fn new(rows: Vec<Row>, mine_only: bool) -> Self {
        let mut v = PortfolioView {
            rows: vec![],
            mine_only,
            owner: None,
            sort: Column::Name,
            descending: false,
            group: Grouping::None,
            tag_groups: Vec::new(),
            connect_open: Default::default(),
            connect_shown: 0,
            filter: String::new(),
            filtering: false,
            lines: vec![],
            totals: Subtotal::default(),
            list: ListState::default(),
            search: SearchTexts::default(),
            name_rank: vec![],
            in_scope: None,
            names: Names::default(),
            trail: vec![],
        };
        v.set_rows(rows);
        v
    }

    pub fn set_rows(&mut self, mut rows: Vec<Row>) {
        rows.sort_unstable_by_key(|r| r.account.num);
        self.rows = rows;
        self.changed();
    }

    /// A full account row as the portfolio holds it.
    pub fn hold(&mut self, row: crate::report::AccountRow) -> Row {
        super::held::hold(row, &mut self.names)
    }

    /// Where account `num` is in `rows`.
    pub fn position(&self, num: i64) -> Result<usize, usize> {
        self.rows.binary_search_by_key(&num, |r| r.account.num)
    }

    /// Account `num`'s handle ("?" when it is not in the book).
    pub fn handle(&self, num: i64) -> &str {
        self.row(num).map_or("?", |r| r.account.handle())
    }

    /// Account `num`'s row.
    pub fn row(&self, num: i64) -> Option<&Row> {
        self.position(num).ok().map(|i| &self.rows[i])
    }

    /// What is worked out from the rows is stale.
    fn changed(&mut self) {
        self.search = SearchTexts::of(&self.rows);
        self.rank_names();
        self.trail.clear();
        self.in_scope = None;
    }

    fn rank_names(&mut self) {
        let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
        let search = &self.search;
        // Rows are in number order, so equal names keep it (stable sort).
        order.sort_by(|&i, &j| search.get(i as usize).0.cmp(search.get(j as usize).0));
        self.name_rank = vec![0; order.len()];
        for (rank, i) in order.into_iter().enumerate() {
            self.name_rank[i as usize] = rank as u32;
        }
    }

    /// Puts one account's new row in place (or adds it, or with `None`
    /// takes it out).
    pub fn replace_row(&mut self, num: i64, row: Option<Row>) {
        match (self.position(num), row) {
            (Ok(i), None) => {
                self.rows.remove(i);
            }
            (Ok(i), Some(row)) => {
                let renamed = row.account.search_text() != self.search.get(i).0;
                self.rows[i] = row;
                if !renamed {
                    // Texts, name order, scope and filter hits all follow
                    // from the search text (the owner is in it): all hold.
                    return;
                }
            }
            (Err(i), Some(row)) => self.rows.insert(i, row),
            (Err(_), None) => return,
        }
        self.changed();
    }

    /// The accounts the portfolio shows, when a filter narrows it.
    pub fn filtered_accounts(&self) -> Option<(String, Vec<i64>)> {
        if self.filter.trim().is_empty() {
            return None;
        }
        let nums = self
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Row { index } => Some(self.rows[*index].account.num),
                _ => None,
            })
            .collect();
        Some((self.filter.trim().to_string(), nums))
    }

    /// The account under the cursor, if the cursor is on one.
    pub fn selected_row(&self) -> Option<&Row> {
        match self.lines.get(self.list.selected)? {
            Line::Row { index, .. } => self.rows.get(*index),
            Line::Group(_) => None,
        }
    }

    /// Works out the visible lines again, keeping the selected account
    /// selected when it is still there.
    pub fn rebuild(&mut self, me: &str, stages: &[String], unvisited_days: u32) {
        let keep = match self.lines.get(self.list.selected) {
            Some(Line::Row { index }) => Some(*index),
            _ => None,
        };
        let (picked, scores) = self.pick(me);
        let filtered = !self.filter.trim().is_empty();
        let rows = &self.rows;
        let tag_groups = &self.tag_groups;
        let (sort, desc, group) = (self.sort, self.descending, self.group.within(tag_groups));
        // Groups as small numbers, in their order.
        let mut groups: Vec<(usize, &str)> = if group == Grouping::None {
            vec![(0, "")]
        } else {
            picked
                .iter()
                .map(|i| group.key(&rows[*i as usize], stages, tag_groups))
                .collect()
        };
        groups.sort_unstable();
        groups.dedup();
        let group_of = |r: &Row| {
            if group == Grouping::None {
                return 0;
            }
            groups
                .binary_search(&group.key(r, stages, tag_groups))
                .unwrap_or_default() as u32
        };
        // (group, index) in display order.
        let order: Box<dyn Iterator<Item = (u32, usize)>> =
            if matches!(sort, Column::Handle | Column::Owner | Column::Stage) {
                Box::new(by_text(picked, rows, group_of, sort, desc))
            } else {
                let by_score = filtered && sort == Column::Name;
                let how = (sort, desc, by_score);
                Box::new(by_number(
                    picked,
                    &scores,
                    rows,
                    &self.name_rank,
                    group_of,
                    how,
                ))
            };
        self.lines.clear();
        let mut current: Option<u32> = None;
        let mut header_at = 0;
        let mut shown = vec![0u64; rows.len().div_ceil(64)];
        for (g, i) in order {
            let key = groups[g as usize];
            let r = &rows[i];
            shown[i / 64] |= 1 << (i % 64);
            if group != Grouping::None {
                if current != Some(g) {
                    header_at = self.lines.len();
                    self.lines.push(Line::Group(Box::new(Group {
                        label: key.1.to_string(),
                        totals: Subtotal::default(),
                    })));
                    current = Some(g);
                }
                if let Line::Group(g) = &mut self.lines[header_at] {
                    g.totals.add(r, unvisited_days);
                }
            }
            self.lines.push(Line::Row { index: i });
        }
        self.totals = totals_of(rows, &shown, unvisited_days);
        self.connect_shown = self.connect_on(&shown);
        self.select_row(keep);
    }

    /// The cursor on row `keep` where it is shown, else where it was.
    fn select_row(&mut self, keep: Option<usize>) {
        let at = keep
            .and_then(|kept| {
                self.lines
                    .iter()
                    .position(|l| matches!(l, Line::Row { index } if *index == kept))
            })
            .unwrap_or(self.list.selected);
        self.list.selected = at;
        self.list.clamp(self.lines.len());
        self.skip_header(true);
    }

    /// The rows to show, and the filter's score of each (none unfiltered).
    /// A filter that grows the one before it searches only that one's hits.
    fn pick(&mut self, me: &str) -> (Vec<u32>, Vec<Score>) {
        let scope = self.scope_key();
        let base = self.scoped(me, &scope);
        if self.filter.trim().is_empty() {
            self.trail.clear();
            return (base, vec![]);
        }
        let filter = self.filter.clone();
        self.trail
            .retain(|(q, sc, _)| *sc == scope && filter.starts_with(q.as_str()));
        let among: Vec<u32> = match self.trail.last() {
            Some((q, _, hits)) if *q == filter => return hits.iter().copied().unzip(),
            // Hits are in row order, so the texts are read front to back
            // rather than all over memory.
            Some((_, _, hits)) => hits.iter().map(|h| h.0).collect(),
            None => base,
        };
        let search = &self.search;
        // Scores decide the order only when sorted by name; ungrouped, the
        // screen shows the best names first and the rest is ranked when the
        // cursor gets near it.
        let rank_rest_under = match (self.sort, self.group) {
            (Column::Name, Grouping::None) => RANK_ALL_UNDER,
            (Column::Name, _) => usize::MAX,
            _ => 0,
        };
        let hits = crate::capture::resolve::score_folded(
            &filter,
            &|i| search.get(i as usize),
            &among,
            rank_rest_under,
        );
        let picked = hits.iter().copied().unzip();
        self.trail.push((filter, scope, hits));
        picked
    }

    /// Whether the filter's hits beyond the names wait unranked while the
    /// screen would show them: the cursor within two screens of them, or
    /// the order grouped.
    pub fn needs_ranking(&self, height: usize) -> bool {
        let Some((q, _, hits)) = self.trail.last() else {
            return false;
        };
        if *q != self.filter || self.sort != Column::Name {
            return false;
        }
        let unranked = hits.iter().filter(|h| h.1 == UNRANKED).count();
        unranked > 0
            && (self.group != Grouping::None
                || self.list.selected + 2 * height + 1 >= hits.len() - unranked)
    }

    /// Ranks the filter's hits that wait unranked (see `needs_ranking`);
    /// `rebuild` then puts them in order.
    pub fn rank_rest(&mut self) {
        let search = &self.search;
        if let Some((q, _, hits)) = self.trail.last_mut() {
            crate::capture::resolve::rank_rest(q, &|i| search.get(i as usize), hits);
        }
    }

    /// The rows in the current scope (kept until rows or scope change).
    fn scoped(&mut self, me: &str, key: &str) -> Vec<u32> {
        if let Some((k, rows)) = &self.in_scope {
            if k == key {
                return rows.clone();
            }
        }
        let only = match &self.owner {
            Some(o) => Some(o.as_str()),
            None if self.mine_only => Some(me),
            None => None,
        };
        let by_owner = self.owner.is_some();
        let rows: Vec<u32> = (0..self.rows.len() as u32)
            .filter(|&i| {
                let a = &self.rows[i as usize].account;
                match only {
                    None => true,
                    Some("(no owner)") if by_owner => a.owner().is_none(),
                    Some(who) => a.owned_by(who),
                }
            })
            .collect();
        self.in_scope = Some((key.to_string(), rows.clone()));
        rows
    }

    /// Which accounts are in view, as a key for the kept filter hits.
    fn scope_key(&self) -> String {
        match &self.owner {
            Some(o) => format!("owner:{o}"),
            None if self.mine_only => "mine".into(),
            None => "all".into(),
        }
    }

    /// Where the filter matches in row `index`'s name, for highlighting
    /// (worked out only for the rows on screen).
    pub fn matched(&self, index: usize) -> Vec<usize> {
        self.name_matches(&self.filter, index)
    }

    /// Where `query` matches in row `index`'s name (character positions;
    /// none when folding changed the name's length).
    pub fn name_matches(&self, query: &str, index: usize) -> Vec<usize> {
        let Some(a) = self.rows.get(index).map(|r| &r.account) else {
            return vec![];
        };
        if query.trim().is_empty() || !a.aligned {
            return vec![];
        }
        let n = a.name().chars().count();
        let (text, name_len) = self.search.get(index);
        crate::capture::resolve::match_positions(query, text, name_len)
            .into_iter()
            .filter(|p| *p < n)
            .collect()
    }

    /// Moves the cursor off a group header, in the direction it was going.
    pub fn skip_header(&mut self, forward: bool) {
        let len = self.lines.len();
        while matches!(self.lines.get(self.list.selected), Some(Line::Group(_))) {
            if forward && self.list.selected + 1 < len {
                self.list.selected += 1;
            } else if !forward && self.list.selected > 0 {
                self.list.selected -= 1;
            } else if forward {
                self.skip_header(false);
                return;
            } else {
                return;
            }
        }
    }

    pub fn cycle_sort(&mut self) {
        let i = Column::ALL
            .iter()
            .position(|c| *c == self.sort)
            .unwrap_or(0);
        self.sort_by(Column::ALL[(i + 1) % Column::ALL.len()]);
    }

    /// Sorts by `column`; again by the same column, the other way.
    pub fn sort_by(&mut self, column: Column) {
        if column == self.sort {
            self.descending = !self.descending;
            return;
        }
        self.sort = column;
        // Worst first for the figures people sort by to find who is slipping.
        self.descending = matches!(
            self.sort,
            Column::Overdue | Column::LastVisit | Column::Signals | Column::Open | Column::InStage
        );
    }
}

impl super::list::ListScreen for PortfolioView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.lines.len()
    }
    fn opens(&self) -> super::list::Opens {
        match self.selected_row() {
            Some(r) => super::list::Opens::Account(r.account.num, super::account::Tab::Overview),
            None => super::list::Opens::Nothing,
        }
    }
    fn moved(&mut self, forward: bool) {
        self.skip_header(forward);
    }
}

#[cfg(test)]
mod tests;
