//! The figures saydo computes and never lets anyone type: say/do ratio,
//! proactive share, days since the last visit, time in stage, progress.

use super::dates::{add_days, days_between, Date};
use super::model::{Baseline, Commitment, Direction, Intent, Measurement, Metric, Status, Visit};
use super::xmr;
use serde::Serialize;

/// The trailing window `[today - days + 1, today]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub days: u32,
    pub today: Date,
    // Kept, not worked out per call: `contains` runs once per commitment
    // of the whole book, and calendar arithmetic was a sixth of `stats`.
    start: Date,
}

impl Window {
    pub fn new(days: u32, today: Date) -> Self {
        let days = days.max(1);
        Window {
            days,
            today,
            start: add_days(today, -(days as i64 - 1)).unwrap_or(Date::MIN),
        }
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn contains(&self, d: Date) -> bool {
        d >= self.start && d <= self.today
    }
}

/// Say/do over a window: kept on time ÷ judged; renegotiated counted beside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SayDo {
    pub kept_on_time: u32,
    pub judged: u32,
    pub renegotiated: u32,
}

impl SayDo {
    /// `None` when nothing was judged: that is "—", never 0% or 100%.
    pub fn ratio(&self) -> Option<f64> {
        (self.judged > 0).then(|| self.kept_on_time as f64 / self.judged as f64)
    }

    pub fn add(&mut self, other: SayDo) {
        self.kept_on_time += other.kept_on_time;
        self.judged += other.judged;
        self.renegotiated += other.renegotiated;
    }

    /// "86%", or "—" when nothing was judged.
    pub fn percent(&self) -> String {
        percent(self.ratio())
    }

    /// "86% · 12/14 · 2 renegotiated".
    pub fn describe(&self) -> String {
        match self.ratio() {
            None => "—".into(),
            Some(_) => {
                let mut s = format!("{} · {}/{}", self.percent(), self.kept_on_time, self.judged);
                if self.renegotiated > 0 {
                    s.push_str(&format!(" · {} renegotiated", self.renegotiated));
                }
                s
            }
        }
    }
}

/// Rounds a share to a whole percent, "—" for none.
/// A number with its unit, without trailing zeros: "42 min", "—".
pub fn with_unit(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let n = format!("{v:.2}");
            let n = n.trim_end_matches('0').trim_end_matches('.').to_string();
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }
    }
}

pub fn percent(r: Option<f64>) -> String {
    match r {
        None => "—".into(),
        // Rounded first, then written as a whole number: `{:.0}` of a
        // float takes the slow exact path, a cost in a 100,000-row list.
        Some(r) => format!("{}%", (r * 100.0).round() as i64),
    }
}

/// What say/do and the trends need of a commitment: the whole record, or
/// the compact [`super::digest::Promise`] a book keeps per account.
pub trait Judged {
    fn status(&self) -> Status;
    /// The due date it is judged against ([`Commitment::judged_due`]).
    fn judged_due(&self) -> Date;
    fn resolved_on(&self) -> Option<Date>;
    fn renegotiated(&self) -> bool;
}

impl Judged for Commitment {
    fn status(&self) -> Status {
        self.status
    }
    fn judged_due(&self) -> Date {
        Commitment::judged_due(self)
    }
    fn resolved_on(&self) -> Option<Date> {
        self.resolved_on
    }
    fn renegotiated(&self) -> bool {
        !self.renegotiations.is_empty()
    }
}

/// What the visit figures need of a visit.
pub trait Visited {
    fn on(&self) -> Date;
    fn proactive(&self) -> bool;
}

impl Visited for Visit {
    fn on(&self) -> Date {
        self.on
    }
    fn proactive(&self) -> bool {
        self.intent == Intent::Proactive
    }
}

/// When a commitment is judged, if it is by `today`: the earlier of its
/// resolution date (kept, kept late, broken) and the due date it is judged
/// against ([`Commitment::judged_due`]: the latest one agreed in time); an
/// open one on that date once it has passed. Dropped: never.
pub fn judged_on(c: &impl Judged, today: Date) -> Option<Date> {
    let due = c.judged_due();
    let on = match c.status() {
        Status::Dropped => return None,
        Status::Open => {
            if due < today {
                due
            } else {
                return None;
            }
        }
        Status::Kept | Status::KeptLate | Status::Broken => match c.resolved_on() {
            Some(r) => r.min(due),
            None => due,
        },
    };
    (on <= today).then_some(on)
}

