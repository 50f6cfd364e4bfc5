//! Loading the portfolio: the first screen's worth of accounts at once, so
//! the first frame does not wait on the size of the book, and every
//! account's figures in a background thread with its own connection.

use super::attention::{self, Item};
use crate::domain::figures::Window;
use crate::report::{self, AccountRow};
use crate::store::{AccountQuery, Result, Store};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

/// Opens another connection to the same database, for the loader thread.
pub type Opener = Arc<dyn Fn() -> Result<Box<dyn Store + Send>> + Send + Sync>;

enum Loaded {
    Total(usize),
    Rows(Vec<AccountRow>),
    Done(Vec<Item>),
    Failed(String),
}

/// A load in progress.
pub struct Background {
    rx: Receiver<Loaded>,
    rows: Vec<AccountRow>,
    pub loaded: usize,
    pub total: Option<usize>,
}

/// What a finished load gives the app.
pub struct Finished {
    pub rows: Vec<AccountRow>,
    pub attention: Vec<Item>,
}

/// How many accounts the loader sends at a time.
const CHUNK: usize = 2_000;

/// Every account's row and every attention item, from `store`.
pub fn load_all(store: &dyn Store, w: Window, unvisited_days: u32) -> Result<Finished> {
    let rows = report::account_rows(store, &AccountQuery::default(), w)?;
    let refs: Vec<&AccountRow> = rows.iter().collect();
    let attention = attention::items(store, &refs, w.today, unvisited_days)?;
    Ok(Finished { rows, attention })
}

pub fn spawn(opener: Opener, w: Window, unvisited_days: u32) -> Background {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let run = || -> Result<()> {
            let store = opener()?;
            let accounts = store.accounts(&AccountQuery::default())?;
            if tx.send(Loaded::Total(accounts.len())).is_err() {
                return Ok(());
            }
            let mut rows = Vec::with_capacity(accounts.len());
            let mut chunk = Vec::with_capacity(CHUNK);
            for a in accounts {
                let mut row = report::account_row(&*store, a, w)?;
                // The table never shows the why; the account screen loads it.
                row.account.why = String::new();
                chunk.push(row);
                if chunk.len() == CHUNK {
                    rows.extend(chunk.iter().cloned());
                    if tx.send(Loaded::Rows(std::mem::take(&mut chunk))).is_err() {
                        return Ok(()); // a newer load replaced this one
                    }
                }
            }
            rows.extend(chunk.iter().cloned());
            let _ = tx.send(Loaded::Rows(chunk));
            let refs: Vec<&AccountRow> = rows.iter().collect();
            let items = attention::items(&*store, &refs, w.today, unvisited_days)?;
            let _ = tx.send(Loaded::Done(items));
            Ok(())
        };
        if let Err(e) = run() {
            let _ = tx.send(Loaded::Failed(e.to_string()));
        }
    });
    Background {
        rx,
        rows: Vec::new(),
        loaded: 0,
        total: None,
    }
}

impl Background {
    fn take(&mut self, msg: Loaded) -> Option<std::result::Result<Finished, String>> {
        match msg {
            Loaded::Total(n) => self.total = Some(n),
            Loaded::Rows(rows) => {
                self.loaded += rows.len();
                self.rows.extend(rows);
            }
            Loaded::Done(attention) => {
                return Some(Ok(Finished {
                    rows: std::mem::take(&mut self.rows),
                    attention,
                }));
            }
            Loaded::Failed(e) => return Some(Err(e)),
        }
        None
    }

    /// Takes what has arrived; the finished load once it is complete.
    pub fn poll(&mut self) -> (bool, Option<std::result::Result<Finished, String>>) {
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
                Err(TryRecvError::Disconnected) => {
                    return (true, Some(Err("the loader stopped unexpectedly".into())))
                }
            }
        }
    }

    /// Blocks until the load is complete (tests and the benchmark).
    pub fn wait(&mut self) -> std::result::Result<Finished, String> {
        loop {
            match self.rx.recv() {
                Ok(msg) => {
                    if let Some(done) = self.take(msg) {
                        return done;
                    }
                }
                Err(_) => return Err("the loader stopped unexpectedly".into()),
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
        .map(|a| report::account_row(store, a, w))
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, mine_only))
}
