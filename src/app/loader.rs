//! Loading the portfolio: the first screen's worth of accounts at once, so
//! the first frame does not wait on the size of the book, and every
//! account's figures in a background thread with its own connection.

use super::attention::{self, Item};
use super::held::{self, Names, Row};
use super::signals::{self, SignalItem};
use super::trends::Trends;
use crate::domain::figures::Window;
use crate::report::{self, AccountRow};
use crate::store::{AccountQuery, Result, Store, StoreError};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

/// Opens another connection to the same database, for the loader thread.
pub type Opener = Arc<dyn Fn() -> Result<Box<dyn Store + Send>> + Send + Sync>;

enum Loaded {
    Total(usize),
    Rows(Vec<Row>),
    Done(Vec<Item>, Vec<SignalItem>, Box<Trends>),
    /// How many accounts a trends-only load has been through.
    Progress(usize),
    Trends(Box<Trends>),
    Failed(StoreError),
}

/// Why a load did not finish.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The loading thread ended without a word (it panicked).
    #[error("the loader stopped unexpectedly")]
    Stopped,
}

/// A load in progress.
pub struct Background {
    rx: Receiver<Loaded>,
    /// Told when the first frame is drawn (see [`Background::start`]).
    go: Option<mpsc::Sender<()>>,
    /// Only the trends are worked out again (the rest was brought up to
    /// date account by account).
    pub trends_only: bool,
    rows: Vec<Row>,
    pub loaded: usize,
    pub total: Option<usize>,
}

/// What a finished load gives the app.
pub struct Finished {
    /// Only `trends` is new: rows, attention and signals are empty.
    pub trends_only: bool,
    pub rows: Vec<Row>,
    pub attention: Vec<Item>,
    pub signals: Vec<SignalItem>,
    pub trends: Trends,
}

/// What a load gathers besides the rows: attention items, signals, trends.
type Gathered = (Vec<Item>, Vec<SignalItem>, Trends);

/// How many accounts the loader sends at a time.
const CHUNK: usize = 2_000;

/// Every account's row (as the portfolio holds it) and every attention
/// item and signal, from `store`.
fn load(
    store: &dyn Store,
    w: Window,
    unvisited_days: u32,
    mut chunk_done: impl FnMut(&mut Vec<Row>) -> bool,
) -> Result<Option<Gathered>> {
    let mut names = Names::default();
    let mut items = Vec::new();
    let mut sigs = Vec::new();
    let mut trends = Trends::new(w.today);
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut stopped = false;
    // Figures only: attention items, signals and rows keep numbers, not
    // the promises' words or the metrics' names (the screens read those
    // when they show an item).
    store.each_digest(&AccountQuery::figures(), &mut |a, d| {
        if stopped {
            return Ok(());
        }
        let (num, since) = (a.num, report::Terms::of(&a));
        let row = report::row_of(a, since, &d, w);
        items.extend(attention::items_for(num, &d, &row, w.today, unvisited_days));
        sigs.extend(signals::items_for(num, &d, w.today));
        let months = crate::domain::figures::monthly(&d.promises, &d.visits, w.today);
        trends.add(row.account.owner.as_deref(), &months, false);
        chunk.push(held::hold(row, &mut names));
        if chunk.len() == CHUNK && !chunk_done(&mut chunk) {
            stopped = true;
        }
        Ok(())
    })?;
    if stopped || !chunk_done(&mut chunk) {
        return Ok(None);
    }
    attention::sort(&mut items);
    signals::sort(&mut sigs);
    items.shrink_to_fit();
    sigs.shrink_to_fit();
    Ok(Some((items, sigs, trends)))
}

/// Every account's row and every attention item, at once.
pub fn load_all(store: &dyn Store, w: Window, unvisited_days: u32) -> Result<Finished> {
    let mut rows = Vec::new();
    let (attention, signals, trends) = load(store, w, unvisited_days, |chunk| {
        rows.append(chunk);
        true
    })?
    .unwrap_or_else(|| (vec![], vec![], Trends::new(w.today)));
    Ok(Finished {
        trends_only: false,
        rows,
        attention,
        signals,
        trends,
    })
}

/// A background load begins at the latest this long after it was asked
/// for, whether or not a frame was drawn.
const START_BY: std::time::Duration = std::time::Duration::from_millis(100);

/// How long the terminal is given to paint the first frame before the
/// load takes a core.
const PAINT: std::time::Duration = std::time::Duration::from_millis(30);

/// Runs `work` in a thread of its own; what it sends, or its failure,
/// arrives through the returned [`Background`].
fn in_background(
    trends_only: bool,
    work: impl FnOnce(&mpsc::Sender<Loaded>) -> Result<()> + Send + 'static,
) -> Background {
    let (tx, rx) = mpsc::channel();
    let (go, wait_go) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        // Until the first frame is out and the terminal has had a moment
        // to paint it: a load racing them for the two cores here made the
        // first frame in a real terminal 5-10 ms later. Waited for (see
        // `wait`), it begins at once.
        if wait_go.recv_timeout(START_BY).is_ok() {
            std::thread::sleep(PAINT);
        }
        if let Err(e) = work(&tx) {
            let _ = tx.send(Loaded::Failed(e));
        }
    });
    Background {
        rx,
        go: Some(go),
        trends_only,
        rows: Vec::new(),
        loaded: 0,
        total: None,
    }
}

