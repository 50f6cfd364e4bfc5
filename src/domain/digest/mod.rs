//! What an account's figures need of its records, and nothing else: the
//! book keeps one per account, brought up to date in the transaction of
//! every write, so a start reads one compact row per account instead of
//! every record.
//!
//! Nothing in a digest depends on today or on the config: due dates,
//! resolution dates, visit dates and what each metric's chart says. The
//! figures are worked out from it on the day they are read (the say/do
//! window, overdue, due soon, days since the last visit), so a digest
//! stored yesterday gives today's figures, and the figures of a book left
//! open across midnight are right the next morning.

use super::dates::Date;
use super::figures::{open_signals, track, Judged, Track, Visited};
use super::model::{
    due_soon, Choice, Commitment, Direction, Intent, Measurement, Metric, Status, Visit,
};
use super::xmr::{self, Rule, Side};
use std::sync::Arc;

mod codec;
pub use codec::{Names, VERSION};

/// A commitment as the figures see it (dropped ones are not kept: they
/// are never judged and never open).
#[derive(Debug, Clone, PartialEq)]
pub struct Promise {
    pub num: i64,
    /// What was promised, while it is open (the listings of what needs
    /// attention show it); empty once resolved, to keep digests small.
    pub what: String,
    /// Who made it (whose say/do it counts in); shared between the
    /// promises of one owner.
    pub owner: Arc<str>,
    /// The latest agreed due date ([`Commitment::due`]).
    pub due: Date,
    /// The due date it is judged against ([`Commitment::judged_due`]).
    pub judged_due: Date,
    pub status: Status,
    pub resolved_on: Option<Date>,
    pub renegotiated: bool,
}

impl Promise {
    pub fn of(c: &Commitment) -> Promise {
        Promise {
            num: c.num,
            what: if c.status == Status::Open {
                c.what.clone()
            } else {
                String::new()
            },
            owner: c.owner.as_str().into(),
            due: c.due(),
            judged_due: c.judged_due(),
            status: c.status,
            resolved_on: c.resolved_on,
            renegotiated: !c.renegotiations.is_empty(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// As [`Commitment::is_overdue`].
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && self.due < today
    }

    /// As [`Commitment::is_due_soon`].
    pub fn is_due_soon(&self, today: Date) -> bool {
        self.is_open() && due_soon(self.due, today)
    }
}

impl Judged for Promise {
    fn status(&self) -> Status {
        self.status
    }
    fn judged_due(&self) -> Date {
        self.judged_due
    }
    fn resolved_on(&self) -> Option<Date> {
        self.resolved_on
    }
    fn renegotiated(&self) -> bool {
        self.renegotiated
    }
}

/// A visit's date and whether it was proactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitMark {
    pub on: Date,
    pub proactive: bool,
}

impl Visited for VisitMark {
    fn on(&self) -> Date {
        self.on
    }
    fn proactive(&self) -> bool {
        self.proactive
    }
}

/// A visit whose experience is complete — every commitment made in it
/// resolved — and whose feedback nobody has asked for yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub visit: i64,
    /// The visit's date.
    pub on: Date,
    /// When its last commitment was resolved: the experience complete.
    pub complete_on: Date,
    pub commitments: u32,
}

/// For how long after a visit's experience is complete its feedback is
/// worth asking for: later, nobody remembers how it went.
pub const ASK_WITHIN_DAYS: i64 = 30;

impl Ask {
    /// Days since the experience was complete, while feedback is still
    /// worth asking for on `today`.
    pub fn due(&self, today: Date) -> Option<i64> {
        let since = super::dates::days_between(self.complete_on, today);
        (0..=ASK_WITHIN_DAYS).contains(&since).then_some(since)
    }

    /// The asks of an account's visits, newest visit first.
    pub fn of(commitments: &[Commitment], visits: &[Visit]) -> Vec<Ask> {
        visits
            .iter()
            .filter(|v| v.feedback.is_none())
            .filter_map(|v| {
                let made: Vec<&Commitment> = commitments
                    .iter()
                    .filter(|c| c.visit == Some(v.num))
                    .collect();
                if made.is_empty() || made.iter().any(|c| c.is_open()) {
                    return None;
                }
                Some(Ask {
                    visit: v.num,
                    on: v.on,
                    complete_on: made.iter().filter_map(|c| c.resolved_on).max()?,
                    commitments: made.len() as u32,
                })
            })
            .collect()
    }
}

