//! Connect (seed 004: customers speak to other customers, and to our own
//! people whose work lines up with their success metrics): which peers
//! reached what this customer aims at.

use super::{Direction, Metric};

/// Whether a peer's latest value `theirs` reached what `mine` aims at: its
/// target where it has one, else better than where it stands now.
pub fn reached(mine: &Metric, mine_latest: Option<f64>, theirs: f64) -> bool {
    let better = |a: f64, b: f64| match mine.direction {
        Direction::Higher => a >= b,
        Direction::Lower => a <= b,
    };
    match (mine.target, mine_latest) {
        (Some(t), _) => better(theirs, t),
        (None, Some(now)) => better(theirs, now) && theirs != now,
        (None, None) => false,
    }
}

/// Whether `theirs` is further along than `mine_latest` in the better
/// direction: a peer worth meeting even before anyone reached the target.
pub fn further(mine: &Metric, mine_latest: Option<f64>, theirs: f64) -> bool {
    match (mine_latest, mine.direction) {
        (Some(now), Direction::Higher) => theirs > now,
        (Some(now), Direction::Lower) => theirs < now,
        (None, _) => false,
    }
}

/// How far past the aim `theirs` is, in the better direction (for order).
pub fn margin(mine: &Metric, mine_latest: Option<f64>, theirs: f64) -> f64 {
    let aim = mine.target.or(mine_latest).unwrap_or(theirs);
    match mine.direction {
        Direction::Higher => theirs - aim,
        Direction::Lower => aim - theirs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(direction: Direction, target: Option<f64>) -> Metric {
        Metric {
            num: 1,
            unit: "min".into(),
            direction,
            target,
            ..Metric::new(1, "Door-to-needle")
        }
    }

    #[test]
    fn a_peer_reached_the_target_in_the_better_direction() {
        let lower = m(Direction::Lower, Some(45.0));
        assert!(reached(&lower, Some(62.0), 44.0));
        assert!(reached(&lower, Some(62.0), 45.0));
        assert!(!reached(&lower, Some(62.0), 50.0));
        let higher = m(Direction::Higher, Some(60.0));
        assert!(reached(&higher, None, 61.0));
        assert!(!reached(&higher, None, 59.0));
        assert_eq!(margin(&lower, Some(62.0), 40.0), 5.0);
    }

    #[test]
    fn further_along_is_better_than_where_we_stand_now() {
        let lower = m(Direction::Lower, Some(12.0));
        assert!(further(&lower, Some(27.0), 20.0));
        assert!(!further(&lower, Some(27.0), 27.0));
        assert!(!further(&lower, None, 1.0));
    }

    #[test]
    fn without_a_target_a_peer_is_better_than_where_we_stand() {
        let no_target = m(Direction::Higher, None);
        assert!(reached(&no_target, Some(50.0), 55.0));
        assert!(!reached(&no_target, Some(50.0), 50.0));
        assert!(!reached(&no_target, None, 99.0), "nothing to compare with");
    }
}
