//! Keeping the app in step with the store: the background load, reading
//! again after a change (here or in another process), the turn of the day.

use super::account::Tab;
use super::{attention, loader, App, Screen};
use crate::domain::Date;
use crate::report;

/// Over this many accounts changed elsewhere, the app reads everything
/// again rather than account by account.
const CATCH_UP_MAX: usize = 2_000;

/// Returns to the system the memory a big load used for its work and
/// freed: glibc keeps freed memory in the loading thread's arena, where
/// the rest of the app cannot use it.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory and mallopt only sets
    // a threshold; neither has preconditions or touches memory in use.
    unsafe {
        libc::malloc_trim(0);
        // Once loaded, big scratch buffers (a filter's over 100,000 rows)
        // come from the heap again and are reused from one keystroke to
        // the next, not mapped fresh and faulted in each time.
        libc::mallopt(libc::M_MMAP_THRESHOLD, AFTER_LOAD_MMAP_THRESHOLD);
    }
}

/// What glibc's own threshold grows to at most (`DEFAULT_MMAP_THRESHOLD_MAX`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const AFTER_LOAD_MMAP_THRESHOLD: libc::c_int = 32 << 20;

/// While a load runs, every allocation of 128 KiB and more is mapped on
/// its own and unmapped when freed. glibc otherwise raises that threshold
/// each time such a block is freed, and the loader's chunks then land in
/// its heaps, freed by another thread and kept: 7 MiB more at the peak of
/// a 100,000-account load, for no gain in speed.
fn lean_while_loading() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in give_back_memory.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}

impl App {
    pub(super) fn spawn_loader(&mut self) {
        if let Some(opener) = &self.opener {
            lean_while_loading();
            self.loading = Some(loader::spawn(
                opener.clone(),
                self.window(),
                self.config.unvisited_days,
            ));
        }
    }

    /// Starts the background load again, of the same kind: a load that
    /// started before a change would bring old figures.
    pub(super) fn respawn_loader(&mut self) {
        match &self.loading {
            Some(bg) if bg.trends_only => self.spawn_trends(),
            Some(_) => self.spawn_loader(),
            None => {}
        }
    }

    /// Works the trends out again in the background (or at once without
    /// a second connection).
    pub(super) fn spawn_trends(&mut self) {
        match &self.opener {
            Some(opener) => {
                self.loading = Some(loader::spawn_trends(opener.clone(), self.window()))
            }
            None => match loader::trends_of(&*self.store, self.window(), |_| true) {
                Ok(Some(t)) => self.trends.trends = t,
                Ok(None) => {}
                Err(e) => self.fail(e),
            },
        }
    }

    /// Takes what the background loader has sent; true if the screen changed.
    pub fn poll_loader(&mut self) -> bool {
        let Some(bg) = &mut self.loading else {
            return false;
        };
        let (progressed, done) = bg.poll();
        if let Some(done) = done {
            self.loading = None;
            self.finish_load(done);
        }
        progressed
    }

    /// A frame is drawn: a background load waiting for it may begin.
    pub fn drawn(&mut self) {
        if let Some(bg) = &mut self.loading {
            bg.start();
        }
    }

    /// Waits for the background load to finish (tests and the benchmark).
    pub fn wait_loaded(&mut self) {
        if let Some(mut bg) = self.loading.take() {
            let done = bg.wait();
            self.finish_load(done);
        }
    }

    /// How far the background load is: (loaded, total).
    pub fn load_progress(&self) -> Option<(usize, Option<usize>)> {
        self.loading
            .as_ref()
            .filter(|b| !b.trends_only)
            .map(|b| (b.loaded, b.total))
    }

    pub(super) fn finish_load(&mut self, done: Result<loader::Finished, loader::LoadError>) {
        match done {
            Ok(f) if f.trends_only => {
                self.trends.trends = f.trends;
                give_back_memory();
            }
            Ok(f) => {
                self.portfolio.set_rows(f.rows);
                self.attention.set(f.attention);
                self.signals.set(f.signals);
                self.trends.trends = f.trends;
                self.labels.clear();
                self.check_empty();
                self.rebuild();
                self.fetch_labels();
                give_back_memory();
            }
            Err(e) => self.fail(format!("loading the portfolio: {e}")),
        }
    }

