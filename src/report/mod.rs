//! Figures per account and per person, gathered from the store: what the
//! portfolio table, `saydo stats` and (later) the TUI show.

use crate::domain::digest::Digest;
use crate::domain::figures::{
    days_in_stage, days_since_last_visit, say_do, track, visit_mix, SayDo, Track, VisitMix, Window,
};
use crate::domain::xmr;
use crate::domain::Date;
use crate::domain::Status;
use crate::domain::{
    find_stage, Account, Commitment, Measurement, Metric, Moment, Stage, StageSpan, Stakeholder,
    Visit,
};
use crate::store::{AccountQuery, AccountRecords, CommitmentQuery, Result, Store, VisitQuery};
use serde::Serialize;

pub mod connect;
pub mod lifecycle;
pub mod maturity;
pub mod register;
mod tally;

/// An account with its figures. `A` is the account as held: the whole
/// record for reports and the account screen, a compact one for the
/// TUI's portfolio (see `app::held`).
#[derive(Debug, Clone, Serialize)]
pub struct AccountRow<A = Account> {
    pub account: A,
    pub say_do: SayDo,
    pub visits: VisitMix,
    pub open: u32,
    pub overdue: u32,
    pub due_within_7d: u32,
    // Days as i32 (dates run from year 1 to 9999): the TUI holds a row
    // per account, and 20 bytes a row were 2 MB of a 100,000-account book.
    pub days_since_visit: Option<i32>,
    pub days_in_stage: i32,
    pub metrics: u32,
    pub metrics_on_track: u32,
    pub metrics_off_track: u32,
    pub signals: u32,
    /// The visit cadence agreed with the customer, in days.
    #[serde(skip)]
    pub visit_every: Option<u32>,
    /// The days they expect the current stage to take.
    #[serde(skip)]
    pub stage_days: Option<u32>,
    /// Paused at their request on the day the row was worked out.
    #[serde(skip)]
    pub paused: bool,
    /// Days until the contract's renewal, from the day the row was worked
    /// out (negative once passed).
    #[serde(skip)]
    pub renewal_in: Option<i32>,
}

/// How far ahead a renewal needs someone: a renewal is prepared a quarter ahead.
pub const RENEWAL_NOTICE_DAYS: i64 = 90;

/// What an account's figures need of it beyond its records: when it
/// entered its stage, and the pace agreed with the customer.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub stage_since: Date,
    pub pace: crate::domain::Pace,
    pub renewal: Option<Date>,
}

impl Terms {
    pub fn of(a: &Account) -> Terms {
        Terms {
            stage_since: a.stage_since,
            pace: a.pace,
            renewal: a.renewal,
        }
    }
}

impl<A> AccountRow<A> {
    /// Not visited for longer than agreed with the customer (`threshold_days`,
    /// the config's, when nothing was agreed); never while they asked for
    /// a pause.
    pub fn unvisited(&self, threshold_days: u32) -> bool {
        let threshold = self.visit_every.unwrap_or(threshold_days);
        !self.paused
            && self
                .days_since_visit
                .is_none_or(|d| i64::from(d) > i64::from(threshold))
    }

    /// The same figures with the account held another way.
    pub fn map_account<B>(self, f: impl FnOnce(A) -> B) -> AccountRow<B> {
        AccountRow {
            account: f(self.account),
            say_do: self.say_do,
            visits: self.visits,
            open: self.open,
            overdue: self.overdue,
            due_within_7d: self.due_within_7d,
            days_since_visit: self.days_since_visit,
            days_in_stage: self.days_in_stage,
            metrics: self.metrics,
            metrics_on_track: self.metrics_on_track,
            metrics_off_track: self.metrics_off_track,
            signals: self.signals,
            visit_every: self.visit_every,
            stage_days: self.stage_days,
            paused: self.paused,
            renewal_in: self.renewal_in,
        }
    }
}

/// A metric with its latest value and what its chart says.
#[derive(Debug, Clone, Serialize)]
pub struct MetricStatus {
    pub metric: Metric,
    pub latest: Option<f64>,
    pub progress: Option<f64>,
    pub track: Track,
    pub signals: usize,
}

pub fn metric_status(store: &dyn Store, m: &Metric) -> Result<MetricStatus> {
    let noted: Vec<_> = store
        .signal_notes(Some(m.num))?
        .iter()
        .map(|n| (n.metric, n.rule, n.on))
        .collect();
    Ok(status_of(m, &store.measurements(m.num)?, &noted))
}

pub use crate::domain::figures::open_signals;

/// A metric's status from its measurements (oldest first); signals with a
/// note are acknowledged and not counted.
pub fn status_of(
    m: &Metric,
    ms: &[Measurement],
    noted: &[(i64, xmr::Rule, crate::domain::Date)],
) -> MetricStatus {
    let latest = ms.last().map(|x| x.value);
    MetricStatus {
        progress: crate::domain::figures::progress_of(m, ms),
        track: track(m, ms),
        signals: open_signals(m, ms, noted).len(),
        latest,
        metric: m.clone(),
    }
}

