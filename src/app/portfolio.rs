//! The portfolio: every account in scope with its figures, filtered,
//! sorted and grouped. The visible lines are worked out when something
//! changes, never while drawing.

use super::list::ListState;
use crate::domain::figures::{SayDo, VisitMix};
use crate::report::AccountRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Handle,
    Owner,
    Stage,
    InStage,
    SayDo,
    Open,
    Overdue,
    LastVisit,
    Proactive,
    OnTrack,
    Signals,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Name,
        Column::Handle,
        Column::Owner,
        Column::Stage,
        Column::InStage,
        Column::SayDo,
        Column::Open,
        Column::Overdue,
        Column::LastVisit,
        Column::Proactive,
        Column::OnTrack,
        Column::Signals,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Account",
            Column::Handle => "Handle",
            Column::Owner => "Owner",
            Column::Stage => "Stage",
            Column::InStage => "In stage",
            Column::SayDo => "Say/do",
            Column::Open => "Open",
            Column::Overdue => "Late",
            Column::LastVisit => "Visited",
            Column::Proactive => "Proact.",
            Column::OnTrack => "On track",
            Column::Signals => "Signals",
        }
    }

    /// Lower gives way later as the terminal narrows.
    pub fn priority(self) -> u8 {
        match self {
            Column::Name => 0,
            Column::SayDo => 1,
            Column::Overdue => 2,
            Column::LastVisit => 3,
            Column::Handle => 4,
            Column::Stage => 5,
            Column::Owner => 6,
            Column::Open => 7,
            Column::Proactive => 8,
            Column::OnTrack => 9,
            Column::Signals => 10,
            Column::InStage => 11,
        }
    }

    /// The width the column asks for (the name column takes what is left).
    pub fn width(self) -> u16 {
        match self {
            Column::Name => 18,
            Column::Handle => 12,
            Column::Owner => 13,
            Column::Stage => 14,
            Column::InStage => 8,
            Column::SayDo => 10,
            Column::Open => 4,
            Column::Overdue => 4,
            Column::LastVisit => 7,
            Column::Proactive => 7,
            Column::OnTrack => 8,
            Column::Signals => 7,
        }
    }

    pub fn numeric(self) -> bool {
        !matches!(
            self,
            Column::Name | Column::Handle | Column::Owner | Column::Stage
        )
    }

    /// What the column sorts by: a number where it can be, so that sorting
    /// many rows compares numbers kept side by side, not rows far apart.
    fn sort_key(self, r: &AccountRow) -> SortKey<'_> {
        let fraction = |x: Option<f64>| SortKey::Number((x.unwrap_or(-1.0) * 1e9) as i64);
        match self {
            // The view ranks names once; see `PortfolioView::name_rank`.
            Column::Name => SortKey::Number(0),
            Column::Handle => SortKey::Text(&r.account.handle),
            Column::Owner => SortKey::Text(r.account.owner.as_deref().unwrap_or("")),
            Column::Stage => SortKey::Text(&r.account.stage),
            Column::InStage => SortKey::Number(r.days_in_stage),
            Column::SayDo => fraction(r.say_do.ratio()),
            Column::Open => SortKey::Number(r.open.into()),
            Column::Overdue => SortKey::Number(r.overdue.into()),
            Column::LastVisit => SortKey::Number(r.days_since_visit.unwrap_or(i64::MAX)),
            Column::Proactive => fraction(r.visits.share()),
            Column::OnTrack => SortKey::Number(r.metrics_on_track.into()),
            Column::Signals => SortKey::Number(r.signals.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    Number(i64),
    Text(&'a str),
}

/// Which columns fit in `width`, in display order, by priority.
pub fn columns_for(width: u16) -> Vec<Column> {
    let mut by_priority = Column::ALL.to_vec();
    by_priority.sort_by_key(|c| c.priority());
    let mut chosen = Vec::new();
    let mut used: u16 = 0;
    for c in by_priority {
        let need = c.width() + 1;
        if used + need <= width || chosen.is_empty() {
            used += need;
            chosen.push(c);
        }
    }
    Column::ALL
        .iter()
        .copied()
        .filter(|c| chosen.contains(c))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    None,
    Owner,
    Stage,
    Region,
}

impl Grouping {
    pub fn next(self) -> Grouping {
        match self {
            Grouping::None => Grouping::Owner,
            Grouping::Owner => Grouping::Stage,
            Grouping::Stage => Grouping::Region,
            Grouping::Region => Grouping::None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grouping::None => "not grouped",
            Grouping::Owner => "by owner",
            Grouping::Stage => "by stage",
            Grouping::Region => "by region",
        }
    }

    fn key<'a>(self, r: &'a AccountRow, stages: &[String]) -> (usize, &'a str) {
        match self {
            Grouping::None => (0, ""),
            Grouping::Owner => (0, r.account.owner.as_deref().unwrap_or("(no owner)")),
            Grouping::Stage => (
                stages
                    .iter()
                    .position(|s| *s == r.account.stage)
                    .unwrap_or(usize::MAX),
                &r.account.stage,
            ),
            Grouping::Region => (
                0,
                if r.account.region.is_empty() {
                    "(no region)"
                } else {
                    &r.account.region
                },
            ),
        }
    }
}

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
    fn add(&mut self, r: &AccountRow, unvisited_days: u32) {
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

#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Group {
        label: String,
        totals: Subtotal,
    },
    /// A row by index into `rows`.
    Row {
        index: usize,
    },
}

