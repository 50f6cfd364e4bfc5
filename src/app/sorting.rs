//! Sorting and arranging the lists: the column a sort key names, the
//! portfolio's lines after a sort, a filter or a grouping.

use super::account::Tab;
use super::{directors, portfolio, App, Screen};
use crate::action::Action;

impl App {
    /// The column the n-th sort key names, as the screen shows them.
    pub(super) fn sort_by_shown(&mut self, action: Action) {
        let n = match action {
            Action::SortBy1 => 1,
            Action::SortBy2 => 2,
            Action::SortBy3 => 3,
            Action::SortBy4 => 4,
            Action::SortBy5 => 5,
            Action::SortBy6 => 6,
            Action::SortBy7 => 7,
            Action::SortBy8 => 8,
            _ => 9,
        };
        if self.screen == Screen::Directors {
            let Some(c) = directors::DirectorColumn::ALL.get(n - 1).copied() else {
                return;
            };
            self.directors.sort_by(c);
            self.sorted_directors();
            return;
        }
        let shown = portfolio::columns_for(self.width, self.portfolio.mine_only);
        let Some(c) = shown.get(n - 1).copied() else {
            self.info(format!("there are {} columns on this screen", shown.len()));
            return;
        };
        self.portfolio.sort_by(c);
        self.sorted_portfolio();
    }

    /// After a sort of the Directors: from the top, and what it is sorted by.
    pub(super) fn sorted_directors(&mut self) {
        self.directors.list.selected = 0;
        let dir = if self.directors.descending {
            "↓"
        } else {
            "↑"
        };
        self.info(format!("sorted by {} {dir}", self.directors.sort.title()));
    }

    /// After a sort: the list from its top, and what it is sorted by.
    pub(super) fn sorted_portfolio(&mut self) {
        self.rebuild_portfolio();
        self.portfolio.list.top();
        self.portfolio.skip_header(true);
        let dir = if self.portfolio.descending {
            "↓"
        } else {
            "↑"
        };
        self.info(format!("sorted by {} {dir}", self.portfolio.sort.title()));
    }

    pub(super) fn rebuild_portfolio(&mut self) {
        let stages = self.stage_names();
        self.portfolio
            .rebuild(&self.me, &stages, self.config.unvisited_days);
    }

    /// Ranks the filter's hits beyond the names once the cursor nears
    /// them (a short filter over a big book ranks the names first).
    pub(super) fn rank_if_near(&mut self) {
        if self.screen == Screen::Portfolio && self.portfolio.needs_ranking(self.height as usize) {
            self.portfolio.rank_rest();
            self.rebuild_portfolio();
        }
    }
}

impl App {
    /// The keys that arrange what is shown: scope, sort, grouping, the month, the tab.
    pub(super) fn arrange(&mut self, action: Action) {
        use Action::*;
        match action {
            Acknowledged if self.screen == Screen::Signals => {
                self.signals.acknowledged = !self.signals.acknowledged;
                let mine = self.my_accounts();
                self.signals.scope(&mine);
            }
            Acknowledged => {}
            Filter if self.screen == Screen::Portfolio => self.portfolio.filtering = true,
            Scope => self.toggle_scope(),
            SortBy1 | SortBy2 | SortBy3 | SortBy4 | SortBy5 | SortBy6 | SortBy7 | SortBy8
            | SortBy9 => self.sort_by_shown(action),
            EarlierMonth | LaterMonth => self.trends.step(action == EarlierMonth),
            SortNext | SortReverse if self.screen == Screen::Directors => {
                if action == SortNext {
                    self.directors.cycle_sort();
                } else {
                    self.directors.reverse();
                }
                self.sorted_directors();
            }
            SortNext | SortReverse => {
                if action == SortNext {
                    self.portfolio.cycle_sort();
                } else {
                    self.portfolio.descending = !self.portfolio.descending;
                }
                self.sorted_portfolio();
            }
            Group if self.screen == Screen::Maturity => {
                self.maturity.next_grouping(&*self.store, &self.config);
                self.info(format!("maturity by {}", self.maturity.by_name));
            }
            Group => {
                let groups = self.portfolio.tag_groups.len();
                self.portfolio.group = self
                    .portfolio
                    .group
                    .within(&self.portfolio.tag_groups)
                    .next(groups);
                self.rebuild_portfolio();
                self.info(format!(
                    "accounts {}",
                    self.portfolio.group.label(&self.portfolio.tag_groups)
                ));
            }
            NextTab | PrevTab => {
                if let Some(a) = &mut self.account {
                    a.tab = if action == NextTab {
                        a.tab.next()
                    } else {
                        a.tab.prev()
                    };
                }
            }
            TabOverview | TabMetrics | TabVisits | TabCommitments | TabStakeholders
            | TabMoments | TabConnect => {
                let tab = match action {
                    TabOverview => Tab::Overview,
                    TabMetrics => Tab::Metrics,
                    TabVisits => Tab::Visits,
                    TabCommitments => Tab::Commitments,
                    TabStakeholders => Tab::Stakeholders,
                    TabMoments => Tab::Moments,
                    _ => Tab::Connect,
                };
                if let Some(a) = &mut self.account {
                    a.tab = tab;
                }
            }
            _ => {}
        }
    }

    /// `m`: my accounts or everyone's, on the screens that have the choice.
    pub(super) fn toggle_scope(&mut self) {
        match self.screen {
            Screen::Portfolio => {
                self.portfolio.owner = None;
                self.portfolio.mine_only = !self.portfolio.mine_only;
                self.rebuild_portfolio();
                self.info(if self.portfolio.mine_only {
                    "my accounts"
                } else {
                    "all accounts"
                });
            }
            Screen::Attention => {
                self.attention.mine_only = !self.attention.mine_only;
                let mine = self.my_accounts();
                self.attention.scope(&mine, &self.me);
            }
            Screen::Signals => {
                self.signals.mine_only = !self.signals.mine_only;
                let mine = self.my_accounts();
                self.signals.scope(&mine);
            }
            Screen::Lifecycle => {
                self.lifecycle.mine_only = !self.lifecycle.mine_only;
                self.lifecycle
                    .rebuild(&self.portfolio.rows, &self.config.stages, &self.me);
            }
            _ => {}
        }
    }
}
