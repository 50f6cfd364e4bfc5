//! The XmR (process behaviour) chart of the PuMP method: a central line,
//! natural process limits from the average moving range, and the signals
//! that tell a real change from routine variation.

use serde::{Deserialize, Serialize};

/// The scaling constant for individual values (3 / d2, d2 = 1.128).
pub const NPL_FACTOR: f64 = 2.66;

/// The upper range limit over the average moving range (D4 for n = 2).
pub const URL_FACTOR: f64 = 3.268;

/// The moving ranges: how far each value moved from the one before.
pub fn moving_ranges(values: &[f64]) -> Vec<f64> {
    values.windows(2).map(|w| (w[1] - w[0]).abs()).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limits {
    pub central: f64,
    pub upper: f64,
    pub lower: f64,
    pub avg_moving_range: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A point beyond a natural process limit.
    BeyondLimit,
    /// Eight points in a row on one side of the central line.
    RunOfEight,
    /// Three of four points in a row closer to a limit than to the central line.
    ThreeOfFour,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::BeyondLimit, Rule::RunOfEight, Rule::ThreeOfFour];

    /// The word stored and exchanged.
    pub fn word(self) -> &'static str {
        match self {
            Rule::BeyondLimit => "beyond-limit",
            Rule::RunOfEight => "run-of-8",
            Rule::ThreeOfFour => "3-of-4",
        }
    }

    pub fn from_word(w: &str) -> Result<Rule, super::Invalid> {
        Rule::ALL
            .into_iter()
            .find(|r| r.word() == w.trim())
            .ok_or_else(|| {
                format!("`{w}`: not a signal rule; one of beyond-limit, run-of-8, 3-of-4").into()
            })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Rule::BeyondLimit => "point beyond a limit",
            Rule::RunOfEight => "8 in a row on one side",
            Rule::ThreeOfFour => "3 of 4 near a limit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Above,
    Below,
}

/// One signal: the rule, the side, and the points (indices, inclusive) that make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub rule: Rule,
    pub side: Side,
    pub first: usize,
    pub last: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub limits: Limits,
    pub signals: Vec<Signal>,
}

impl Chart {
    /// Whether point `i` is part of any signal.
    pub fn flags(&self, i: usize) -> bool {
        self.signals.iter().any(|s| (s.first..=s.last).contains(&i))
    }
}

/// The fewest points limits are computed from. Wheeler's advice for
/// process behaviour charts: limits from 5 or 6 values are already useful
/// (they firm up by 20 or so); from fewer, one odd month moves them so far
/// that every "signal" would be noise.
pub const MIN_POINTS: usize = 6;

/// Limits from the values in time order; `None` with fewer than
/// [`MIN_POINTS`] values or with a non-finite value.
pub fn limits(values: &[f64]) -> Option<Limits> {
    if values.len() < MIN_POINTS || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len() as f64;
    let central = values.iter().sum::<f64>() / n;
    let avg_moving_range = moving_ranges(values).iter().sum::<f64>() / (n - 1.0);
    let spread = NPL_FACTOR * avg_moving_range;
    Some(Limits {
        central,
        upper: central + spread,
        lower: central - spread,
        avg_moving_range,
    })
}

impl Limits {
    /// The upper range limit: a moving range above it is a jump that
    /// routine variation does not make.
    pub fn upper_range(&self) -> f64 {
        URL_FACTOR * self.avg_moving_range
    }
}

/// Which side of `line` a value lies on; values within rounding error of
/// it (a mean of equal values is not always exactly that value) are on it.
fn side_of(v: f64, line: f64) -> Option<Side> {
    let eps = 1e-9 * line.abs().max(1.0);
    if v > line + eps {
        Some(Side::Above)
    } else if v < line - eps {
        Some(Side::Below)
    } else {
        None
    }
}

/// Closer to the limit than to the central line, on that side.
fn near_limit(v: f64, l: &Limits) -> Option<Side> {
    let half = (l.upper - l.central) / 2.0;
    match side_of(v, l.central)? {
        Side::Above if side_of(v, l.central + half) == Some(Side::Above) => Some(Side::Above),
        Side::Below if side_of(v, l.central - half) == Some(Side::Below) => Some(Side::Below),
        _ => None,
    }
}

