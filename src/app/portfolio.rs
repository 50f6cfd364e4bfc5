//! The portfolio: every account in scope with its figures, filtered,
//! sorted and grouped. The visible lines are worked out when something
//! changes, never while drawing.

use super::list::ListState;
use crate::domain::figures::{SayDo, VisitMix};
use crate::report::AccountRow;
use std::cmp::Ordering;

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

    fn compare(self, a: &AccountRow, b: &AccountRow) -> Ordering {
        let ratio = |s: &SayDo| s.ratio().unwrap_or(-1.0);
        let share = |v: &VisitMix| v.share().unwrap_or(-1.0);
        match self {
            Column::Name => a
                .account
                .name
                .to_lowercase()
                .cmp(&b.account.name.to_lowercase()),
            Column::Handle => a.account.handle.cmp(&b.account.handle),
            Column::Owner => a.account.owner.cmp(&b.account.owner),
            Column::Stage => a.account.stage.cmp(&b.account.stage),
            Column::InStage => a.days_in_stage.cmp(&b.days_in_stage),
            Column::SayDo => ratio(&a.say_do).total_cmp(&ratio(&b.say_do)),
            Column::Open => a.open.cmp(&b.open),
            Column::Overdue => a.overdue.cmp(&b.overdue),
            Column::LastVisit => a
                .days_since_visit
                .unwrap_or(i64::MAX)
                .cmp(&b.days_since_visit.unwrap_or(i64::MAX)),
            Column::Proactive => share(&a.visits).total_cmp(&share(&b.visits)),
            Column::OnTrack => a.metrics_on_track.cmp(&b.metrics_on_track),
            Column::Signals => a.signals.cmp(&b.signals),
        }
    }
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

/// A filter as typed, whether it was over my accounts only, and its hits:
/// (row index, score), best first.
type Step = (String, bool, Vec<(usize, i64)>);

#[derive(Debug, Clone)]
pub struct PortfolioView {
    pub rows: Vec<AccountRow>,
    pub mine_only: bool,
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
            trail: vec![],
        };
        v.set_rows(rows);
        v
    }

    pub fn set_rows(&mut self, rows: Vec<AccountRow>) {
        use crate::domain::text::fold;
        self.search = rows
            .iter()
            .map(|r| {
                let a = &r.account;
                fold(&format!(
                    "{} @{} {} {}",
                    a.name,
                    a.handle,
                    a.tags.join(" "),
                    a.owner.as_deref().unwrap_or("")
                ))
            })
            .collect();
        self.aligned = rows
            .iter()
            .map(|r| fold(&r.account.name).chars().count() == r.account.name.chars().count())
            .collect();
        self.rows = rows;
        self.trail.clear();
    }

    /// Puts one account's new row in place (or adds it, or with `None`
    /// takes it out), without redoing the others.
    pub fn replace_row(&mut self, num: i64, row: Option<AccountRow>) {
        use crate::domain::text::fold;
        let at = self.rows.iter().position(|r| r.account.num == num);
        self.trail.clear();
        match (at, row) {
            (Some(i), None) => {
                self.rows.remove(i);
                self.search.remove(i);
                self.aligned.remove(i);
            }
            (at, Some(row)) => {
                let a = &row.account;
                let search = fold(&format!(
                    "{} @{} {} {}",
                    a.name,
                    a.handle,
                    a.tags.join(" "),
                    a.owner.as_deref().unwrap_or("")
                ));
                let aligned = fold(&a.name).chars().count() == a.name.chars().count();
                match at {
                    Some(i) => {
                        self.rows[i] = row;
                        self.search[i] = search;
                        self.aligned[i] = aligned;
                    }
                    None => {
                        self.rows.push(row);
                        self.search.push(search);
                        self.aligned.push(aligned);
                    }
                }
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
        let rows = &self.rows;
        let in_scope = |r: &AccountRow| {
            !mine_only
                || r.account
                    .owner
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case(me))
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
                .retain(|(q, mine, _)| *mine == mine_only && filter.starts_with(q.as_str()));
            match self.trail.last() {
                Some((q, _, hits)) if *q == filter => hits.clone(),
                last => {
                    let base: Vec<usize> = match last {
                        Some((_, _, hits)) => hits.iter().map(|h| h.0).collect(),
                        None => (0..rows.len()).filter(|i| in_scope(&rows[*i])).collect(),
                    };
                    let hits = crate::capture::resolve::score_folded(&filter, &self.search, &base);
                    self.trail.push((filter, mine_only, hits.clone()));
                    hits
                }
            }
        };
        let (sort, desc, group) = (self.sort, self.descending, self.group);
        let search = &self.search;
        let by_score = filtered && sort == Column::Name;
        let mut keyed: Vec<((usize, &str), i64, usize)> = picked
            .into_iter()
            .map(|(i, score)| (group.key(&rows[i], stages), score, i))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            let (i, j) = (a.2, b.2);
            a.0.cmp(&b.0)
                .then(if by_score {
                    b.1.cmp(&a.1)
                } else {
                    Ordering::Equal
                })
                .then_with(|| {
                    // Names sort by their folded text, worked out once.
                    let o = match sort {
                        Column::Name => search[i].cmp(&search[j]),
                        _ => sort.compare(&rows[i], &rows[j]),
                    };
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .then_with(|| rows[i].account.num.cmp(&rows[j].account.num))
        });
        self.totals = Subtotal::default();
        self.lines.clear();
        let mut current: Option<(usize, &str)> = None;
        let mut header_at = 0;
        for (key, _, i) in keyed {
            let r = &rows[i];
            self.totals.add(r, unvisited_days);
            if group != Grouping::None {
                if current != Some(key) {
                    header_at = self.lines.len();
                    self.lines.push(Line::Group {
                        label: key.1.to_string(),
                        totals: Subtotal::default(),
                    });
                    current = Some(key);
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

    /// Where the filter matches in row `index`'s name, for highlighting
    /// (worked out only for the rows on screen).
    pub fn matched(&self, index: usize) -> Vec<usize> {
        if self.filter.trim().is_empty() || !self.aligned.get(index).copied().unwrap_or(false) {
            return vec![];
        }
        let n = self.rows[index].account.name.chars().count();
        crate::capture::resolve::match_positions(&self.filter, &self.search[index])
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
