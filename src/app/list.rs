//! A selection in a list of known length, with the moves every list has,
//! and what every list screen answers (`ListScreen`).

use super::account::Tab;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
}

impl ListState {
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    pub fn up(&mut self, n: usize) {
        self.selected = self.selected.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize, len: usize) {
        self.selected = (self.selected + n).min(len.saturating_sub(1));
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }
}

/// What Enter on a list screen's row asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opens {
    Nothing,
    Account(i64, Tab),
    /// An account's metric (its number), on the Metrics tab.
    Metric {
        account: i64,
        metric: i64,
    },
    /// The portfolio with one director's accounts.
    AccountsOf(String),
    /// The portfolio with everyone's accounts.
    Everyone,
    /// The selected record's form.
    EditSelected,
}

/// A screen that is a list: its cursor, how many rows it has, and what
/// Enter on the selected one opens. The app moves, clicks and opens
/// through this, so a new list screen implements it and names itself in
/// `App::list_screen`.
pub trait ListScreen {
    fn cursor(&mut self) -> &mut ListState;
    fn row_count(&self) -> usize;
    fn opens(&self) -> Opens {
        Opens::Nothing
    }
    /// After the cursor moved (`forward`: down the list); a list with rows
    /// that cannot be selected steps off them here.
    fn moved(&mut self, _forward: bool) {}
}

/// The first item to show so that `selected` is visible in `height` rows,
/// keeping it near the middle when the list scrolls (pure: draw uses it).
pub fn window_start(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    let half = height / 2;
    selected.saturating_sub(half).min(len - height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_inside() {
        let mut l = ListState::default();
        l.up(1);
        assert_eq!(l.selected, 0);
        l.down(5, 3);
        assert_eq!(l.selected, 2);
        l.down(1, 0);
        assert_eq!(l.selected, 0);
        l.bottom(10);
        assert_eq!(l.selected, 9);
        l.clamp(4);
        assert_eq!(l.selected, 3);
    }

    #[test]
    fn windows() {
        assert_eq!(window_start(0, 100, 10), 0);
        assert_eq!(window_start(50, 100, 10), 45);
        assert_eq!(window_start(99, 100, 10), 90);
        assert_eq!(window_start(3, 5, 10), 0);
    }
}