/// The figures of one account from its records (no I/O).
pub fn figures(rec: &AccountRecords, w: Window) -> AccountRow {
    row_of(
        rec.account.clone(),
        Terms::of(&rec.account),
        &rec.digest(),
        w,
    )
}

/// The figures of one account from its digest, on the window's day:
/// whatever is held of the account itself, and the date it entered its
/// stage.
/// A count of days as a row keeps it: dates run from year 1 to 9999, so
/// it always fits.
fn days32(d: i64) -> i32 {
    d.clamp(i32::MIN.into(), i32::MAX.into()) as i32
}

pub fn row_of<A>(account: A, terms: Terms, d: &Digest, w: Window) -> AccountRow<A> {
    let stage_since = terms.stage_since;
    let ps = &d.promises;
    // The open promises counted in one pass: a whole-book scan does this
    // for every account.
    let (mut open, mut overdue, mut due_within_7d) = (0, 0, 0);
    for p in ps.iter().filter(|p| p.is_open()) {
        open += 1;
        overdue += p.is_overdue(w.today) as u32;
        due_within_7d += p.is_due_soon(w.today) as u32;
    }
    let mut row = AccountRow {
        say_do: say_do(ps, w),
        visits: visit_mix(&d.visits, w),
        open,
        overdue,
        due_within_7d,
        days_since_visit: days_since_last_visit(&d.visits, w.today).map(days32),
        days_in_stage: days32(days_in_stage(stage_since, w.today)),
        metrics: 0,
        metrics_on_track: 0,
        metrics_off_track: 0,
        signals: 0,
        visit_every: terms.pace.visit_every_days,
        stage_days: terms.pace.stage_days,
        paused: terms.pace.paused(w.today),
        renewal_in: terms
            .renewal
            .map(|r| days32(crate::domain::dates::days_between(w.today, r))),
        account,
    };
    for m in &d.metrics {
        row.metrics += 1;
        match m.track {
            Track::OnTrack => row.metrics_on_track += 1,
            Track::OffTrack => row.metrics_off_track += 1,
            Track::Unknown => {}
        }
        row.signals += m.open_signals;
    }
    row
}

/// The figures of one account, from its own records (indexed look-ups).
pub fn account_row(store: &dyn Store, account: Account, w: Window) -> Result<AccountRow> {
    Ok(figures(&store.account_records(account)?, w))
}

/// What a business review says of one account over a window: its
/// figures, its say/do in the window before (the trend), the commitments
/// kept and broken in the window, the signals of the window with their
/// notes, and each metric's progress.
#[derive(Debug, Clone)]
pub struct Review {
    pub row: AccountRow,
    pub before: SayDo,
    pub kept: Vec<Commitment>,
    pub broken: Vec<Commitment>,
    /// (metric name, rule, date of its last point, the note if one was written).
    pub signals: Vec<(String, xmr::Rule, crate::domain::Date, Option<String>)>,
    pub metrics: Vec<MetricStatus>,
}

/// The review of every account `q` covers over `w`, in name order.
pub fn reviews(store: &dyn Store, q: &AccountQuery, w: Window) -> Result<Vec<Review>> {
    let before = Window::new(
        w.days,
        crate::domain::dates::add_days(w.today, -(w.days as i64)).unwrap_or(w.today),
    );
    let mut out = Vec::new();
    // A review keeps what the report says, not the records it read.
    store.each_account(q, &mut |rec| {
        let in_window =
            |d: Option<crate::domain::Date>| d.is_some_and(|d| d >= w.start() && d <= w.today);
        let kept = rec
            .commitments
            .iter()
            .filter(|c| {
                matches!(c.status, Status::Kept | Status::KeptLate) && in_window(c.resolved_on)
            })
            .cloned()
            .collect();
        let broken = rec
            .commitments
            .iter()
            .filter(|c| c.status == Status::Broken && in_window(c.resolved_on))
            .cloned()
            .collect();
        let mut signals = Vec::new();
        let mut metrics = Vec::new();
        for (m, ms) in &rec.metrics {
            metrics.push(status_of(m, ms, &rec.noted));
            let values: Vec<f64> = ms.iter().map(|x| x.value).collect();
            let Some(chart) = xmr::chart(&values) else {
                continue;
            };
            let notes = if rec.noted.iter().any(|(n, _, _)| *n == m.num) {
                store.signal_notes(Some(m.num))?
            } else {
                Vec::new()
            };
            for sig in chart.signals {
                let Some(on) = ms.get(sig.last).map(|x| x.on) else {
                    continue;
                };
                if !in_window(Some(on)) {
                    continue;
                }
                let note = notes
                    .iter()
                    .find(|n| n.rule == sig.rule && n.on == on)
                    .map(|n| n.note.clone());
                signals.push((m.name.clone(), sig.rule, on, note));
            }
        }
        out.push(Review {
            before: say_do(&rec.commitments, before),
            row: figures(&rec, w),
            kept,
            broken,
            signals,
            metrics,
        });
        Ok(())
    })?;
    out.sort_by_cached_key(|r| (r.row.account.name.to_lowercase(), r.row.account.num));
    Ok(out)
}

