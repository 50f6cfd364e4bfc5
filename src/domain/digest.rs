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

    /// The stored form: compact, versioned by its first byte.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(64));
        w.0.push(VERSION);
        // Each owner once, then promises name theirs by its place.
        let mut owners: Vec<&str> = Vec::new();
        for p in &self.promises {
            if !owners.contains(&&*p.owner) {
                owners.push(&p.owner);
            }
        }
        w.int(owners.len() as i64);
        for o in &owners {
            w.text(o);
        }
        w.int(self.promises.len() as i64);
        for p in &self.promises {
            w.int(p.num);
            w.text(&p.what);
            w.int(owners.iter().position(|o| *o == &*p.owner).unwrap_or(0) as i64);
            w.date(p.due);
            w.date(p.judged_due);
            w.choice(p.status);
            w.0.push(p.renegotiated as u8 | (p.resolved_on.is_some() as u8) << 1);
            if let Some(r) = p.resolved_on {
                w.date(r);
            }
        }
        w.int(self.visits.len() as i64);
        for v in &self.visits {
            w.date(v.on);
            w.0.push(v.proactive as u8);
        }
        w.int(self.metrics.len() as i64);
        for m in &self.metrics {
            w.int(m.num);
            w.text(&m.name);
            w.0.push(track_code(m.track));
            w.int(m.open_signals as i64);
            w.0.push(m.fresh.map_or(0, |r| rule_code(r) + 1));
            match m.last_on {
                Some(d) => {
                    w.0.push(1);
                    w.date(d);
                }
                None => w.0.push(0),
            }
            w.int(m.every_days.map_or(0, |d| d as i64 + 1));
            w.int(m.chart.len() as i64);
            for s in &m.chart {
                w.0.push(
                    rule_code(s.rule)
                        | ((s.side == Side::Below) as u8) << 3
                        | (s.better as u8) << 4,
                );
                w.date(s.on);
                w.0.extend_from_slice(&s.value.to_le_bytes());
            }
        }
        w.int(self.asks.len() as i64);
        for a in &self.asks {
            w.int(a.visit);
            w.date(a.on);
            w.date(a.complete_on);
            w.int(a.commitments as i64);
        }
        w.0
    }

    /// The digest stored by [`Digest::encode`]; `None` for anything else
    /// (another version, a damaged row): the caller works it out again
    /// from the records.
    pub fn decode(bytes: &[u8]) -> Option<Digest> {
        Digest::decode_sharing(bytes, &mut Names::default())
    }

    /// As [`Digest::decode`], the owners' names shared with the digests
    /// decoded before through `names` (a book has few people and many
    /// accounts: one allocation each, not one per account).
    pub fn decode_sharing(bytes: &[u8], names: &mut Names) -> Option<Digest> {
        let mut r = Reader(bytes);
        if r.byte()? != VERSION {
            return None;
        }
        let mut d = Digest::default();
        let k = r.count()?;
        let mut owners: Vec<Arc<str>> = Vec::with_capacity(k);
        for _ in 0..k {
            let n = r.count()?;
            owners.push(names.get(r.take(n)?)?);
        }
        let n = r.count()?;
        d.promises.reserve(n);
        for _ in 0..n {
            let num = r.int()?;
            let what = names.words(&mut r)?;
            let owner = owners.get(usize::try_from(r.int()?).ok()?)?.clone();
            let due = r.date()?;
            let judged_due = r.date()?;
            let status = r.choice::<Status>()?;
            let flags = r.byte()?;
            let resolved_on = if flags & 2 != 0 {
                Some(r.date()?)
            } else {
                None
            };
            d.promises.push(Promise {
                num,
                what,
                owner,
                due,
                judged_due,
                status,
                resolved_on,
                renegotiated: flags & 1 != 0,
            });
        }
        let n = r.count()?;
        d.visits.reserve(n);
        for _ in 0..n {
            let on = r.date()?;
            let proactive = r.byte()? != 0;
            d.visits.push(VisitMark { on, proactive });
        }
        let n = r.count()?;
        d.metrics.reserve(n);
        for _ in 0..n {
            let num = r.int()?;
            let name = names.words(&mut r)?;
            let track = track_of(r.byte()?)?;
            let open_signals = u32::try_from(r.int()?).ok()?;
            let fresh = match r.byte()? {
                0 => None,
                c => Some(rule_of(c - 1)?),
            };
            let last_on = match r.byte()? {
                0 => None,
                _ => Some(r.date()?),
            };
            let every_days = match r.int()? {
                0 => None,
                d => Some(u32::try_from(d - 1).ok()?),
            };
            let k = r.count()?;
            let mut chart = Vec::with_capacity(k);
            for _ in 0..k {
                let b = r.byte()?;
                let on = r.date()?;
                let value = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
                chart.push(SignalMark {
                    rule: rule_of(b & 7)?,
                    on,
                    value,
                    side: if b & 8 != 0 { Side::Below } else { Side::Above },
                    better: b & 16 != 0,
                });
            }
            d.metrics.push(MetricMark {
                num,
                name,
                track,
                open_signals,
                fresh,
                last_on,
                every_days,
                chart,
            });
        }
        let n = r.count()?;
        d.asks.reserve(n);
        for _ in 0..n {
            d.asks.push(Ask {
                visit: r.int()?,
                on: r.date()?,
                complete_on: r.date()?,
                commitments: u32::try_from(r.int()?).ok()?,
            });
        }
        r.0.is_empty().then_some(d)
    }
}