/// Kept on or before the due date it is judged against.
pub fn kept_on_time(c: &impl Judged) -> bool {
    match c.status() {
        Status::Kept => c.resolved_on().is_none_or(|r| r <= c.judged_due()),
        _ => false,
    }
}

pub fn say_do<'a, C: Judged + 'a>(
    commitments: impl IntoIterator<Item = &'a C>,
    w: Window,
) -> SayDo {
    let mut s = SayDo::default();
    for c in commitments {
        let Some(on) = judged_on(c, w.today) else {
            continue;
        };
        if !w.contains(on) {
            continue;
        }
        s.judged += 1;
        if kept_on_time(c) {
            s.kept_on_time += 1;
        }
        if c.renegotiated() {
            s.renegotiated += 1;
        }
    }
    s
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VisitMix {
    pub proactive: u32,
    pub total: u32,
}

impl VisitMix {
    pub fn share(&self) -> Option<f64> {
        (self.total > 0).then(|| self.proactive as f64 / self.total as f64)
    }

    pub fn add(&mut self, other: VisitMix) {
        self.proactive += other.proactive;
        self.total += other.total;
    }
}

/// Proactive visits ÷ all visits in the window.
pub fn visit_mix<'a, V: Visited + 'a>(
    visits: impl IntoIterator<Item = &'a V>,
    w: Window,
) -> VisitMix {
    let mut m = VisitMix::default();
    for v in visits.into_iter().filter(|v| w.contains(v.on())) {
        m.total += 1;
        if v.proactive() {
            m.proactive += 1;
        }
    }
    m
}

/// One calendar month's figures, for trends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Month {
    pub say_do: SayDo,
    pub visits: VisitMix,
}

impl Month {
    /// Adds (or with `remove`, takes away) another's counts.
    pub fn merge(&mut self, o: &Month, remove: bool) {
        let f = |a: &mut u32, b: u32| *a = if remove { a.saturating_sub(b) } else { *a + b };
        f(&mut self.say_do.kept_on_time, o.say_do.kept_on_time);
        f(&mut self.say_do.judged, o.say_do.judged);
        f(&mut self.say_do.renegotiated, o.say_do.renegotiated);
        f(&mut self.visits.proactive, o.visits.proactive);
        f(&mut self.visits.total, o.visits.total);
    }
}

/// How many months a trend covers.
pub const TREND_MONTHS: usize = 12;

/// The first day of each of the trend's months, oldest first, ending with
/// today's month.
pub fn trend_months(today: Date) -> Vec<Date> {
    let index = today.year() as i32 * 12 + today.month() as i32 - 1;
    (0..TREND_MONTHS as i32)
        .map(|k| {
            let i = index - (TREND_MONTHS as i32 - 1) + k;
            Date::new((i / 12) as i16, (i % 12 + 1) as i8, 1).unwrap_or(today)
        })
        .collect()
}

/// Say/do and visits per calendar month over the last twelve, oldest
/// first: a commitment counts in the month it is judged (as for say/do),
/// a visit in the month it happened.
pub fn monthly<'a, C: Judged + 'a, V: Visited + 'a>(
    commitments: impl IntoIterator<Item = &'a C>,
    visits: impl IntoIterator<Item = &'a V>,
    today: Date,
) -> [Month; TREND_MONTHS] {
    let mut out = [Month::default(); TREND_MONTHS];
    let last = today.year() as i32 * 12 + today.month() as i32 - 1;
    let slot = |d: Date| -> Option<usize> {
        let back = last - (d.year() as i32 * 12 + d.month() as i32 - 1);
        (0..TREND_MONTHS as i32)
            .contains(&back)
            .then(|| TREND_MONTHS - 1 - back as usize)
    };
    for c in commitments {
        let Some(on) = judged_on(c, today) else {
            continue;
        };
        if let Some(i) = slot(on) {
            let s = &mut out[i].say_do;
            s.judged += 1;
            if kept_on_time(c) {
                s.kept_on_time += 1;
            }
            if c.renegotiated() {
                s.renegotiated += 1;
            }
        }
    }
    for v in visits {
        if let Some(i) = slot(v.on()).filter(|_| v.on() <= today) {
            out[i].visits.total += 1;
            if v.proactive() {
                out[i].visits.proactive += 1;
            }
        }
    }
    out
}

/// A line of bars, one per value, scaled to `max`; a gap where there is
/// no value (nothing judged, no visit).
pub fn sparkline(values: &[Option<f64>], max: f64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            None => '·',
            Some(_) if max <= 0.0 => BARS[0],
            Some(x) => {
                let i = ((x / max).clamp(0.0, 1.0) * 7.0).round() as usize;
                BARS[i]
            }
        })
        .collect()
}