/// Folded "name @handle tags owner": what the filter searches.
fn search_text(a: &crate::domain::Account) -> String {
    crate::domain::text::fold(&format!(
        "{} @{} {} {}",
        a.name,
        a.handle,
        a.tags.join(" "),
        a.owner.as_deref().unwrap_or("")
    ))
}

/// The length of the folded name that starts the search text.
fn name_len(a: &crate::domain::Account) -> u16 {
    crate::domain::text::fold(&a.name)
        .len()
        .min(u16::MAX as usize) as u16
}

/// Whether folding keeps the name's characters one for one.
fn aligned(a: &crate::domain::Account) -> bool {
    crate::domain::text::fold(&a.name).chars().count() == a.name.chars().count()
}

/// A filter as typed, the scope it searched (see `scope_key`), and its
/// hits: (row index, score), best first.
type Step = (String, String, Vec<(usize, i64)>);

#[derive(Debug, Clone)]
pub struct PortfolioView {
    pub rows: Vec<AccountRow>,
    pub mine_only: bool,
    /// One director's accounts only (from the directors view), over
    /// `mine_only`.
    pub owner: Option<String>,
    pub sort: Column,
    pub descending: bool,
    pub group: Grouping,
    pub filter: String,
    pub filtering: bool,
    pub lines: Vec<Line>,
    pub totals: Subtotal,
    pub list: ListState,
    /// Folded "name @handle tags owner" per row, for fuzzy filtering.
    search: Vec<String>,
    /// Whether folding kept a name's characters one for one, so that
    /// match positions can be highlighted in it.
    aligned: Vec<bool>,
    /// Each row's place in name order, so sorting by name compares numbers.
    name_rank: Vec<u32>,
    /// How long the folded name is at the start of each search text.
    name_len: Vec<u16>,
    /// Each filter typed on the way to the current one, with its scope and
    /// hits: a longer filter searches only the last hits, and Backspace
    /// goes back to hits already worked out.
    trail: Vec<Step>,
}

impl PortfolioView {
    pub fn new(rows: Vec<AccountRow>, mine_only: bool) -> Self {
        let mut v = PortfolioView {
            rows: vec![],
            mine_only,
            owner: None,
            sort: Column::Name,
            descending: false,
            group: Grouping::None,
            filter: String::new(),
            filtering: false,
            lines: vec![],
            totals: Subtotal::default(),
            list: ListState::default(),
            search: vec![],
            aligned: vec![],
            name_rank: vec![],
            name_len: vec![],
            trail: vec![],
        };
        v.set_rows(rows);
        v
    }

