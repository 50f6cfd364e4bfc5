//! What needs someone now, across my accounts or all: overdue commitments,
//! those due within 7 days, accounts unvisited too long, and metrics with a
//! new signal or off track.

use super::account::Tab;
use super::labels::Labels;
use super::list::ListState;
use super::portfolio::PortfolioView;
use crate::domain::dates::days_between;
use crate::domain::digest::Digest;
use crate::domain::figures::Track;
use crate::domain::xmr::Rule;
use crate::domain::Date;
use crate::report::AccountRow;
use std::collections::HashSet;

/// The heading of commitments due soon (see `DUE_SOON_DAYS`).
pub const DUE_SOON_TITLE: &str = "Due in the next 7 days";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Overdue,
    DueSoon,
    Unvisited,
    Metric,
    /// A measurement overdue for the metric's frequency (its definition).
    Measure,
    /// A visit whose commitments are all resolved: time to ask the
    /// customer how the experience went.
    Feedback,
    /// A contract that renews within `RENEWAL_NOTICE_DAYS`.
    Renewal,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::Overdue => "Overdue commitments",
            Kind::DueSoon => DUE_SOON_TITLE,
            Kind::Unvisited => "Not visited lately",
            Kind::Metric => "Metrics with a new signal or off track",
            Kind::Measure => "Measurements due",
            Kind::Feedback => "Experiences complete: ask how they went",
            Kind::Renewal => "Renewals in the next 90 days",
        }
    }

    /// The word for the kind in a narrow column.
    pub fn short(self) -> &'static str {
        match self {
            Kind::Overdue => "Overdue",
            Kind::DueSoon => "Due soon",
            Kind::Unvisited => "Unvisited",
            Kind::Metric => "Metrics",
            Kind::Measure => "Measure due",
            Kind::Feedback => "Ask",
            Kind::Renewal => "Renewal",
        }
    }
}

/// One thing that needs attention. A big book has hundreds of thousands,
/// so an item keeps only numbers: its words (the commitment's text, the
/// metric's name) are read for the items on screen (see `Labels`), the
/// account's from the portfolio's rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub kind: Kind,
    /// A metric's new signal; `None` for a metric that is off track.
    pub rule: Option<Rule>,
    pub account: i64,
    /// The commitment (overdue, due soon) or the metric it is about.
    pub subject: i64,
    /// Days late, until due, since the visit or the measurement;
    /// [`NEVER`] for an account never visited.
    days: i32,
    /// Whose promise it is (a commitment's owner, as [`person_key`]; [`NOBODY`]
    /// for the other kinds): my promises on a colleague's account are mine
    /// to keep, so "my accounts" shows them too. Two bytes, not a name or
    /// a hash: an item is 24 bytes, and a big book has 300,000 of them.
    pub promiser: u16,
}

/// A person as an item keeps them: a small number, the same for the same
/// name (case folded) everywhere in the process. [`NOBODY`] past 65,534
/// people, which no promise then matches.
pub fn person_key(name: &str) -> u16 {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    use std::sync::{Mutex, OnceLock};
    static KEYS: OnceLock<Mutex<HashMap<u64, u16>>> = OnceLock::new();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.trim().to_lowercase().hash(&mut h);
    let hash = h.finish();
    let mut keys = KEYS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let next = keys.len() + 1;
    *keys.entry(hash).or_insert(if next < NOBODY as usize {
        next as u16
    } else {
        NOBODY
    })
}

/// The key of no one: the other kinds' items, and people past the last key.
pub const NOBODY: u16 = u16::MAX;

const NEVER: i32 = i32::MIN;

impl Item {
    pub fn days(&self) -> Option<i32> {
        (self.days != NEVER).then_some(self.days)
    }

    /// Where Enter lands in the account.
    pub fn tab(&self) -> Tab {
        match self.kind {
            Kind::Overdue | Kind::DueSoon => Tab::Commitments,
            Kind::Unvisited | Kind::Feedback => Tab::Visits,
            Kind::Renewal => Tab::Overview,
            Kind::Metric | Kind::Measure => Tab::Metrics,
        }
    }

    /// The commitment an overdue or due-soon item is about.
    pub fn commitment(&self) -> Option<i64> {
        matches!(self.kind, Kind::Overdue | Kind::DueSoon).then_some(self.subject)
    }

    /// Sorts within the kind: most urgent first.
    fn urgency(&self) -> i64 {
        let days = self.days().map(i64::from);
        match self.kind {
            Kind::Overdue => -days.unwrap_or(0),
            Kind::DueSoon => days.unwrap_or(0),
            Kind::Unvisited => -days.unwrap_or(i64::from(i32::MAX)),
            Kind::Metric => i64::from(self.rule.is_none()),
            Kind::Measure => -days.unwrap_or(i64::from(i32::MAX)),
            Kind::Feedback => -days.unwrap_or(0),
            Kind::Renewal => days.unwrap_or(0),
        }
    }

    /// "3d late", "in 2d", "today", "45d ago", "never".
    pub fn when(&self) -> String {
        match (self.kind, self.days()) {
            (Kind::Measure, Some(0)) => "due today".into(),
            (Kind::Overdue | Kind::Measure, Some(d)) => format!("{d}d late"),
            (Kind::Measure, None) => "never measured".into(),
            (Kind::Feedback, Some(0)) => "complete today".into(),
            (Kind::Feedback, Some(d)) => format!("complete {d}d ago"),
            (Kind::Renewal, Some(0)) => "today".into(),
            (Kind::Renewal, Some(d)) if d < 0 => format!("passed {}d ago, not settled", -d),
            (Kind::Renewal, Some(d)) => format!("in {d}d"),
            (Kind::DueSoon, Some(0)) => "today".into(),
            (Kind::DueSoon, Some(d)) => format!("in {d}d"),
            (_, Some(d)) => format!("{d}d ago"),
            (Kind::Unvisited, None) => "never".into(),
            (_, None) => String::new(),
        }
    }