    /// My accounts first when I own any.
    pub(super) fn default_scope(&mut self) {
        let mine = self
            .portfolio
            .rows
            .iter()
            .any(|r| r.account.owned_by(&self.me));
        self.portfolio.mine_only = mine;
        self.attention.mine_only = mine;
        self.signals.mine_only = mine;
        self.lifecycle.mine_only = mine;
        self.rebuild();
    }

    pub(super) fn check_empty(&mut self) {
        let empty = self.store.is_empty().unwrap_or(false);
        if empty {
            self.screen = Screen::Welcome;
            self.back.clear();
        } else if self.screen == Screen::Welcome {
            self.screen = Screen::Portfolio;
        }
    }

    /// Loads everything shown from the store again: in the background when
    /// the app has a second connection, else at once.
    pub fn reload(&mut self) {
        self.version = self.store.version().ok();
        self.change_mark = self.store.change_mark().ok();
        self.load_signal_notes();
        if self.opener.is_some() {
            self.spawn_loader();
        } else {
            match loader::load_all(&*self.store, self.window(), self.config.unvisited_days) {
                Ok(f) => {
                    self.portfolio.set_rows(f.rows);
                    self.attention.set(f.attention);
                    self.signals.set(f.signals);
                    self.trends.trends = f.trends;
                }
                Err(e) => self.fail(e),
            }
            self.check_empty();
        }
        self.labels.clear();
        self.reload_account_view();
        self.rebuild();
        self.fetch_labels();
    }

    /// Loads the open account's screen again, keeping its tab and rows.
    pub(super) fn reload_account_view(&mut self) {
        if let Some(view) = &self.account {
            let num = view.detail.row.account.num;
            match self.store.account_by_num(num) {
                Ok(Some(a)) => match report::account_detail(
                    &*self.store,
                    a,
                    self.window(),
                    &self.config.stages,
                ) {
                    Ok(d) => self.account.as_mut().expect("checked").reload(
                        d,
                        self.today,
                        self.config.unvisited_days,
                    ),
                    Err(e) => self.fail(e),
                },
                Ok(None) => {
                    self.account = None;
                    if self.screen == Screen::Account {
                        self.screen = self.back.pop().unwrap_or(Screen::Portfolio);
                    }
                }
                Err(e) => self.fail(e),
            }
        }
    }

    /// Works out the portfolio's lines and the attention list again.
    pub(super) fn rebuild(&mut self) {
        let mut open = std::collections::HashMap::new();
        for x in self.store.introductions(None).unwrap_or_default() {
            if x.is_open() {
                *open.entry(x.account).or_insert(0) += 1;
            }
        }
        self.portfolio.connect_open = open;
        self.rebuild_portfolio();
        let mine = self.my_accounts();
        self.attention.scope(&mine, &self.me);
        self.signals.scope(&mine);
        let settled = self.store.settled_renewals().unwrap_or_default();
        self.directors.rebuild(
            &self.portfolio.rows,
            &settled,
            self.today,
            self.config.unvisited_days,
        );
        self.lifecycle
            .rebuild(&self.portfolio.rows, &self.config.stages, &self.me);
        // The register and the heat table are read only while in view.
        match self.screen {
            Screen::Partners => self.partners.refresh(&*self.store),
            Screen::Maturity => self.maturity.refresh(&*self.store, &self.config),
            _ => {}
        }
    }

    /// The numbers of my accounts, for the attention and signal lists.
    pub(super) fn my_accounts(&self) -> std::collections::HashSet<i64> {
        if !self.attention.mine_only && !self.signals.mine_only {
            return Default::default();
        }
        self.portfolio
            .rows
            .iter()
            .filter(|r| r.account.owned_by(&self.me))
            .map(|r| r.account.num)
            .collect()
    }

    /// Reads the words of the attention items or signals around the
    /// cursor that are not kept yet (the lists hold only numbers).
    pub fn fetch_labels(&mut self) {
        // Wider than any screen: the rows shown are within a screen's
        // height of the cursor (see `list::window_start`).
        let reach = self.height as usize + 1;
        let around = |selected: usize, len: usize| {
            selected.saturating_sub(reach)..(selected + reach).min(len)
        };
        let (commitments, metrics): (Vec<i64>, Vec<i64>) = match self.screen {
            Screen::Attention => {
                let v = &self.attention;
                let near = around(v.list.selected, v.items.len());
                let items = || v.items[near.clone()].iter().map(|n| &v.all[*n as usize]);
                (
                    items().filter_map(|i| i.commitment()).collect(),
                    items()
                        .filter(|i| {
                            matches!(i.kind, attention::Kind::Metric | attention::Kind::Measure)
                        })
                        .map(|i| i.subject)
                        .collect(),
                )
            }
            Screen::Signals => {
                let v = &self.signals;
                let near = around(v.list.selected, v.shown.len());
                (
                    vec![],
                    v.shown[near]
                        .iter()
                        .map(|n| v.all[*n as usize].metric)
                        .collect(),
                )
            }
            _ => return,
        };
        if let Err(e) = self.labels.fetch(&*self.store, commitments, metrics) {
            self.fail(e);
        }
    }