    pub fn set_rows(&mut self, rows: Vec<AccountRow>) {
        self.search = rows.iter().map(|r| search_text(&r.account)).collect();
        self.name_len = rows.iter().map(|r| name_len(&r.account)).collect();
        self.aligned = rows.iter().map(|r| aligned(&r.account)).collect();
        self.rows = rows;
        self.rank_names();
        self.trail.clear();
    }

    fn rank_names(&mut self) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let (search, rows) = (&self.search, &self.rows);
        order.sort_unstable_by(|&i, &j| {
            search[i]
                .cmp(&search[j])
                .then(rows[i].account.num.cmp(&rows[j].account.num))
        });
        self.name_rank = vec![0; order.len()];
        for (rank, i) in order.into_iter().enumerate() {
            self.name_rank[i] = rank as u32;
        }
    }

    /// Puts one account's new row in place (or adds it, or with `None`
    /// takes it out), without redoing the others.
    pub fn replace_row(&mut self, num: i64, row: Option<AccountRow>) {
        let at = self.rows.iter().position(|r| r.account.num == num);
        self.trail.clear();
        match (at, row) {
            (Some(i), None) => {
                self.rows.remove(i);
                self.search.remove(i);
                self.name_len.remove(i);
                self.aligned.remove(i);
                self.rank_names();
            }
            (Some(i), Some(row)) => {
                let text = search_text(&row.account);
                let renamed = text != self.search[i];
                self.aligned[i] = aligned(&row.account);
                self.name_len[i] = name_len(&row.account);
                self.search[i] = text;
                self.rows[i] = row;
                if renamed {
                    self.rank_names();
                }
            }
            (None, Some(row)) => {
                self.search.push(search_text(&row.account));
                self.name_len.push(name_len(&row.account));
                self.aligned.push(aligned(&row.account));
                self.rows.push(row);
                self.rank_names();
            }
            (None, None) => {}
        }
    }

    /// The account under the cursor, if the cursor is on one.
    pub fn selected_row(&self) -> Option<&AccountRow> {
        match self.lines.get(self.list.selected)? {
            Line::Row { index, .. } => self.rows.get(*index),
            Line::Group { .. } => None,
        }
    }

    /// Works out the visible lines again, keeping the selected account
    /// selected when it is still there.
    pub fn rebuild(&mut self, me: &str, stages: &[String], unvisited_days: u32) {
        let keep = self.selected_row().map(|r| r.account.num);
        let mine_only = self.mine_only;
        let scope = self.scope_key();
        let rows = &self.rows;
        let only = match &self.owner {
            Some(o) => Some(o.as_str()),
            None if mine_only => Some(me),
            None => None,
        };
        let in_scope = |r: &AccountRow| match only {
            None => true,
            Some("(no owner)") if self.owner.is_some() => r.account.owner.is_none(),
            Some(who) => r
                .account
                .owner
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(who)),
        };
        let filtered = !self.filter.trim().is_empty();
        let picked: Vec<(usize, i64)> = if !filtered {
            self.trail.clear();
            (0..rows.len())
                .filter(|i| in_scope(&rows[*i]))
                .map(|i| (i, 0))
                .collect()
        } else {
            let filter = self.filter.clone();
            self.trail
                .retain(|(q, sc, _)| *sc == scope && filter.starts_with(q.as_str()));
            match self.trail.last() {
                Some((q, _, hits)) if *q == filter => hits.clone(),
                last => {
                    let base: Vec<usize> = match last {
                        Some((_, _, hits)) => hits.iter().map(|h| h.0).collect(),
                        None => (0..rows.len()).filter(|i| in_scope(&rows[*i])).collect(),
                    };
                    let hits = crate::capture::resolve::score_folded(
                        &filter,
                        &self.search,
                        &self.name_len,
                        &base,
                    );
                    self.trail.push((filter, scope, hits.clone()));
                    hits
                }
            }
        };
        let (sort, desc, group) = (self.sort, self.descending, self.group);
        let name_rank = &self.name_rank;
        let by_score = filtered && sort == Column::Name;
        // Groups as small numbers, in their order.
        let mut groups: Vec<(usize, &str)> = picked
            .iter()
            .map(|(i, _)| group.key(&rows[*i], stages))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let group_of = |r: &AccountRow| {
            groups
                .binary_search(&group.key(r, stages))
                .unwrap_or_default() as u32
        };
        // (group, index) in display order.
        let order: Vec<(u32, usize)> =
            if matches!(sort, Column::Handle | Column::Owner | Column::Stage) {
                struct Keyed<'a> {
                    group: u32,
                    key: SortKey<'a>,
                    num: i64,
                    index: usize,
                }
                let mut keyed: Vec<Keyed> = picked
                    .into_iter()
                    .map(|(i, _)| Keyed {
                        group: group_of(&rows[i]),
                        key: sort.sort_key(&rows[i]),
                        num: rows[i].account.num,
                        index: i,
                    })
                    .collect();
                keyed.sort_unstable_by(|a, b| {
                    let o = a.key.cmp(&b.key);
                    a.group
                        .cmp(&b.group)
                        .then(if desc { o.reverse() } else { o })
                        .then(a.num.cmp(&b.num))
                });
                keyed.into_iter().map(|k| (k.group, k.index)).collect()
            } else {
                // Everything in one number, so sorting compares integers:
                // group, then the filter's score (best first), then the column.
                const SCORE_BITS: u32 = 48;
                let mut keyed: Vec<(u128, i64, u32)> = picked
                    .into_iter()
                    .map(|(i, score)| {
                        let r = &rows[i];
                        let g = group_of(r);
                        let s = if by_score {
                            let max = (1i64 << (SCORE_BITS - 1)) - 1;
                            (max - score.clamp(0, max)) as u64
                        } else {
                            0
                        };
                        let v = match sort {
                            Column::Name => name_rank[i] as i64,
                            _ => match sort.sort_key(r) {
                                SortKey::Number(n) => n,
                                SortKey::Text(_) => 0,
                            },
                        };
                        let col = (v as u64) ^ (1 << 63);
                        let col = if desc { !col } else { col };
                        let key = ((g as u128) << 112) | ((s as u128) << 64) | col as u128;
                        (key, r.account.num, i as u32)
                    })
                    .collect();
                keyed.sort_unstable();
                keyed
                    .into_iter()
                    .map(|(k, _, i)| ((k >> 112) as u32, i as usize))
                    .collect()
            };
        self.totals = Subtotal::default();
        self.lines.clear();
        let mut current: Option<u32> = None;
        let mut header_at = 0;
        for (g, i) in order {
            let key = groups[g as usize];
            let r = &rows[i];
            self.totals.add(r, unvisited_days);
            if group != Grouping::None {
                if current != Some(g) {
                    header_at = self.lines.len();
                    self.lines.push(Line::Group {
                        label: key.1.to_string(),
                        totals: Subtotal::default(),
                    });
                    current = Some(g);
                }
                if let Line::Group { totals, .. } = &mut self.lines[header_at] {
                    totals.add(r, unvisited_days);
                }
            }
            self.lines.push(Line::Row { index: i });
        }
        let at = keep
            .and_then(|num| {
                self.lines.iter().position(
                    |l| matches!(l, Line::Row { index } if self.rows[*index].account.num == num),
                )
            })
            .unwrap_or(self.list.selected);
        self.list.selected = at;
        self.list.clamp(self.lines.len());
        self.skip_header(true);
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
        if self.filter.trim().is_empty() || !self.aligned.get(index).copied().unwrap_or(false) {
            return vec![];
        }
        let n = self.rows[index].account.name.chars().count();
        crate::capture::resolve::match_positions(
            &self.filter,
            &self.search[index],
            self.name_len[index] as usize,
        )
        .into_iter()
        .filter(|p| *p < n)
        .collect()
    }

    /// Moves the cursor off a group header, in the direction it was going.
    pub fn skip_header(&mut self, forward: bool) {
        let len = self.lines.len();
        while matches!(self.lines.get(self.list.selected), Some(Line::Group { .. })) {
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
        self.sort = Column::ALL[(i + 1) % Column::ALL.len()];
        // Worst first for the figures people sort by to find who is slipping.
        self.descending = matches!(
            self.sort,
            Column::Overdue | Column::LastVisit | Column::Signals | Column::Open | Column::InStage
        );
    }
}
