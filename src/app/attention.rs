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

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: Kind,
    pub account: i64,
    pub handle: String,
    pub owner: Option<String>,
    pub what: String,
    pub when: String,
    /// Where Enter lands in the account.
    pub tab: Tab,
    /// Sorts within the kind: most urgent first.
    pub urgency: i64,
}

#[derive(Debug, Clone, Default)]
pub struct AttentionView {
    /// Every item, for every account.
    pub all: Vec<Item>,
    /// The items in scope, as shown.
    pub items: Vec<Item>,
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
        self.all.extend(items);
        sort(&mut self.all);
    }

    /// Shows my items or everyone's.
    pub fn scope(&mut self, me: &str) {
        let mine = self.mine_only;
        self.items = self
            .all
            .iter()
            .filter(|i| {
                !mine
                    || i.owner
                        .as_deref()
                        .is_some_and(|o| o.eq_ignore_ascii_case(me))
            })
            .cloned()
            .collect();
        self.list.clamp(self.items.len());
    }
}

/// The items of one account, from its records and figures (no I/O).
pub fn items_for(
    rec: &AccountRecords,
    r: &AccountRow,
    today: Date,
    unvisited_days: u32,
) -> Vec<Item> {
    let a = &r.account;
    let item = |kind, what: String, when: String, tab, urgency| Item {
        kind,
        account: a.num,
        handle: a.handle.clone(),
        owner: a.owner.clone(),
        what,
        when,
        tab,
        urgency,
    };
    let mut out = Vec::new();
    for c in rec.commitments.iter().filter(|c| c.status == Status::Open) {
        let d = days_between(today, c.due());
        let (kind, when) = if d < 0 {
            (Kind::Overdue, format!("{}d late", -d))
        } else if d <= 7 {
            (
                Kind::DueSoon,
                if d == 0 {
                    "today".into()
                } else {
                    format!("in {d}d")
                },
            )
        } else {
            continue;
        };
        out.push(item(
            kind,
            format!("#{} {} · {}", c.num, c.what, c.owner),
            when,
            Tab::Commitments,
            d,
        ));
    }
    if r.unvisited(unvisited_days) {
        out.push(item(
            Kind::Unvisited,
            format!("{} · {}", a.name, a.owner.as_deref().unwrap_or("no owner")),
            r.days_since_visit
                .map_or("never".into(), |d| format!("{d}d ago")),
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
            ms.last().map_or(String::new(), |x| {
                format!("{}d ago", days_between(x.on, today))
            }),
            Tab::Metrics,
            if fresh.is_some() { 0 } else { 1 },
        ));
    }
    out
}

/// Most urgent first within each kind.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| (a.kind, a.urgency, &a.handle).cmp(&(b.kind, b.urgency, &b.handle)));
}