/// Names met while decoding, each kept once; and whether the words of
/// promises and the names of metrics are wanted at all.
#[derive(Debug, Default)]
pub struct Names {
    seen: std::collections::HashMap<Box<[u8]>, Arc<str>>,
    words_skipped: bool,
}

impl Names {
    // Past this many, a name is no longer kept: a damaged or unusual book
    // cannot grow the table without bound.
    const MOST: usize = 4096;

    /// For figures only: promises' words and metrics' names are left
    /// empty, which spares an allocation each (most of a whole-book scan's
    /// decoding).
    pub fn figures_only() -> Names {
        Names {
            words_skipped: true,
            ..Names::default()
        }
    }

    fn get(&mut self, bytes: &[u8]) -> Option<Arc<str>> {
        if let Some(n) = self.seen.get(bytes) {
            return Some(n.clone());
        }
        let name: Arc<str> = std::str::from_utf8(bytes).ok()?.into();
        if self.seen.len() < Self::MOST {
            self.seen.insert(bytes.into(), name.clone());
        }
        Some(name)
    }

    fn words(&self, r: &mut Reader) -> Option<String> {
        if self.words_skipped {
            let n = r.count()?;
            r.take(n)?;
            return Some(String::new());
        }
        r.text()
    }
}

/// The encoding's version, its first byte: a book whose digests are of
/// another is worked out again when opened (`store::sqlite::digests`).
pub const VERSION: u8 = 3;

fn rule_code(r: Rule) -> u8 {
    Rule::ALL.iter().position(|x| *x == r).unwrap_or(0) as u8
}

fn rule_of(c: u8) -> Option<Rule> {
    Rule::ALL.get(c as usize).copied()
}

fn track_code(t: Track) -> u8 {
    match t {
        Track::OnTrack => 0,
        Track::OffTrack => 1,
        Track::Unknown => 2,
    }
}

fn track_of(c: u8) -> Option<Track> {
    [Track::OnTrack, Track::OffTrack, Track::Unknown]
        .get(c as usize)
        .copied()
}

struct Writer(Vec<u8>);