pub fn spawn(opener: Opener, w: Window, unvisited_days: u32) -> Background {
    in_background(false, move |tx| {
        let store = opener()?;
        let total = store.count_accounts(&AccountQuery::default())?;
        if tx.send(Loaded::Total(total)).is_err() {
            return Ok(());
        }
        // A send fails when a newer load replaced this one: stop then.
        let sent = load(&*store, w, unvisited_days, |chunk| {
            tx.send(Loaded::Rows(std::mem::take(chunk))).is_ok()
        })?;
        if let Some((items, sigs, trends)) = sent {
            let _ = tx.send(Loaded::Done(items, sigs, Box::new(trends)));
        }
        Ok(())
    })
}

/// The trends over every account: they add up every account's months,
/// so a change to a few accounts made elsewhere cannot be put in place
/// the way their rows are. `go_on(accounts so far)` is asked every
/// [`CHUNK`] accounts; `None` when it said stop.
pub fn trends_of(
    store: &dyn Store,
    w: Window,
    mut go_on: impl FnMut(usize) -> bool,
) -> Result<Option<Trends>> {
    let mut trends = Trends::new(w.today);
    let mut seen = 0;
    let mut stopped = false;
    store.each_digest(&AccountQuery::sums(), &mut |a, d| {
        if stopped {
            return Ok(());
        }
        let months = crate::domain::figures::monthly(&d.promises, &d.visits, w.today);
        trends.add(a.owner.as_deref(), &months, false);
        seen += 1;
        if seen % CHUNK == 0 && !go_on(seen) {
            stopped = true;
        }
        Ok(())
    })?;
    Ok((!stopped).then_some(trends))
}

/// [`trends_of`] in the background; only the sums are kept.
pub fn spawn_trends(opener: Opener, w: Window) -> Background {
    in_background(true, move |tx| {
        let store = opener()?;
        // A send fails when a newer load replaced this one.
        let trends = trends_of(&*store, w, |seen| tx.send(Loaded::Progress(seen)).is_ok())?;
        if let Some(trends) = trends {
            let _ = tx.send(Loaded::Trends(Box::new(trends)));
        }
        Ok(())
    })
}

impl Background {
    fn take(&mut self, msg: Loaded) -> Option<std::result::Result<Finished, LoadError>> {
        match msg {
            Loaded::Total(n) => {
                self.total = Some(n);
                self.rows.reserve_exact(n);
            }
            Loaded::Rows(rows) => {
                self.loaded += rows.len();
                self.rows.extend(rows);
            }
            Loaded::Progress(n) => self.loaded = n,
            Loaded::Trends(trends) => {
                return Some(Ok(Finished {
                    trends_only: true,
                    rows: vec![],
                    attention: vec![],
                    signals: vec![],
                    trends: *trends,
                }))
            }
            Loaded::Done(attention, signals, trends) => {
                let rows = std::mem::take(&mut self.rows);
                return Some(Ok(Finished {
                    trends_only: false,
                    rows,
                    attention,
                    signals,
                    trends: *trends,
                }));
            }
            Loaded::Failed(e) => return Some(Err(LoadError::Store(e))),
        }
        None
    }

    /// Takes what has arrived; the finished load once it is complete.
    pub fn poll(&mut self) -> (bool, Option<std::result::Result<Finished, LoadError>>) {
        let mut progressed = false;
        loop {
            match self.rx.try_recv() {
                Ok(msg) => {
                    progressed = true;
                    if let Some(done) = self.take(msg) {
                        return (true, Some(done));
                    }
                }
                Err(TryRecvError::Empty) => return (progressed, None),
                Err(TryRecvError::Disconnected) => return (true, Some(Err(LoadError::Stopped))),
            }
        }
    }

    /// The frame the load waited for is drawn: it begins once the
    /// terminal has painted it.
    pub fn start(&mut self) {
        if let Some(go) = self.go.take() {
            let _ = go.send(());
        }
    }

    /// Blocks until the load is complete (tests and the benchmark).
    pub fn wait(&mut self) -> std::result::Result<Finished, LoadError> {
        // Dropped unsent: the load begins at once.
        self.go = None;
        loop {
            match self.rx.recv() {
                Ok(msg) => {
                    if let Some(done) = self.take(msg) {
                        return done;
                    }
                }
                Err(_) => return Err(LoadError::Stopped),
            }
        }
    }
}

/// The first screen's worth: my accounts when I own any, else everyone's.
pub fn first_page(
    store: &dyn Store,
    me: &str,
    w: Window,
    limit: usize,
) -> Result<(Vec<AccountRow>, bool)> {
    let mine = store.accounts(&AccountQuery {
        owner: Some(me.to_string()),
        limit: Some(limit),
        ..Default::default()
    })?;
    let (accounts, mine_only) = if mine.is_empty() {
        (
            store.accounts(&AccountQuery {
                limit: Some(limit),
                ..Default::default()
            })?,
            false,
        )
    } else {
        (mine, true)
    };
    let rows = accounts
        .into_iter()
        .map(|a| {
            let d = store.digest(a.clone())?;
            let since = report::Terms::of(&a);
            Ok(report::row_of(a, since, &d, w))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, mine_only))
}
