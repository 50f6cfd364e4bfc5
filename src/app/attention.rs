//! What needs someone now, across my accounts or all: overdue commitments,
//! those due within 7 days, accounts unvisited too long, and metrics with a
//! new signal or off track.

use super::account::Tab;
use super::list::ListState;
use crate::domain::dates::days_between;
use crate::domain::figures::Track;
use crate::domain::{xmr, Date, Status};
use crate::report::{status_of, AccountRow};
use crate::store::AccountRecords;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Overdue,
    DueSoon,
    Unvisited,
    Metric,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::Overdue => "Overdue commitments",
            Kind::DueSoon => "Due in the next 7 days",
            Kind::Unvisited => "Not visited lately",
            Kind::Metric => "Metrics with a new signal or off track",
        }
    }
}

/// The handle and owner of `a`, to share among its items.
pub fn whose(a: &crate::domain::Account) -> Arc<Whose> {
    Arc::new(Whose {
        handle: a.handle.as_str().into(),
        owner: a.owner.as_deref().map(Into::into),
    })
}

/// An account's handle and owner, shared by its items (a big book has
/// hundreds of thousands of items; each keeps only what is its own).
#[derive(Debug, PartialEq)]
pub struct Whose {
    pub handle: Box<str>,
    pub owner: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: Kind,
    pub account: i64,
    pub whose: Arc<Whose>,
    pub what: Box<str>,
    /// Days late, until due, since the visit or the measurement; `None`
    /// for an account never visited.
    pub days: Option<i32>,
    /// Where Enter lands in the account.
    pub tab: Tab,
    /// Sorts within the kind: most urgent first.
    pub urgency: i64,
}

impl Item {
    /// The commitment an overdue or due-soon item is about: its text starts
    /// with the number (see `items_for`), so items stay small.
    pub fn commitment(&self) -> Option<i64> {
        if !matches!(self.kind, Kind::Overdue | Kind::DueSoon) {
            return None;
        }
        self.what
            .strip_prefix('#')?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }

    /// "3d late", "in 2d", "today", "45d ago", "never".
    pub fn when(&self) -> String {
        match (self.kind, self.days) {
            (Kind::Overdue, Some(d)) => format!("{d}d late"),
            (Kind::DueSoon, Some(0)) => "today".into(),
            (Kind::DueSoon, Some(d)) => format!("in {d}d"),
            (_, Some(d)) => format!("{d}d ago"),
            (Kind::Unvisited, None) => "never".into(),
            (_, None) => String::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AttentionView {
    /// Every item, for every account.
    pub all: Vec<Item>,
    /// The items in scope, as shown: indices into `all`.
    pub items: Vec<u32>,
    pub list: ListState,
    pub mine_only: bool,
}

impl AttentionView {
    pub fn set(&mut self, all: Vec<Item>) {
        self.all = all;
    }

    /// Replaces one account's items (after a write to it).
    pub fn replace_account(&mut self, account: i64, items: Vec<Item>) {
        self.all.retain(|i| i.account != account);
        // In place, not a sort of the whole list: it may be very long.
        for item in items {
            let at = self
                .all
                .partition_point(|x| order(x, &item) != std::cmp::Ordering::Greater);
            self.all.insert(at, item);
        }
    }

    /// Shows my items or everyone's.
    pub fn scope(&mut self, me: &str) {
        let mine = self.mine_only;
        self.items = self
            .all
            .iter()
            .enumerate()
            .filter(|(_, i)| super::in_scope(mine, i.whose.owner.as_deref(), me))
            .map(|(n, _)| n as u32)
            .collect();
        self.list.clamp(self.items.len());
    }
}

/// The items of one account, from its records and figures (no I/O).
pub fn items_for(
    rec: &AccountRecords,
    r: &AccountRow,
    whose: &Arc<Whose>,
    today: Date,
    unvisited_days: u32,
) -> Vec<Item> {
    let a = &r.account;
    let item = |kind, what: String, days: Option<i64>, tab, urgency| Item {
        kind,
        account: a.num,
        whose: whose.clone(),
        what: what.into_boxed_str(),
        days: days.map(|d| d.clamp(i32::MIN as i64, i32::MAX as i64) as i32),
        tab,
        urgency,
    };
    let mut out = Vec::new();
    for c in rec.commitments.iter().filter(|c| c.status == Status::Open) {
        let d = days_between(today, c.due());
        let (kind, days) = if d < 0 {
            (Kind::Overdue, -d)
        } else if d <= 7 {
            (Kind::DueSoon, d)
        } else {
            continue;
        };
        out.push(item(
            kind,
            format!("#{} {} · {}", c.num, c.what, c.owner),
            Some(days),
            Tab::Commitments,
            d,
        ));
    }
    if r.unvisited(unvisited_days) {
        out.push(item(
            Kind::Unvisited,
            format!("{} · {}", a.name, a.owner.as_deref().unwrap_or("no owner")),
            r.days_since_visit,
            Tab::Visits,
            -r.days_since_visit.unwrap_or(i64::MAX / 2),
        ));
    }
    for (m, ms) in &rec.metrics {
        let st = status_of(m, ms);
        let values: Vec<f64> = ms.iter().map(|x| x.value).collect();
        // A signal is new when it takes in the latest measurement.
        let fresh = xmr::chart(&values)
            .and_then(|c| c.signals.into_iter().find(|s| s.last + 1 == values.len()));
        let reason = match (&fresh, st.track) {
            (Some(s), _) => s.rule.describe().to_string(),
            (None, Track::OffTrack) => "off track".to_string(),
            _ => continue,
        };
        out.push(item(
            Kind::Metric,
            format!("{} · {reason}", m.name),
            ms.last().map(|x| days_between(x.on, today)),
            Tab::Metrics,
            if fresh.is_some() { 0 } else { 1 },
        ));
    }
    out
}

/// Most urgent first within each kind.
pub fn sort(items: &mut [Item]) {
    items.sort_by(order);
}

fn order(a: &Item, b: &Item) -> std::cmp::Ordering {
    (a.kind, a.urgency, &a.whose.handle).cmp(&(b.kind, b.urgency, &b.whose.handle))
}