    /// The notes that take signals out of the inbox; read when the data
    /// may have changed (start, reload, a write), not on every rebuild.
    pub(crate) fn load_signal_notes(&mut self) {
        match self.store.signal_notes(None) {
            Ok(notes) => self.signals.set_notes(&notes),
            Err(e) => self.fail(e),
        }
    }

    /// Called between events: picks up changes other processes wrote.
    pub fn tick(&mut self) -> bool {
        if let Some(today) = self.clock.map(|c| c()).filter(|t| *t != self.today) {
            self.turn_day(today);
            return true;
        }
        let mark = self.store.sync_mark();
        let marked = mark != self.sync_mark;
        self.sync_mark = mark;
        marked | self.catch_up_if_changed()
    }

    /// A new day: every figure that counts days (overdue, due soon, the
    /// say/do window, days since the last visit) is worked out again for
    /// it, from the digests the book keeps.
    pub fn turn_day(&mut self, today: Date) {
        self.today = today;
        self.reload();
    }

    pub(super) fn catch_up_if_changed(&mut self) -> bool {
        match self.store.version() {
            Ok(v) if Some(v) != self.version => {
                self.version = Some(v);
                self.catch_up();
                true
            }
            _ => false,
        }
    }

    /// Brings the accounts another process changed up to date, one by
    /// one; everything is read again when that cannot be told (a bulk
    /// load, a person renamed, too many changes) or a full load is
    /// still under way.
    pub(crate) fn catch_up(&mut self) {
        let full_load = self.loading.as_ref().is_some_and(|b| !b.trends_only);
        let changed = self
            .change_mark
            .filter(|_| !full_load)
            .and_then(|m| self.store.changed_since(m).ok());
        let Some(crate::store::Changed {
            upto,
            accounts: Some(nums),
        }) = changed.filter(|c| c.accounts.as_ref().is_some_and(|a| a.len() <= CATCH_UP_MAX))
        else {
            self.reload();
            return;
        };
        self.change_mark = Some(upto);
        if nums.is_empty() {
            return;
        }
        for num in nums {
            self.refresh_account(num);
        }
        // The trends add up every account's months: worked out again.
        self.spawn_trends();
        self.settle();
    }

    /// What follows any change to the data, once its accounts' rows,
    /// items and signals are in place: words read again, the notes on
    /// signals, the open account, and the lines of every view.
    pub(crate) fn settle(&mut self) {
        self.labels.clear();
        self.load_signal_notes();
        self.reload_account_view();
        self.check_empty();
        self.rebuild();
        self.fetch_labels();
    }

    /// Works out Connect's suggestions once its tab is in view.
    pub(super) fn fill_suggestions(&mut self) {
        let Some(v) = self.account.as_mut() else {
            return;
        };
        if self.screen != Screen::Account || v.tab != Tab::Connect || v.suggestions.is_some() {
            return;
        }
        let metrics: Vec<_> = v
            .detail
            .metrics
            .iter()
            .map(|m| (m.metric.clone(), m.latest))
            .collect();
        let num = v.detail.row.account.num;
        v.suggestions = Some(
            crate::report::connect::suggestions(&*self.store, num, &metrics).unwrap_or_default(),
        );
    }

    pub(super) fn load_demo(&mut self) {
        if !self.store.is_empty().unwrap_or(false) {
            self.fail("the demo loads only into an empty database");
            return;
        }
        let stages = self.config.stages.clone();
        let today = self.today;
        let result = self.store.bulk(false, &mut |sink| {
            crate::demo::generate(sink, 40, today, &stages).map(|_| ())
        });
        match result {
            Ok(()) => {
                self.reload();
                self.wait_loaded();
                self.default_scope();
                self.info("demo portfolio loaded: 40 accounts across 4 directors");
            }
            Err(e) => self.fail(e),
        }
    }
}
