//! A selection in a list of known length, with the moves every list has.

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
