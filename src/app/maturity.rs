//! The engagement maturity screen: the latest levels of the accounts
//! assessed, averaged per dimension, by market (region) or by one of the
//! config's tag groups (a therapeutic area); `b` steps through them.

use super::list::ListState;
use crate::config::Config;
use crate::domain::maturity::HeatRow;
use crate::report::maturity::table;
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct MaturityView {
    pub list: ListState,
    /// 0: by market; i: by the config's tag group i - 1.
    pub by: usize,
    /// What the rows are: "market", "Therapeutic area".
    pub by_name: String,
    pub dimensions: Vec<String>,
    pub levels: usize,
    pub rows: Vec<HeatRow>,
    /// How many accounts were assessed at all.
    pub assessed: usize,
    pub problem: Option<String>,
}

impl MaturityView {
    pub fn refresh(&mut self, store: &dyn Store, config: &Config) {
        if self.by > config.tag_groups.len() {
            self.by = 0;
        }
        match table(
            store,
            &config.maturity.dimensions,
            &config.tag_group_list(),
            self.by,
        ) {
            Ok((name, rows, n)) => {
                self.by_name = name;
                self.rows = rows;
                self.assessed = n;
                self.problem = None;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
        self.dimensions = config.maturity.dimensions.clone();
        self.levels = config.maturity.levels.len();
        self.list.clamp(self.rows.len());
    }

    /// Markets, then each tag group, then markets again.
    pub fn next_grouping(&mut self, store: &dyn Store, config: &Config) {
        self.by = (self.by + 1) % (config.tag_groups.len() + 1);
        self.list.top();
        self.refresh(store, config);
    }
}

impl super::list::ListScreen for MaturityView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
}
