//! A digest's stored form: compact, versioned by its first byte, read
//! back with the names it holds shared across the accounts of a book.

use super::*;

impl Digest {
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
            d.promises.push(promise(&mut r, names, &owners)?);
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
            d.metrics.push(metric_mark(&mut r, names)?);
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

/// One promise, its owner an index into the names read before.
fn promise(r: &mut Reader, names: &mut Names, owners: &[Arc<str>]) -> Option<Promise> {
    let num = r.int()?;
    let what = names.words(r)?;
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
    Some(Promise {
        num,
        what,
        owner,
        due,
        judged_due,
        status,
        resolved_on,
        renegotiated: flags & 1 != 0,
    })
}

/// One metric's mark: its track, signals, and the chart's signal points.
fn metric_mark(r: &mut Reader, names: &mut Names) -> Option<MetricMark> {
    let num = r.int()?;
    let name = names.words(r)?;
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
        chart.push(signal_mark(r)?);
    }
    Some(MetricMark {
        num,
        name,
        track,
        open_signals,
        fresh,
        last_on,
        every_days,
        chart,
    })
}

/// A signal point: its rule and side packed in one byte, date, value.
fn signal_mark(r: &mut Reader) -> Option<SignalMark> {
    let b = r.byte()?;
    let on = r.date()?;
    let value = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
    Some(SignalMark {
        rule: rule_of(b & 7)?,
        on,
        value,
        side: if b & 8 != 0 { Side::Below } else { Side::Above },
        better: b & 16 != 0,
    })
}

/// Names met while decoding, each kept once; and whether the words of
/// promises and the names of metrics are wanted at all.
#[derive(Debug, Default)]
pub struct Names {
    seen: std::collections::HashMap<Box<[u8]>, Arc<str>, Fnv>,
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

/// FNV-1a: the names looked up are short and come from the book itself,
/// so a hash this cheap does (the default one is most of a lookup's cost,
/// and a lookup is made for every owner of every digest read).
#[derive(Debug, Default, Clone, Copy)]
struct Fnv;

struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
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

pub(super) fn track_of(c: u8) -> Option<Track> {
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
        // Most numbers of a digest (counts, places, small ids) take one
        // byte: read those without the loop.
        let (&b, rest) = self.0.split_first()?;
        if b & 0x80 == 0 {
            self.0 = rest;
            return Some(((b >> 1) as i64) ^ -((b & 1) as i64));
        }
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
