//! Sorting and arranging the lists: the column a sort key names, the
//! portfolio's lines after a sort, a filter or a grouping.

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
