//! The directors view, for managers: one row per account owner with the
//! figures of their accounts, worked out from the portfolio's rows (no
//! reading of the database), sortable; Enter lists that director's accounts.

use super::held::Row;
use super::list::ListState;
use crate::domain::figures::{SayDo, VisitMix};
use std::collections::BTreeMap;

/// Each account's owner and settled renewals, as the store gives them.
pub type Settled = Vec<(Option<String>, Vec<crate::domain::Renewal>)>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectorRow {
    pub name: String,
    pub accounts: u32,
    /// Over the commitments on their accounts.
    pub say_do: SayDo,
    pub visits: VisitMix,
    pub open: u32,
    pub overdue: u32,
    /// Accounts not visited for longer than the threshold.
    pub unvisited: u32,
    /// Metrics off track, and XmR signals, across their accounts.
    pub off_track: u32,
    pub signals: u32,
    /// Their accounts' renewals settled in the last year.
    pub retention: crate::domain::Retention,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectorColumn {
    Name,
    Accounts,
    SayDo,
    Proactive,
    Overdue,
    Unvisited,
    Signals,
    OffTrack,
    Retained,
}

impl DirectorColumn {
    pub const ALL: [DirectorColumn; 9] = [
        DirectorColumn::Name,
        DirectorColumn::Accounts,
        DirectorColumn::SayDo,
        DirectorColumn::Proactive,
        DirectorColumn::Overdue,
        DirectorColumn::Unvisited,
        DirectorColumn::Signals,
        DirectorColumn::OffTrack,
        DirectorColumn::Retained,
    ];

    pub fn title(self) -> &'static str {
        match self {
            DirectorColumn::Name => "Director",
            DirectorColumn::Accounts => "Accounts",
            DirectorColumn::SayDo => "Accounts' say/do",
            DirectorColumn::Proactive => "Proactive",
            DirectorColumn::Overdue => "Overdue",
            DirectorColumn::Unvisited => "Unvisited",
            DirectorColumn::Signals => "Signals",
            DirectorColumn::OffTrack => "Off track",
            DirectorColumn::Retained => "Retained",
        }
    }
}

#[derive(Debug, Clone)]
pub struct DirectorsView {
    pub rows: Vec<DirectorRow>,
    pub list: ListState,
    pub sort: DirectorColumn,
    pub descending: bool,
}

impl Default for DirectorsView {
    fn default() -> Self {
        DirectorsView {
            rows: vec![],
            list: ListState::default(),
            sort: DirectorColumn::Name,
            descending: false,
        }
    }
}

/// One row per owner of the accounts in `rows` (accounts without an owner
/// under "(no owner)").
/// `settled`: every account's owner and settled renewals (archived ones
/// too, so archiving a churned account changes no one's retention).
pub fn director_rows(
    rows: &[Row],
    settled: &Settled,
    today: crate::domain::Date,
    unvisited_days: u32,
) -> Vec<DirectorRow> {
    let mut by: BTreeMap<&str, DirectorRow> = BTreeMap::new();
    for r in rows {
        let name = r.account.owner().unwrap_or("(no owner)");
        let d = by.entry(name).or_insert_with(|| DirectorRow {
            name: name.to_string(),
            ..Default::default()
        });
        d.accounts += 1;
        d.say_do.add(r.say_do);
        d.visits.add(r.visits);
        d.open += r.open;
        d.overdue += r.overdue;
        if r.unvisited(unvisited_days) {
            d.unvisited += 1;
        }
        d.off_track += r.metrics_off_track;
        d.signals += r.signals;
    }
    for (owner, renewals) in settled {
        if let Some(d) = by.get_mut(owner.as_deref().unwrap_or("(no owner)")) {
            d.retention.add(crate::domain::retention(renewals, today));
        }
    }
    by.into_values().collect()
}

impl DirectorsView {
    /// Works the rows out again from the portfolio's, keeping the
    /// selected director selected.
    pub fn rebuild(
        &mut self,
        rows: &[Row],
        settled: &Settled,
        today: crate::domain::Date,
        unvisited_days: u32,
    ) {
        let keep = self.selected().map(|d| d.name.clone());
        self.rows = director_rows(rows, settled, today, unvisited_days);
        self.sort_rows();
        if let Some(name) = keep {
            if let Some(i) = self.rows.iter().position(|d| d.name == name) {
                self.list.selected = i;
            }
        }
        self.list.clamp(self.rows.len());
    }

    pub fn selected(&self) -> Option<&DirectorRow> {
        self.rows.get(self.list.selected)
    }

    fn sort_rows(&mut self) {
        use DirectorColumn as C;
        let ratio = |s: &SayDo| s.ratio().unwrap_or(-1.0);
        let share = |v: &VisitMix| v.share().unwrap_or(-1.0);
        let kept = |d: &DirectorRow| d.retention.rate().unwrap_or(-1.0);
        let sort = self.sort;
        self.rows.sort_by(|a, b| {
            let o = match sort {
                C::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                C::Accounts => a.accounts.cmp(&b.accounts),
                C::SayDo => ratio(&a.say_do).total_cmp(&ratio(&b.say_do)),
                C::Proactive => share(&a.visits).total_cmp(&share(&b.visits)),
                C::Overdue => a.overdue.cmp(&b.overdue),
                C::Unvisited => a.unvisited.cmp(&b.unvisited),
                C::Signals => a.signals.cmp(&b.signals),
                C::OffTrack => a.off_track.cmp(&b.off_track),
                C::Retained => kept(a).total_cmp(&kept(b)),
            };
            // Nothing to judge ("—") last, whichever way.
            let blank = |d: &DirectorRow| match sort {
                C::SayDo => d.say_do.ratio().is_none(),
                C::Proactive => d.visits.share().is_none(),
                C::Retained => d.retention.rate().is_none(),
                _ => false,
            };
            blank(a)
                .cmp(&blank(b))
                .then(if self.descending { o.reverse() } else { o })
                .then_with(|| a.name.cmp(&b.name))
        });
    }

    /// The next column; the alarming ones sort worst first.
    pub fn cycle_sort(&mut self) {
        let i = DirectorColumn::ALL
            .iter()
            .position(|c| *c == self.sort)
            .unwrap_or(0);
        self.sort_by(DirectorColumn::ALL[(i + 1) % DirectorColumn::ALL.len()]);
    }

    /// Sorts by `column`; again by the same column, the other way.
    pub fn sort_by(&mut self, column: DirectorColumn) {
        if column == self.sort {
            self.reverse();
            return;
        }
        self.sort = column;
        self.descending = matches!(
            self.sort,
            DirectorColumn::Overdue
                | DirectorColumn::Unvisited
                | DirectorColumn::Signals
                | DirectorColumn::OffTrack
        );
        self.sort_rows();
    }

    pub fn reverse(&mut self) {
        self.descending = !self.descending;
        self.sort_rows();
    }
}

impl super::list::ListScreen for DirectorsView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn opens(&self) -> super::list::Opens {
        self.selected().map_or(super::list::Opens::Nothing, |d| {
            super::list::Opens::AccountsOf(d.name.clone())
        })
    }
}