impl Writer {
    /// Zigzag LEB128: small numbers take one byte.
    fn int(&mut self, v: i64) {
        let mut u = ((v << 1) ^ (v >> 63)) as u64;
        loop {
            let b = (u & 0x7f) as u8;
            u >>= 7;
            if u == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }

    fn text(&mut self, s: &str) {
        self.int(s.len() as i64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn date(&mut self, d: Date) {
        self.0.extend_from_slice(&d.year().to_le_bytes());
        self.0.push(d.month() as u8);
        self.0.push(d.day() as u8);
    }

    fn choice<C: Choice + PartialEq>(&mut self, c: C) {
        self.0
            .push(C::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8);
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn int(&mut self) -> Option<i64> {
        let mut u = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            u |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Some(((u >> 1) as i64) ^ -((u & 1) as i64));
            }
        }
        None
    }

    /// A length, no longer than what is left (so a damaged row cannot ask
    /// for a huge allocation).
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.int()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }

    fn text(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn date(&mut self) -> Option<Date> {
        let b = self.take(4)?;
        let year = i16::from_le_bytes([b[0], b[1]]);
        Date::new(year, b[2] as i8, b[3] as i8).ok()
    }

    fn choice<C: Choice>(&mut self) -> Option<C> {
        C::ALL.get(self.byte()? as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn any_date() -> impl Strategy<Value = Date> {
        (1900i16..2200, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
    }

    fn any_promise() -> impl Strategy<Value = Promise> {
        (
            any::<i64>(),
            "\\PC{0,12}",
            "\\PC{0,12}",
            any_date(),
            any_date(),
            0usize..Status::ALL.len(),
            proptest::option::of(any_date()),
            any::<bool>(),
        )
            .prop_map(
                |(num, what, owner, due, judged_due, s, resolved_on, renegotiated)| Promise {
                    num,
                    what,
                    owner: owner.as_str().into(),
                    due,
                    judged_due,
                    status: Status::ALL[s],
                    resolved_on,
                    renegotiated,
                },
            )
    }

    fn any_metric() -> impl Strategy<Value = MetricMark> {
        let signal = (
            0usize..3,
            any_date(),
            -1e9f64..1e9,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(r, on, value, below, better)| SignalMark {
                rule: Rule::ALL[r],
                on,
                value,
                side: if below { Side::Below } else { Side::Above },
                better,
            });
        (
            any::<i64>(),
            "\\PC{0,12}",
            0u8..3,
            0u32..1000,
            proptest::option::of(0usize..3),
            proptest::option::of(any_date()),
            proptest::option::of(any::<u32>()),
            proptest::collection::vec(signal, 0..5),
        )
            .prop_map(
                |(num, name, t, open_signals, fresh, last_on, every_days, chart)| MetricMark {
                    num,
                    name,
                    every_days,
                    track: track_of(t).unwrap(),
                    open_signals,
                    fresh: fresh.map(|i| Rule::ALL[i]),
                    last_on,
                    chart,
                },
            )
    }

    proptest! {
        #[test]
        fn a_digest_reads_back_as_it_was_stored(
            promises in proptest::collection::vec(any_promise(), 0..8),
            visits in proptest::collection::vec((any_date(), any::<bool>()), 0..8),
            metrics in proptest::collection::vec(any_metric(), 0..4),
            asks in proptest::collection::vec((any::<i64>(), any_date(), any_date(), any::<u32>()), 0..3),
        ) {
            let d = Digest {
                promises,
                visits: visits.into_iter().map(|(on, proactive)| VisitMark { on, proactive }).collect(),
                metrics,
                asks: asks
                    .into_iter()
                    .map(|(visit, on, complete_on, commitments)| Ask { visit, on, complete_on, commitments })
                    .collect(),
            };
            let bytes = d.encode();
            prop_assert_eq!(Digest::decode(&bytes), Some(d));
            // Cut short or with a byte too many, it is refused, never misread.
            prop_assert_eq!(Digest::decode(&bytes[..bytes.len() - 1]), None);
            let mut longer = bytes.clone();
            longer.push(0);
            prop_assert_eq!(Digest::decode(&longer), None);
        }

        #[test]
        fn damaged_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = Digest::decode(&bytes);
        }
    }

    #[test]
    fn another_version_is_not_read() {
        let mut bytes = Digest::default().encode();
        assert!(Digest::decode(&bytes).is_some());
        bytes[0] = VERSION + 1;
        assert_eq!(Digest::decode(&bytes), None);
    }
}
