//! The lifecycle view: the summary of `report::lifecycle` over the
//! portfolio's rows (mine or all), and a cursor over the overstays.

use super::held::{Held, Row};
use super::list::ListState;
use crate::domain::Stage;
use crate::report::lifecycle::Staged;
pub use crate::report::lifecycle::{lifecycle, Overstay, StageSummary};

impl Staged for Held {
    fn num(&self) -> i64 {
        self.num
    }
    fn stage(&self) -> &str {
        Held::stage(self)
    }
    fn handle(&self) -> &str {
        Held::handle(self)
    }
}

#[derive(Debug, Clone, Default)]
pub struct LifecycleView {
    pub stages: Vec<StageSummary>,
    /// Longest over first.
    pub overstays: Vec<Overstay>,
    pub list: ListState,
    pub mine_only: bool,
}

impl LifecycleView {
    pub fn rebuild(&mut self, rows: &[Row], stages: &[Stage], me: &str) {
        let mine = self.mine_only;
        let scoped = (0..rows.len()).filter(|i| !mine || rows[*i].account.owned_by(me));
        let (s, o) = lifecycle(rows, scoped, stages);
        self.stages = s;
        self.overstays = o;
        self.list.clamp(self.overstays.len());
    }
}

impl super::list::ListScreen for LifecycleView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.overstays.len()
    }
    fn opens(&self) -> super::list::Opens {
        self.overstays
            .get(self.list.selected)
            .map_or(super::list::Opens::Nothing, |o| {
                super::list::Opens::Account(o.account, super::account::Tab::Overview)
            })
    }
}
