//! One account's screen: its detail, loaded when opened, and which tab
//! and rows are selected.

use super::list::ListState;
use crate::domain::xmr::{self, Chart};
use crate::domain::{Date, Status};
use crate::report::AccountDetail;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Metrics,
    Visits,
    Commitments,
    Stakeholders,
    Moments,
    Connect,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Metrics,
        Tab::Visits,
        Tab::Commitments,
        Tab::Stakeholders,
        Tab::Moments,
        Tab::Connect,
    ];

    /// The action that opens this tab.
    pub fn action(self) -> crate::action::Action {
        use crate::action::Action as A;
        match self {
            Tab::Overview => A::TabOverview,
            Tab::Metrics => A::TabMetrics,
            Tab::Visits => A::TabVisits,
            Tab::Commitments => A::TabCommitments,
            Tab::Stakeholders => A::TabStakeholders,
            Tab::Moments => A::TabMoments,
            Tab::Connect => A::TabConnect,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Metrics => "Metrics",
            Tab::Visits => "Visits",
            Tab::Commitments => "Commitments",
            Tab::Stakeholders => "Stakeholders",
            Tab::Moments => "Moments of truth",
            Tab::Connect => "Connect",
        }
    }

    /// A word for the tab where the titles do not fit.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Metrics => "Metrics",
            Tab::Visits => "Visits",
            Tab::Commitments => "Commits",
            Tab::Stakeholders => "People",
            Tab::Moments => "Moments",
            Tab::Connect => "Connect",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

#[derive(Debug, Clone)]
pub struct AccountView {
    pub detail: AccountDetail,
    /// Each metric's XmR chart, worked out once when the account loads.
    pub charts: Vec<Option<Chart>>,
    /// What needs attention on this account, by the one rule the Attention
    /// screen uses, worked out once when the account loads.
    pub attention: Vec<super::attention::Item>,
    /// The last twelve months (say/do, proactive share, visits) and the
    /// months they are, worked out once when the account loads.
    pub months: [crate::domain::figures::Month; crate::domain::figures::TREND_MONTHS],
    pub month_starts: Vec<Date>,
    pub tab: Tab,
    pub lists: [ListState; 7],
    /// Connect's suggestions, worked out when the Connect tab is first
    /// shown (they compare with every account's metrics).
    pub suggestions: Option<Vec<crate::report::connect::Suggestion>>,
}

impl AccountView {
    pub fn new(mut detail: AccountDetail, tab: Tab, today: Date, unvisited_days: u32) -> Self {
        // Open ones first (overdue before due), then broken, kept late,
        // kept and dropped; soonest due first within each.
        detail.commitments.sort_by_key(|c| {
            let rank = match c.status {
                Status::Open if c.due() < today => 0,
                Status::Open => 1,
                Status::Broken => 2,
                Status::KeptLate => 3,
                Status::Kept => 4,
                Status::Dropped => 5,
            };
            (rank, c.due(), c.num)
        });
        let charts = detail
            .measurements
            .iter()
            .map(|ms| xmr::chart(&ms.iter().map(|m| m.value).collect::<Vec<_>>()))
            .collect();
        let rec = crate::store::AccountRecords {
            account: detail.row.account.clone(),
            commitments: detail.commitments.clone(),
            visits: detail.visits.clone(),
            metrics: detail
                .metrics
                .iter()
                .map(|m| m.metric.clone())
                .zip(detail.measurements.iter().cloned())
                .collect(),
            noted: detail
                .signal_notes
                .iter()
                .map(|n| (n.metric, n.rule, n.on))
                .collect(),
        };
        let attention = super::attention::items_for(
            rec.account.num,
            &rec.digest(),
            &detail.row,
            today,
            unvisited_days,
        );
        let months = crate::domain::figures::monthly(&detail.commitments, &detail.visits, today);
        AccountView {
            detail,
            charts,
            attention,
            months,
            month_starts: crate::domain::figures::trend_months(today),
            tab,
            lists: [ListState::default(); 7],
            suggestions: None,
        }
    }

    /// Keeps the tab and selections when the account is loaded again.
    pub fn reload(&mut self, detail: AccountDetail, today: Date, unvisited_days: u32) {
        let fresh = AccountView::new(detail, self.tab, today, unvisited_days);
        let lists = self.lists;
        *self = AccountView { lists, ..fresh };
        for t in Tab::ALL {
            let len = self.len(t);
            self.lists[t.index()].clamp(len);
        }
    }

    /// The measurements of metric `index` (as listed), newest first.
    pub fn measurements_newest_first(&self, index: usize) -> Vec<&crate::domain::Measurement> {
        self.detail
            .measurements
            .get(index)
            .map(|ms| ms.iter().rev().collect())
            .unwrap_or_default()
    }

    pub fn list(&mut self) -> &mut ListState {
        &mut self.lists[self.tab.index()]
    }

    pub fn selected(&self, tab: Tab) -> usize {
        self.lists[tab.index()].selected
    }

    /// The record selected on the current tab: its kind word, number and
    /// id (none on the Overview).
    pub fn selected_record(&self) -> Option<(&'static str, i64, uuid::Uuid)> {
        let d = &self.detail;
        let i = self.selected(self.tab);
        match self.tab {
            Tab::Overview => None,
            Tab::Metrics => d
                .metrics
                .get(i)
                .map(|m| ("metric", m.metric.num, m.metric.id)),
            Tab::Visits => d.visits.get(i).map(|v| ("visit", v.num, v.id)),
            Tab::Commitments => d.commitments.get(i).map(|c| ("commitment", c.num, c.id)),
            Tab::Stakeholders => d.stakeholders.get(i).map(|s| ("stakeholder", s.num, s.id)),
            Tab::Moments => d.moments.get(i).map(|m| ("moment of truth", m.num, m.id)),
            Tab::Connect => d
                .introductions
                .get(i)
                .map(|x| ("introduction", x.num, x.id)),
        }
    }

    /// How many rows the tab's list has.
    pub fn len(&self, tab: Tab) -> usize {
        let d = &self.detail;
        match tab {
            Tab::Overview => 0,
            Tab::Metrics => d.metrics.len(),
            Tab::Visits => d.visits.len(),
            Tab::Commitments => d.commitments.len(),
            Tab::Stakeholders => d.stakeholders.len(),
            Tab::Moments => d.moments.len(),
            Tab::Connect => d.introductions.len(),
        }
    }
}

impl super::list::ListScreen for AccountView {
    fn cursor(&mut self) -> &mut ListState {
        self.list()
    }
    fn row_count(&self) -> usize {
        AccountView::len(self, self.tab)
    }
}