/// Days since the latest visit on or before today; `None` if never visited.
pub fn days_since_last_visit<'a, V: Visited + 'a>(
    visits: impl IntoIterator<Item = &'a V>,
    today: Date,
) -> Option<i64> {
    visits
        .into_iter()
        .map(|v| v.on())
        .filter(|d| *d <= today)
        .max()
        .map(|d| days_between(d, today))
}

/// Days in the current stage.
pub fn days_in_stage(stage_since: Date, today: Date) -> i64 {
    days_between(stage_since, today).max(0)
}

/// How far a metric has come from its baseline towards its target: 0 at the
/// baseline, 1 at the target, negative when it moved the wrong way, above 1
/// past the target. `None` without a baseline, a target or a measurement,
/// or when target and baseline are equal.
pub fn progress(metric: &Metric, latest: Option<f64>) -> Option<f64> {
    let base = metric.baseline.as_ref()?.value;
    let target = metric.target?;
    let latest = latest?;
    let span = target - base;
    if span == 0.0 || !span.is_finite() {
        return None;
    }
    // A target on the wrong side of the baseline for the metric's direction
    // still reads as "towards the target", so the sign of `span` decides.
    let p = (latest - base) / span;
    p.is_finite().then_some(p)
}

/// The baseline a metric's figures start from: its own, or — while there
/// is none (a proxy stands in) — its first measurement, so that progress and
/// on/off track always speak of the same starting point.
pub fn baseline_for(metric: &Metric, measurements: &[Measurement]) -> Option<Baseline> {
    if let Some(b) = &metric.baseline {
        return Some(b.clone());
    }
    let first = measurements.iter().min_by_key(|m| (m.on, m.num))?;
    let latest = measurements.iter().max_by_key(|m| (m.on, m.num))?;
    (first.num != latest.num || measurements.len() > 1).then_some(Baseline {
        value: first.value,
        on: first.on,
    })
}

/// Progress from [`baseline_for`] to the target at the latest measurement.
pub fn progress_of(metric: &Metric, measurements: &[Measurement]) -> Option<f64> {
    let base = baseline_for(metric, measurements)?;
    let latest = measurements.iter().max_by_key(|m| (m.on, m.num))?;
    let with_base = Metric {
        baseline: Some(base),
        ..metric.clone()
    };
    progress(&with_base, Some(latest.value))
}

/// Whether `a` is at least as good as `b` for a metric with this direction.
pub fn at_least_as_good(direction: Direction, a: f64, b: f64) -> bool {
    match direction {
        Direction::Higher => a >= b,
        Direction::Lower => a <= b,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    OnTrack,
    OffTrack,
    /// No measurement yet, or nothing to compare it with.
    Unknown,
}

/// On track when the latest measurement is at least as good as the straight
/// line from the baseline (value, date) to the target (value, date) at that
/// measurement's date; without a target date, at least as good as the
/// baseline. Without a baseline the first measurement stands in for it.
pub fn track(metric: &Metric, measurements: &[Measurement]) -> Track {
    let Some(latest) = measurements.iter().max_by_key(|m| m.on) else {
        return Track::Unknown;
    };
    let Some(base) = baseline_for(metric, measurements) else {
        return Track::Unknown;
    };
    let expected = match (metric.target, metric.target_on) {
        (Some(target), Some(target_on)) if target_on > base.on => {
            let total = days_between(base.on, target_on) as f64;
            let elapsed = (days_between(base.on, latest.on) as f64).clamp(0.0, total);
            base.value + (target - base.value) * elapsed / total
        }
        _ => base.value,
    };
    if at_least_as_good(metric.direction, latest.value, expected) {
        Track::OnTrack
    } else {
        Track::OffTrack
    }
}

/// The signals of a metric's chart that nobody has written a note on.
pub fn open_signals(
    m: &Metric,
    ms: &[Measurement],
    noted: &[(i64, xmr::Rule, Date)],
) -> Vec<xmr::Signal> {
    let values: Vec<f64> = ms.iter().map(|x| x.value).collect();
    xmr::chart(&values).map_or_else(Vec::new, |c| {
        c.signals
            .into_iter()
            .filter(|s| {
                let on = ms.get(s.last).map(|x| x.on);
                !noted
                    .iter()
                    .any(|(metric, rule, d)| *metric == m.num && *rule == s.rule && Some(*d) == on)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests;