    /// What the item is about, in words: "#12 Send the report · Dana Cole",
    /// "Mercy General · Dana Cole", "Door-to-needle time · off track".
    pub fn what(&self, rows: &PortfolioView, labels: &Labels) -> String {
        match self.kind {
            Kind::Overdue | Kind::DueSoon => labels
                .commitment(self.subject)
                .map_or_else(|| format!("#{} …", self.subject), str::to_string),
            Kind::Unvisited | Kind::Renewal => match rows.row(self.account) {
                Some(r) => format!(
                    "{} · {}",
                    r.account.name(),
                    r.account.owner().unwrap_or("no owner")
                ),
                None => "…".into(),
            },
            Kind::Metric => format!(
                "{} · {}",
                labels.metric(self.subject).map_or("…", |m| m.0),
                self.rule.map_or("off track", |r| r.describe())
            ),
            Kind::Measure => format!(
                "{} · a measurement is due",
                labels.metric(self.subject).map_or("…", |m| m.0)
            ),
            Kind::Feedback => format!(
                "{} · visit #{}: its commitments are resolved, ask how it went",
                rows.row(self.account).map_or("…", |r| r.account.name()),
                self.subject
            ),
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

    /// Shows my items (those on my accounts, and my promises wherever
    /// they were made) or everyone's.
    pub fn scope(&mut self, mine: &HashSet<i64>, me: &str) {
        let mine_only = self.mine_only;
        let me = person_key(me);
        self.items = self
            .all
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                !mine_only || mine.contains(&i.account) || (i.promiser == me && me != NOBODY)
            })
            .map(|(n, _)| n as u32)
            .collect();
        self.list.clamp(self.items.len());
    }
}

/// The items of one account, from its records and figures (no I/O).
pub fn items_for<A>(
    account: i64,
    d: &Digest,
    r: &AccountRow<A>,
    today: Date,
    unvisited_days: u32,
) -> Vec<Item> {
    let item = |kind, subject, days: Option<i64>, rule, promiser| Item {
        kind,
        rule,
        account,
        subject,
        days: days.map_or(NEVER, |d| d.clamp(NEVER as i64 + 1, i32::MAX as i64) as i32),
        promiser,
    };
    let mut out = Vec::new();
    for p in d.promises.iter().filter(|p| p.is_open()) {
        let days = days_between(today, p.due);
        let (kind, days) = if p.is_overdue(today) {
            (Kind::Overdue, -days)
        } else if p.is_due_soon(today) {
            (Kind::DueSoon, days)
        } else {
            continue;
        };
        out.push(item(kind, p.num, Some(days), None, person_key(&p.owner)));
    }
    if r.unvisited(unvisited_days) {
        let days = r.days_since_visit.map(i64::from);
        out.push(item(Kind::Unvisited, 0, days, None, NOBODY));
    }
    for m in &d.metrics {
        // A signal is new when it takes in the latest measurement; one with
        // a note is acknowledged and needs nobody now.
        let rule = match (m.fresh, m.track) {
            (Some(rule), _) => Some(rule),
            (None, Track::OffTrack) => None,
            _ => continue,
        };
        out.push(item(
            Kind::Metric,
            m.num,
            m.last_on.map(|on| days_between(on, today)),
            rule,
            NOBODY,
        ));
    }
    // Measured less often than its definition asks.
    for m in &d.metrics {
        if let Some(late) = m.measurement_late(today) {
            let days = m.last_on.is_some().then_some(late);
            out.push(item(Kind::Measure, m.num, days, None, NOBODY));
        }
    }
    // Ahead within the notice, or passed lately with no outcome recorded
    // (settling it moves the date on).
    let notice = crate::report::RENEWAL_NOTICE_DAYS;
    let renewal_in = r.renewal_in.map(i64::from);
    if let Some(days) = renewal_in.filter(|d| (-notice..=notice).contains(d)) {
        out.push(item(Kind::Renewal, 0, Some(days), None, NOBODY));
    }
    for a in &d.asks {
        if let Some(days) = a.due(today) {
            out.push(item(Kind::Feedback, a.visit, Some(days), None, NOBODY));
        }
    }
    out
}

/// Most urgent first within each kind.
pub fn sort(items: &mut [Item]) {
    // In place: a stable sort would take a buffer of half the list, and
    // no two items are equal in this order (one per kind, account and
    // subject).
    items.sort_unstable_by(order);
}

/// Most urgent first within each kind.
pub fn order(a: &Item, b: &Item) -> std::cmp::Ordering {
    (a.kind, a.urgency(), a.account, a.subject).cmp(&(b.kind, b.urgency(), b.account, b.subject))
}

impl super::list::ListScreen for AttentionView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.items.len()
    }
    fn opens(&self) -> super::list::Opens {
        self.items
            .get(self.list.selected)
            .and_then(|n| self.all.get(*n as usize))
            .map_or(super::list::Opens::Nothing, |item| {
                super::list::Opens::Account(item.account, item.tab())
            })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_due_soon_heading_names_the_rule() {
        let days = crate::domain::DUE_SOON_DAYS.to_string();
        assert!(super::DUE_SOON_TITLE.contains(&format!(" {days} days")));
    }
}