/// One signal of a metric's chart, as the signals inbox lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalMark {
    pub rule: Rule,
    /// The date of the signal's last point, and its value.
    pub on: Date,
    pub value: f64,
    pub side: Side,
    /// Whether that side is the better one for the metric's direction.
    pub better: bool,
}

/// What a metric's measurements and notes say.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricMark {
    pub num: i64,
    pub name: String,
    pub track: Track,
    /// Signals nobody has written a note on.
    pub open_signals: u32,
    /// A signal without a note that takes in the latest measurement.
    pub fresh: Option<Rule>,
    /// The latest measurement's date.
    pub last_on: Option<Date>,
    /// How often it is to be measured (its definition), in days.
    pub every_days: Option<u32>,
    /// Every signal of the chart, noted or not.
    pub chart: Vec<SignalMark>,
}

impl MetricMark {
    /// Days a measurement is overdue for the metric's frequency on `today`
    /// (0: due today); `None` when it is not due or has no frequency. A
    /// metric never measured is due from the start.
    pub fn measurement_late(&self, today: Date) -> Option<i64> {
        let every = self.every_days? as i64;
        match self.last_on {
            None => Some(0),
            Some(last) => {
                let late = super::dates::days_between(last, today) - every;
                (late >= 0).then_some(late)
            }
        }
    }

    pub fn of(m: &Metric, ms: &[Measurement], noted: &[(i64, Rule, Date)]) -> MetricMark {
        let open = open_signals(m, ms, noted);
        let values: Vec<f64> = ms.iter().map(|x| x.value).collect();
        let chart = xmr::chart(&values).map_or_else(Vec::new, |c| {
            c.signals
                .iter()
                .filter_map(|s| {
                    let last = ms.get(s.last)?;
                    Some(SignalMark {
                        rule: s.rule,
                        on: last.on,
                        value: last.value,
                        side: s.side,
                        better: matches!(
                            (m.direction, s.side),
                            (Direction::Higher, Side::Above) | (Direction::Lower, Side::Below)
                        ),
                    })
                })
                .collect()
        });
        MetricMark {
            num: m.num,
            name: m.name.clone(),
            track: track(m, ms),
            open_signals: open.len() as u32,
            fresh: open.iter().find(|s| s.last + 1 == ms.len()).map(|s| s.rule),
            last_on: ms.last().map(|x| x.on),
            every_days: m.definition.every_days,
            chart,
        }
    }
}

/// One account's digest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Digest {
    /// By number.
    pub promises: Vec<Promise>,
    /// Newest first, as the records are read.
    pub visits: Vec<VisitMark>,
    /// By number.
    pub metrics: Vec<MetricMark>,
    /// Visits whose feedback is to be asked for.
    pub asks: Vec<Ask>,
}

impl Digest {
    /// From an account's records: its commitments, visits, metrics with
    /// their measurements (oldest first) and the signals noted.
    pub fn of(
        commitments: &[Commitment],
        visits: &[Visit],
        metrics: &[(Metric, Vec<Measurement>)],
        noted: &[(i64, Rule, Date)],
    ) -> Digest {
        let mut promises: Vec<Promise> = commitments
            .iter()
            .filter(|c| c.status != Status::Dropped)
            .map(Promise::of)
            .collect();
        promises.sort_by_key(|p| p.num);
        Digest {
            promises,
            visits: visits
                .iter()
                .map(|v| VisitMark {
                    on: v.on,
                    proactive: v.intent == Intent::Proactive,
                })
                .collect(),
            metrics: metrics
                .iter()
                .map(|(m, ms)| MetricMark::of(m, ms, noted))
                .collect(),
            asks: Ask::of(commitments, visits),
        }
    }
}

#[cfg(test)]
mod tests;