/// One row per account (archived ones left out unless asked for).
pub fn account_rows(store: &dyn Store, q: &AccountQuery, w: Window) -> Result<Vec<AccountRow>> {
    let mut rows = Vec::new();
    store.each_digest(q, &mut |a, d| {
        let since = Terms::of(&a);
        rows.push(row_of(a, since, &d, w));
        Ok(())
    })?;
    rows.sort_by_cached_key(|r| (r.account.name.to_lowercase(), r.account.num));
    Ok(rows)
}

/// Everything about one account, for its screen and `account show`.
#[derive(Debug, Clone)]
pub struct AccountDetail {
    pub row: AccountRow,
    pub stage_history: Vec<StageSpan>,
    pub stage_prompts: Vec<String>,
    pub stakeholders: Vec<Stakeholder>,
    pub moments: Vec<Moment>,
    pub metrics: Vec<MetricStatus>,
    /// Each metric's measurements, oldest first, in the order of `metrics`.
    pub measurements: Vec<Vec<Measurement>>,
    pub visits: Vec<Visit>,
    pub commitments: Vec<Commitment>,
    /// The notes written on this account's signals, oldest first.
    pub signal_notes: Vec<crate::domain::SignalNote>,
    /// The business partners its metrics are aligned with.
    pub partners: Vec<crate::domain::Partner>,
    /// Connect: its introductions, newest first.
    pub introductions: Vec<crate::domain::Introduction>,
}

/// `value`'s fields with some taken out (`None`) or renamed, then `more`
/// added: one object with every key once, where a flattened row would
/// repeat a name.
pub fn one_object(
    value: &impl Serialize,
    rename: &[(&str, Option<&str>)],
    more: Vec<(&str, serde_json::Value)>,
) -> serde_json::Value {
    let mut map = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    for (from, to) in rename {
        if let Some(v) = map.remove(*from) {
            if let Some(to) = to {
                map.insert(to.to_string(), v);
            }
        }
    }
    for (k, v) in more {
        map.insert(k.to_string(), v);
    }
    serde_json::Value::Object(map)
}

impl Serialize for AccountDetail {
    /// The row's fields (its visit mix as `visits_in_window`, its metric
    /// count left to `metrics`' length) and the lists, each key once.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let j = |v: &dyn erased::Json| v.json();
        one_object(
            &self.row,
            &[("visits", Some("visits_in_window")), ("metrics", None)],
            vec![
                ("stage_history", j(&self.stage_history)),
                ("stage_prompts", j(&self.stage_prompts)),
                ("stakeholders", j(&self.stakeholders)),
                ("moments", j(&self.moments)),
                ("metrics", j(&self.metrics)),
                ("visits", j(&self.visits)),
                ("commitments", j(&self.commitments)),
                ("signal_notes", j(&self.signal_notes)),
                ("partners", j(&self.partners)),
                ("introductions", j(&self.introductions)),
            ],
        )
        .serialize(s)
    }
}

mod erased {
    /// Anything serializable, as a JSON value.
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

pub fn account_detail(
    store: &dyn Store,
    account: Account,
    w: Window,
    stages: &[Stage],
) -> Result<AccountDetail> {
    let num = account.num;
    let stage_prompts = find_stage(stages, &account.stage)
        .map(|s| s.prompts.clone())
        .unwrap_or_default();
    let mut metrics = Vec::new();
    let mut measurements = Vec::new();
    let mut signal_notes = Vec::new();
    for m in store.metrics(Some(num))? {
        metrics.push(metric_status(store, &m)?);
        measurements.push(store.measurements(m.num)?);
        signal_notes.extend(store.signal_notes(Some(m.num))?);
    }
    let partners = if metrics.iter().any(|m| m.metric.partner.is_some()) {
        let mut all = store.partners()?;
        all.retain(|p| metrics.iter().any(|m| m.metric.partner == Some(p.num)));
        all
    } else {
        Vec::new()
    };
    Ok(AccountDetail {
        introductions: store.introductions(Some(num))?,
        partners,
        signal_notes,
        row: account_row(store, account, w)?,
        stage_history: store.stage_history(num)?,
        stage_prompts,
        stakeholders: store.stakeholders(Some(num))?,
        moments: store.moments(Some(num))?,
        metrics,
        measurements,
        visits: store.visits(&VisitQuery {
            account: Some(num),
            ..Default::default()
        })?,
        commitments: open_first(store.commitments(&CommitmentQuery {
            account: Some(num),
            ..Default::default()
        })?),
    })
}

/// An account's commitments as people read them: the open ones first, the
/// soonest due at the top, then the resolved ones, newest first.
fn open_first(mut all: Vec<Commitment>) -> Vec<Commitment> {
    all.sort_by(|a, b| match (a.is_open(), b.is_open()) {
        (true, true) => a.due().cmp(&b.due()).then(a.num.cmp(&b.num)),
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (false, false) => b.resolved_on.cmp(&a.resolved_on).then(b.num.cmp(&a.num)),
    });
    all
}

pub use tally::{person_rows, totals, PersonRow, Tally, Totals};
