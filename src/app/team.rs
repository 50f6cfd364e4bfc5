//! The team book screen: how this replica stands (synced, waiting,
//! offline) and the changes the team book refused, each with both sides,
//! to keep mine or theirs. And an account's history, who changed what.

use super::list::ListState;
use crate::store::wire::Conflict;
use crate::store::{Store, SyncMark};

#[derive(Debug, Clone, Default)]
pub struct TeamView {
    pub list: ListState,
    pub mark: Option<SyncMark>,
    pub conflicts: Vec<Conflict>,
}

impl TeamView {
    /// Reads the standing and the conflicts again (all local: no network).
    pub fn refresh(&mut self, store: &dyn Store) {
        self.mark = store.sync_mark();
        self.conflicts = store.conflicts().unwrap_or_default();
        self.list.clamp(self.conflicts.len());
    }

    pub fn selected(&self) -> Option<&Conflict> {
        self.conflicts.get(self.list.selected)
    }
}

/// An account's history as lines: the team book's log on a replica (who,
/// when, each field before → after), else this book's own changes.
/// With `record`, only that record's changes.
pub fn history_lines(store: &dyn Store, account: i64, record: Option<uuid::Uuid>) -> Vec<String> {
    const LIMIT: usize = 200;
    let logged = match record {
        Some(id) => store.team_log_of(id, LIMIT),
        None => store.team_log(account, LIMIT),
    }
    .unwrap_or_default();
    let mut out = Vec::new();
    if store.sync_mark().is_some() {
        for e in crate::team::history::entries(logged) {
            let at = e.at.get(..16).unwrap_or(&e.at).to_string();
            out.push(format!("{at}  {}  {}", e.author, e.label));
            for f in e.fields {
                if f.field == "(removed)" {
                    out.push(format!("      {} removed", f.record));
                } else {
                    out.push(format!(
                        "      {} {}: {} → {}",
                        f.record, f.field, f.before, f.after
                    ));
                }
            }
        }
        if out.is_empty() {
            out.push("No changes in the team book's log yet (as of the last sync).".into());
        }
        return out;
    }
    for e in store.own_history(account, LIMIT).unwrap_or_default() {
        let undone = if e.undone { "  (undone)" } else { "" };
        out.push(format!("#{}  {}{undone}", e.seq, e.label));
    }
    if out.is_empty() {
        out.push("No changes recorded in this book's history.".into());
    } else {
        out.insert(
            0,
            "This book's own changes (who and when come with a team book):".into(),
        );
    }
    out
}

impl super::list::ListScreen for TeamView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.conflicts.len()
    }
}
