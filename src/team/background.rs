//! Sync in the background of the TUI: a thread of its own with its own
//! connections to the local file and the team book, so no key ever waits on
//! the network. It pushes what the person writes within a second, and pulls
//! as soon as the team book says something changed (LISTEN/NOTIFY). The TUI
//! sees pulled changes as it sees any other process's writes.

use super::{connect, sync, Result};
use crate::store::sqlite::SqliteStore;
use postgres::fallible_iterator::FallibleIterator;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the outbox is looked at while nothing wakes the thread.
const LOOK: Duration = Duration::from_millis(100);
/// How long to wait before trying an unreachable team book again.
const RETRY: Duration = Duration::from_secs(3);

fn now() -> String {
    // The time of a sync, by this machine's clock: shown, never compared.
    jiff::Timestamp::now().to_string()
}

/// Starts syncing the replica at `path` until `stop` is set.
pub fn start(path: PathBuf, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name("saydo-sync".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Err(e) = session(&path, &stop) {
                    if let Ok(mut s) = SqliteStore::open(&path) {
                        let _ = s.note_sync(&now(), Some(&e.to_string()));
                    }
                    let until = Instant::now() + RETRY;
                    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            }
        })
        .expect("start the sync thread")
}

/// One connection's life: sync, then wait for a notice or local changes.
fn session(path: &std::path::Path, stop: &AtomicBool) -> Result<()> {
    let mut local = SqliteStore::open(path)?;
    let Some(state) = local.replica()? else {
        return Ok(());
    };
    let mut c = connect(&state.url)?;
    c.batch_execute("LISTEN saydo_changes")?;
    let mut dirty = true;
    while !stop.load(Ordering::Relaxed) {
        if dirty || local.waiting()?.changes > 0 {
            sync(&mut c, &mut local)?;
            local.note_sync(&now(), None)?;
        }
        dirty = false;
        // Wait for the team book to say something changed, or the look.
        {
            let mut n = c.notifications();
            if n.timeout_iter(LOOK).next()?.is_some() {
                dirty = true;
                // Those that came with it, without waiting again.
                while n.iter().next()?.is_some() {}
            }
        }
        if c.is_closed() {
            return Err(super::TeamError::Input("the connection closed".into()));
        }
    }
    Ok(())
}