/// The chart for values in time order: limits from all of them, and every
/// signal. Runs are reported once, over their whole length.
pub fn chart(values: &[f64]) -> Option<Chart> {
    let limits = limits(values)?;
    let mut signals = Vec::new();

    for (i, &v) in values.iter().enumerate() {
        let beyond = match side_of(v, limits.central) {
            Some(Side::Above) => side_of(v, limits.upper) == Some(Side::Above),
            Some(Side::Below) => side_of(v, limits.lower) == Some(Side::Below),
            None => false,
        };
        if beyond {
            let side = side_of(v, limits.central).unwrap_or(Side::Above);
            signals.push(Signal {
                rule: Rule::BeyondLimit,
                side,
                first: i,
                last: i,
            });
        }
    }

    let mut i = 0;
    while i < values.len() {
        let Some(s) = side_of(values[i], limits.central) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 1 < values.len() && side_of(values[j + 1], limits.central) == Some(s) {
            j += 1;
        }
        if j + 1 - i >= 8 {
            signals.push(Signal {
                rule: Rule::RunOfEight,
                side: s,
                first: i,
                last: j,
            });
        }
        i = j + 1;
    }

    // Windows of four with three near the same limit; overlapping windows
    // merge into one signal.
    for s in [Side::Above, Side::Below] {
        let mut current: Option<Signal> = None;
        for start in 0..values.len().saturating_sub(3) {
            let near = values[start..start + 4]
                .iter()
                .filter(|v| near_limit(**v, &limits) == Some(s))
                .count();
            if near >= 3 {
                let (first, last) = (start, start + 3);
                match current.as_mut() {
                    Some(c) if first <= c.last => c.last = last,
                    _ => {
                        if let Some(c) = current.take() {
                            signals.push(c);
                        }
                        current = Some(Signal {
                            rule: Rule::ThreeOfFour,
                            side: s,
                            first,
                            last,
                        });
                    }
                }
            }
        }
        if let Some(c) = current {
            signals.push(c);
        }
    }

    signals.sort_by_key(|s| (s.first, s.last));
    Some(Chart { limits, signals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn limits_by_hand() {
        // Mean 11; moving ranges all 2 → average 2; limits 11 ± 5.32.
        let l = limits(&[10.0, 12.0, 10.0, 12.0, 10.0, 12.0]).unwrap();
        assert!((l.central - 11.0).abs() < 1e-9);
        assert!((l.avg_moving_range - 2.0).abs() < 1e-9);
        assert!((l.upper - 16.32).abs() < 1e-9);
        assert!((l.lower - 5.68).abs() < 1e-9);
        assert!((l.upper_range() - 6.536).abs() < 1e-9);
        assert!(limits(&[1.0]).is_none());
        assert_eq!(moving_ranges(&[10.0, 12.0, 9.0]), vec![2.0, 3.0]);
    }

    #[test]
    fn routine_variation_has_no_signal() {
        let v = [10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 11.0];
        assert!(chart(&v).unwrap().signals.is_empty());
    }

    #[test]
    fn a_point_beyond_the_limit() {
        // Mean 11.875; mR̄ = (13 × 2 + 13 + 14) / 15 ≈ 3.53 → upper limit ≈ 21.27.
        let v = [
            10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0,
            25.0, 11.0,
        ];
        let c = chart(&v).unwrap();
        assert!(c.signals.contains(&Signal {
            rule: Rule::BeyondLimit,
            side: Side::Above,
            first: 14,
            last: 14
        }));
        assert!(c.flags(14));
        assert!(!c.flags(0));
    }

    #[test]
    fn a_run_of_eight_after_a_shift() {
        // Ten low values then ten high ones: each half sits on one side.
        let mut v: Vec<f64> = (0..10).map(|i| 10.0 + (i % 2) as f64).collect();
        v.extend((0..10).map(|i| 14.0 + (i % 2) as f64));
        let c = chart(&v).unwrap();
        let runs: Vec<&Signal> = c
            .signals
            .iter()
            .filter(|s| s.rule == Rule::RunOfEight)
            .collect();
        assert_eq!(runs.len(), 2);
        assert_eq!(
            (runs[0].side, runs[0].first, runs[0].last),
            (Side::Below, 0, 9)
        );
        assert_eq!(
            (runs[1].side, runs[1].first, runs[1].last),
            (Side::Above, 10, 19)
        );
    }

    #[test]
    fn three_of_four_near_the_upper_limit() {
        // Central 10.5375, mR̄ 0.72 → limits 8.62..12.45, halfway up 11.495:
        // points 8, 9 and 11 lie above it, all within the limits.
        let v = [
            10.0, 10.6, 10.0, 10.6, 10.0, 10.6, 10.0, 10.6, 11.5, 11.6, 10.4, 11.5, 10.0, 10.6,
            10.0, 10.6,
        ];
        let c = chart(&v).unwrap();
        let l = &c.limits;
        assert!(v.iter().all(|x| *x <= l.upper && *x >= l.lower), "{l:?}");
        let s: Vec<&Signal> = c
            .signals
            .iter()
            .filter(|s| s.rule == Rule::ThreeOfFour)
            .collect();
        assert_eq!(s.len(), 1, "{:?} {l:?}", c.signals);
        assert_eq!((s[0].side, s[0].first, s[0].last), (Side::Above, 8, 11));
    }

    proptest! {
        #[test]
        fn limits_bracket_the_centre(v in proptest::collection::vec(-1e6f64..1e6, MIN_POINTS..60)) {
            let c = chart(&v).unwrap();
            prop_assert!(c.limits.lower <= c.limits.central && c.limits.central <= c.limits.upper);
            for s in &c.signals {
                prop_assert!(s.first <= s.last && s.last < v.len());
            }
        }

        #[test]
        fn constant_values_have_no_signal(x in -1e6f64..1e6, n in MIN_POINTS..40) {
            prop_assert!(chart(&vec![x; n]).unwrap().signals.is_empty());
        }

        #[test]
        fn too_few_points_give_no_limits_and_no_signal(v in proptest::collection::vec(-1e6f64..1e6, 0..MIN_POINTS)) {
            prop_assert!(chart(&v).is_none());
        }
    }
}
