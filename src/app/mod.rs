//! The app's state and the one place it changes: [`App::update`]. Keys
//! become actions through the keymap; drawing (ui/) only reads the state.

pub mod account;
pub use crate::action;
pub mod assess_form;
pub mod attention;
pub mod capture;
pub mod directors;
pub mod finder;
pub mod form;
pub mod forms;
pub mod held;
pub mod input;
pub mod intro_form;
pub mod labels;
pub mod lifecycle;
pub mod list;
pub mod loader;
pub mod maturity;
pub mod partner_form;
pub mod partners;
pub mod portfolio;
pub mod quickadd;
pub mod remember;
pub mod signals;
pub mod team;
pub mod trends;

use crate::action::Action;
use crate::config::Config;
use crate::domain::figures::Window;
use crate::domain::Date;
use crate::key::{KeyCode, KeyEvent, KeyModifiers};
use crate::keymap::{Context, Key, Keymap};
use crate::report;
use crate::store::Store;
use crate::theme::Theme;
use account::{AccountView, Tab};
use attention::AttentionView;
use finder::{Entry, FinderView, Target};
use list::{ListScreen, Opens};
use loader::Opener;
use portfolio::PortfolioView;

/// Over this many accounts changed elsewhere, the app reads everything
/// again rather than account by account.
const CATCH_UP_MAX: usize = 2_000;

/// Returns to the system the memory a big load used for its work and
/// freed: glibc keeps freed memory in the loading thread's arena, where
/// the rest of the app cannot use it.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no
    // preconditions and touches nothing in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Portfolio,
    Account,
    Attention,
    Directors,
    Lifecycle,
    Signals,
    Trends,
    Team,
    Partners,
    Maturity,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    /// An account's history: lines to scroll.
    History {
        title: String,
        lines: Vec<String>,
        scroll: usize,
    },
    Help {
        scroll: usize,
    },
    Finder(FinderView),
    QuickAdd(Box<quickadd::QuickAdd>),
    Form(Box<forms::RecordForm>),
    Confirm(Box<capture::Confirm>),
    /// The open account's metric (index) and its measurements, newest first.
    Measurements {
        metric: usize,
        list: list::ListState,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The keys' context of a screen with nothing over it.
pub fn screen_context(screen: Screen) -> Context {
    match screen {
        Screen::Welcome => Context::Welcome,
        Screen::Portfolio => Context::Portfolio,
        Screen::Account => Context::Account,
        Screen::Attention => Context::Attention,
        Screen::Directors => Context::Directors,
        Screen::Lifecycle => Context::Lifecycle,
        Screen::Signals => Context::Signals,
        Screen::Trends => Context::Trends,
        Screen::Team => Context::Team,
        Screen::Partners => Context::Partners,
        Screen::Maturity => Context::Maturity,
    }
}

/// What the app starts with besides the store.
pub struct Setup {
    pub config: Config,
    pub theme: Theme,
    pub keymap: Keymap,
    pub today: Date,
    /// Reads the date again, so an app left open turns the day at
    /// midnight; `None` holds `today` (SAYDO_TODAY, the tests).
    pub clock: Option<fn() -> Date>,
    pub me: String,
    /// Problems with the config, theme or keys, shown in the status line.
    pub warnings: Vec<String>,
    /// Where the quick-add lines typed before are kept.
    pub recall: Option<std::path::PathBuf>,
    /// The folder exports go to when the form names none.
    pub exports: Option<std::path::PathBuf>,
    /// The terminal's size (width, height) at the start.
    pub size: (u16, u16),
}

pub struct App {
    pub store: Box<dyn Store>,
    pub config: Config,
    pub theme: Theme,
    pub keymap: Keymap,
    pub today: Date,
    clock: Option<fn() -> Date>,
    pub me: String,
    pub screen: Screen,
    back: Vec<Screen>,
    pub overlay: Overlay,
    pub portfolio: PortfolioView,
    pub account: Option<AccountView>,
    pub attention: AttentionView,
    pub directors: directors::DirectorsView,
    pub lifecycle: lifecycle::LifecycleView,
    pub signals: signals::SignalsView,
    pub trends: trends::TrendsView,
    pub team: team::TeamView,
    pub partners: partners::PartnersView,
    pub maturity: maturity::MaturityView,
    /// The words of the attention items and signals around the cursor.
    pub labels: labels::Labels,
    pub message: Option<Message>,
    pub quit: bool,
    /// Set by Ctrl-Z: the terminal loop suspends the process.
    pub suspend: bool,
    /// Set by Ctrl-O in a form: the text of the focused field, for the
    /// terminal loop to hand to the person's own editor.
    pub edit_outside: Option<String>,
    /// The terminal's size, for paging and mouse clicks.
    pub width: u16,
    pub height: u16,
    /// The database's change counter when last loaded.
    version: Option<i64>,
    /// The number of the last change shown (see `Store::changed_since`).
    change_mark: Option<i64>,
    /// A second connection for background loads, when there is one.
    opener: Option<Opener>,
    loading: Option<loader::Background>,
    pub recall: quickadd::Recall,
    /// The folder exports go to when the form names none (`exports/`
    /// beside the database).
    pub exports: Option<std::path::PathBuf>,
    /// The lines typed in a visit's commitment bar, kept apart: recalled
    /// there, they are commitments, not whole lines of the general bar.
    pub visit_recall: quickadd::Recall,
    /// How the book stands with its team book, when it is a replica.
    pub sync_mark: Option<crate::store::SyncMark>,
    /// The bar's line as last kept on disk.
    pub(crate) draft: String,
    /// The form draft last kept on disk (JSON; empty: none).
    pub(crate) form_draft: String,
    /// Where the portfolio's sort, grouping and scope are kept, and what
    /// was kept last.
    view_file: Option<std::path::PathBuf>,
    remembered: Option<remember::Remembered>,
}

impl App {
    fn blank(store: Box<dyn Store>, setup: Setup) -> App {
        let sync_mark = store.sync_mark();
        let mut portfolio = PortfolioView::new(vec![], false);
        portfolio.tag_groups = setup.config.tag_group_list();
        let message = (!setup.warnings.is_empty()).then(|| Message {
            text: setup.warnings.join(" · "),
            error: true,
        });
        App {
            store,
            config: setup.config,
            theme: setup.theme,
            keymap: setup.keymap,
            today: setup.today,
            clock: setup.clock,
            me: setup.me,
            screen: Screen::Portfolio,
            back: vec![],
            overlay: Overlay::None,
            portfolio,
            account: None,
            attention: AttentionView::default(),
            directors: Default::default(),
            lifecycle: Default::default(),
            signals: Default::default(),
            trends: Default::default(),
            team: Default::default(),
            partners: Default::default(),
            maturity: Default::default(),
            labels: Default::default(),
            message,
            quit: false,
            suspend: false,
            edit_outside: None,
            width: setup.size.0,
            height: setup.size.1,
            version: None,
            change_mark: None,
            opener: None,
            loading: None,
            visit_recall: quickadd::Recall::load(setup.recall.as_ref().map(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().replace(".history", ".visit-history"))
                    .unwrap_or_else(|| "visit-history".into());
                p.with_file_name(name)
            })),
            exports: setup.exports,
            view_file: setup.recall.as_deref().map(remember::path_beside),
            remembered: None,
            recall: quickadd::Recall::load(setup.recall),
            sync_mark,
            draft: String::new(),
            form_draft: String::new(),
        }
    }

    /// An app that loads every account's figures before it returns.
    pub fn new(store: Box<dyn Store>, setup: Setup) -> App {
        let mut app = App::blank(store, setup);
        app.reload();
        app.default_scope();
        app
    }

    /// An app that loads the first screen's worth now and the rest in the
    /// background through `opener` (a second connection), so that the
    /// first frame does not wait on the size of the book.
    pub fn start(store: Box<dyn Store>, setup: Setup, opener: Opener) -> App {
        let mut app = App::blank(store, setup);
        app.opener = Some(opener);
        app.version = app.store.version().ok();
        app.change_mark = app.store.change_mark().ok();
        // A screenful: the first frame waits on it, never on the book.
        let page = (app.height as usize).max(10);
        match loader::first_page(&*app.store, &app.me, app.window(), page) {
            Ok((rows, mine)) => {
                app.portfolio.mine_only = mine;
                app.attention.mine_only = mine;
                app.signals.mine_only = mine;
                app.lifecycle.mine_only = mine;
                let rows = rows.into_iter().map(|r| app.portfolio.hold(r)).collect();
                app.portfolio.set_rows(rows);
            }
            Err(e) => app.fail(e),
        }
        app.check_empty();
        app.load_signal_notes();
        app.recall_view();
        app.rebuild_portfolio();
        app.spawn_loader();
        // A line a previous run was typing when it ended is offered back.
        if let Some(text) = app.recall.draft() {
            app.open_quick_add(&text);
            app.draft = text;
            app.info("the line you were typing was kept: Enter saves it, Ctrl-C clears it");
        } else if let Some(json) = app.recall.form_draft() {
            app.offer_form_draft(json);
        }
        app
    }

    fn spawn_loader(&mut self) {
        if let Some(opener) = &self.opener {
            self.loading = Some(loader::spawn(
                opener.clone(),
                self.window(),
                self.config.unvisited_days,
            ));
        }
    }

    /// Starts the background load again, of the same kind: a load that
    /// started before a change would bring old figures.
    fn respawn_loader(&mut self) {
        match &self.loading {
            Some(bg) if bg.trends_only => self.spawn_trends(),
            Some(_) => self.spawn_loader(),
            None => {}
        }
    }

    /// Works the trends out again in the background (or at once without
    /// a second connection).
    fn spawn_trends(&mut self) {
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

    fn finish_load(&mut self, done: Result<loader::Finished, String>) {
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
    fn default_scope(&mut self) {
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

    fn window(&self) -> Window {
        Window::new(self.config.window_days, self.today)
    }

    fn stage_names(&self) -> Vec<String> {
        self.config.stages.iter().map(|s| s.name.clone()).collect()
    }

    pub fn fail(&mut self, e: impl std::fmt::Display) {
        self.message = Some(Message {
            text: e.to_string(),
            error: true,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    fn check_empty(&mut self) {
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
    fn reload_account_view(&mut self) {
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
    fn rebuild(&mut self) {
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
    fn my_accounts(&self) -> std::collections::HashSet<i64> {
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

    fn catch_up_if_changed(&mut self) -> bool {
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

    /// The keymap context for the current screen and overlay.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } | Overlay::History { .. } => Context::Help,
            Overlay::Finder(_) => Context::Input,
            Overlay::QuickAdd(_) => Context::Bar,
            Overlay::Form(f) if f.confirm_discard => Context::Confirm,
            Overlay::Form(_) => Context::Form,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Measurements { .. } => Context::Measurements,
            Overlay::None if self.screen == Screen::Portfolio && self.portfolio.filtering => {
                Context::Input
            }
            Overlay::None => screen_context(self.screen),
        }
    }

    pub fn on_key(&mut self, e: KeyEvent) {
        self.handle_key(e);
        self.keep_draft();
        self.keep_view();
    }

    /// The text the person's editor gave back, into the focused field.
    pub fn edited(&mut self, text: String) {
        if let Overlay::Form(f) = &mut self.overlay {
            if let Some(field) = f.fields.get_mut(f.focus) {
                // An editor ends a file with a line break; the field does not.
                field.input.set(text.trim_end_matches('\n').to_string());
            }
        }
        self.refresh_notes_preview();
        self.keep_draft();
    }

    /// The portfolio as it was last looked at: sort, grouping, scope.
    fn recall_view(&mut self) {
        let Some(r) = self.view_file.as_deref().and_then(remember::load) else {
            return;
        };
        self.portfolio.sort = r.sort;
        self.portfolio.descending = r.descending;
        self.portfolio.group = r.group;
        self.portfolio.mine_only = r.mine_only;
        self.attention.mine_only = r.mine_only;
        self.signals.mine_only = r.mine_only;
        self.lifecycle.mine_only = r.mine_only;
        self.remembered = Some(r);
    }

    /// Keeps the portfolio's sort, grouping and scope when they change.
    fn keep_view(&mut self) {
        let now = remember::Remembered::of(&self.portfolio);
        if self.remembered != Some(now) {
            if let Some(path) = &self.view_file {
                remember::save(path, &now);
            }
            self.remembered = Some(now);
        }
    }

    /// The bar's line is kept on disk as it is typed, so that a kill, a
    /// closed window or a stray key never loses it; saving clears it.
    fn keep_draft(&mut self) {
        let now = match &self.overlay {
            Overlay::QuickAdd(q) if q.follow_up.is_none() => Some(q.input.text.clone()),
            _ => None,
        };
        if let Some(text) = now {
            if text != self.draft {
                self.recall.keep_draft(&text);
                self.draft = text;
            }
        }
        let form = match &self.overlay {
            Overlay::Form(f) if f.changed() => {
                serde_json::to_string(&forms::FormDraft::of(f)).unwrap_or_default()
            }
            _ => String::new(),
        };
        if form != self.form_draft {
            self.recall.keep_form_draft(&form);
            self.form_draft = form;
        }
    }

    /// Opens again the form a previous run was filling in, as it was.
    fn offer_form_draft(&mut self, json: String) {
        let Ok(d) = serde_json::from_str::<forms::FormDraft>(&json) else {
            return;
        };
        self.open_form(d.target.clone());
        if let Overlay::Form(f) = &mut self.overlay {
            if d.fill(f) {
                self.form_draft = json;
                self.info(
                    "the form you were filling in was kept: Enter saves it, Esc then y discards it",
                );
                return;
            }
        }
        self.overlay = Overlay::None;
    }

    fn handle_key(&mut self, e: KeyEvent) {
        let context = self.context();
        let enter = e.code == KeyCode::Enter && e.modifiers.is_empty();
        if enter && self.enter_is_text() {
            self.type_key(&e);
            return;
        }
        if let Some(action) = self.keymap.resolve(context, Key::from_event(&e)) {
            self.update(action);
            return;
        }
        if matches!(context, Context::Bar | Context::Form)
            || matches!(&self.overlay, Overlay::Form(f) if f.confirm_discard)
        {
            self.type_key(&e);
            return;
        }
        if context == Context::Input {
            let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
            match e.code {
                KeyCode::Char(c) if !ctrl => self.edit_text(|t| t.push(c)),
                KeyCode::Backspace => self.edit_text(|t| {
                    t.pop();
                }),
                // As in a shell: Ctrl-U clears the line, Ctrl-W its last word.
                KeyCode::Char('u') if ctrl => self.edit_text(|t| t.clear()),
                KeyCode::Char('w') if ctrl => self.edit_text(|t| {
                    let kept = t.trim_end().rfind(' ').map_or(0, |i| i + 1);
                    t.truncate(kept);
                }),
                _ => {}
            }
        }
    }

    fn edit_text(&mut self, f: impl FnOnce(&mut String)) {
        if let Overlay::Finder(finder) = &mut self.overlay {
            f(&mut finder.query);
            // `:` then a verb and a space is a quick-add line.
            let verb = finder
                .query
                .split_once(' ')
                .filter(|_| finder.verbs)
                .map(|(v, _)| v.to_string());
            if let Some(v) = verb.filter(|v| crate::capture::parse::verb_keys(v).is_some()) {
                let _ = v;
                let text = finder.query.clone();
                self.open_quick_add(&text);
                return;
            }
            if let Overlay::Finder(finder) = &mut self.overlay {
                finder.search(&self.portfolio);
            }
        } else if self.portfolio.filtering {
            f(&mut self.portfolio.filter);
            self.rebuild_portfolio();
            // The best match under the cursor, whatever was selected.
            self.portfolio.list.top();
            self.portfolio.skip_header(true);
            self.rank_if_near();
        }
    }

    /// The column the n-th sort key names, as the screen shows them.
    fn sort_by_shown(&mut self, action: Action) {
        let n = match action {
            Action::SortBy1 => 1,
            Action::SortBy2 => 2,
            Action::SortBy3 => 3,
            Action::SortBy4 => 4,
            Action::SortBy5 => 5,
            Action::SortBy6 => 6,
            Action::SortBy7 => 7,
            Action::SortBy8 => 8,
            _ => 9,
        };
        if self.screen == Screen::Directors {
            let Some(c) = directors::DirectorColumn::ALL.get(n - 1).copied() else {
                return;
            };
            self.directors.sort_by(c);
            self.sorted_directors();
            return;
        }
        let shown = portfolio::columns_for(self.width, self.portfolio.mine_only);
        let Some(c) = shown.get(n - 1).copied() else {
            self.info(format!("there are {} columns on this screen", shown.len()));
            return;
        };
        self.portfolio.sort_by(c);
        self.sorted_portfolio();
    }

    /// After a sort of the Directors: from the top, and what it is sorted by.
    fn sorted_directors(&mut self) {
        self.directors.list.selected = 0;
        let dir = if self.directors.descending {
            "↓"
        } else {
            "↑"
        };
        self.info(format!("sorted by {} {dir}", self.directors.sort.title()));
    }

    /// After a sort: the list from its top, and what it is sorted by.
    fn sorted_portfolio(&mut self) {
        self.rebuild_portfolio();
        self.portfolio.list.top();
        self.portfolio.skip_header(true);
        let dir = if self.portfolio.descending {
            "↓"
        } else {
            "↑"
        };
        self.info(format!("sorted by {} {dir}", self.portfolio.sort.title()));
    }

    fn rebuild_portfolio(&mut self) {
        let stages = self.stage_names();
        self.portfolio
            .rebuild(&self.me, &stages, self.config.unvisited_days);
    }

    /// Works out Connect's suggestions once its tab is in view.
    fn fill_suggestions(&mut self) {
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

    /// Ranks the filter's hits beyond the names once the cursor nears
    /// them (a short filter over a big book ranks the names first).
    fn rank_if_near(&mut self) {
        if self.screen == Screen::Portfolio && self.portfolio.needs_ranking(self.height as usize) {
            self.portfolio.rank_rest();
            self.rebuild_portfolio();
        }
    }

    /// A click on row `i` of the current list (the terminal layer finds
    /// the row): the first click selects it, a second one opens it.
    pub fn click_row(&mut self, i: usize) {
        if self.select(i) {
            self.update(Action::Open);
        }
    }

    /// Keeps mine or theirs for the conflict under the cursor.
    fn settle_conflict(&mut self, mine: bool) {
        if self.screen != Screen::Team {
            return;
        }
        let Some(num) = self.team.selected().map(|c| c.num) else {
            self.info("no conflict to settle");
            return;
        };
        let at = self.today.to_string();
        match self.store.resolve(num, mine, &at) {
            Ok(said) => {
                self.info(said);
                self.catch_up();
            }
            Err(e) => self.fail(e),
        }
        self.team.refresh(&*self.store);
    }

    /// The history of the account in view (read from this replica: no network).
    fn show_history(&mut self) {
        let Some(v) = self.account.as_ref() else {
            return;
        };
        let a = &v.detail.row.account;
        // On a replica, the record selected has a history of its own.
        let record = v.selected_record().filter(|_| self.sync_mark.is_some());
        let title = match record {
            Some((kind, num, _)) => format!("History of {kind} #{num} at @{}", a.handle),
            None => format!("History of @{}", a.handle),
        };
        let lines = team::history_lines(&*self.store, a.num, record.map(|r| r.2));
        self.overlay = Overlay::History {
            title,
            lines,
            scroll: 0,
        };
    }

    /// The list screen in view, when the screen is one.
    fn list_screen(&mut self) -> Option<&mut dyn ListScreen> {
        Some(match self.screen {
            Screen::Portfolio => &mut self.portfolio,
            Screen::Account => self.account.as_mut()?,
            Screen::Attention => &mut self.attention,
            Screen::Directors => &mut self.directors,
            Screen::Lifecycle => &mut self.lifecycle,
            Screen::Signals => &mut self.signals,
            Screen::Trends => &mut self.trends,
            Screen::Team => &mut self.team,
            Screen::Partners => &mut self.partners,
            Screen::Maturity => &mut self.maturity,
            Screen::Welcome => return None,
        })
    }

    /// The list the cursor keys move: the overlay's, else the screen's.
    fn focused_list(&mut self) -> Option<(&mut list::ListState, usize)> {
        if matches!(self.overlay, Overlay::None) {
            let screen = self.list_screen()?;
            let len = screen.row_count();
            return Some((screen.cursor(), len));
        }
        match &mut self.overlay {
            Overlay::Finder(f) => {
                let len = f.row_count();
                Some((f.cursor(), len))
            }
            Overlay::Measurements { metric, list } => {
                let len = self
                    .account
                    .as_ref()
                    .and_then(|a| a.detail.measurements.get(*metric))
                    .map_or(0, |m| m.len());
                Some((list, len))
            }
            Overlay::Help { .. }
            | Overlay::History { .. }
            | Overlay::QuickAdd(_)
            | Overlay::Form(_)
            | Overlay::Confirm(_)
            | Overlay::None => None,
        }
    }

    /// After the screen's cursor moved (not an overlay's).
    fn cursor_moved(&mut self, forward: bool) {
        if matches!(self.overlay, Overlay::None) {
            if let Some(screen) = self.list_screen() {
                screen.moved(forward);
            }
        }
    }

    /// Selects row `i` of the current list; true if it was selected already.
    fn select(&mut self, i: usize) -> bool {
        let Some((list, _)) = self.focused_list() else {
            return false;
        };
        let again = list.selected == i;
        list.selected = i;
        self.cursor_moved(true);
        again
    }

    fn page(&self) -> usize {
        (self.height as usize).saturating_sub(6).max(1)
    }

    fn go(&mut self, screen: Screen) {
        if self.screen != screen {
            if self.screen != Screen::Welcome {
                self.back.push(self.screen);
            }
            self.screen = screen;
        }
    }

    /// Goes to one of the book's screens (not from the welcome screen:
    /// an empty book has none to show), reading again what it shows that
    /// the background load does not keep.
    fn show_screen(&mut self, screen: Screen) {
        self.overlay = Overlay::None;
        if self.screen == Screen::Welcome {
            return;
        }
        match screen {
            Screen::Team => self.team.refresh(&*self.store),
            Screen::Partners => self.partners.refresh(&*self.store),
            Screen::Maturity => self.maturity.refresh(&*self.store, &self.config),
            _ => {}
        }
        self.go(screen);
    }

    pub fn open_account(&mut self, num: i64, tab: Tab) {
        let loaded = self.store.account_by_num(num).and_then(|a| {
            a.map(|a| report::account_detail(&*self.store, a, self.window(), &self.config.stages))
                .transpose()
        });
        match loaded {
            Ok(Some(d)) => {
                self.account = Some(AccountView::new(
                    d,
                    tab,
                    self.today,
                    self.config.unvisited_days,
                ));
                self.go(Screen::Account);
            }
            Ok(None) => self.fail(format!("account #{num} is gone")),
            Err(e) => self.fail(e),
        }
    }

    /// The finder's screens and archived accounts (the live ones are the
    /// portfolio's rows).
    fn finder_entries(&self) -> (Vec<Entry>, Vec<Entry>) {
        let screens = vec![
            Entry {
                label: "Portfolio".into(),
                detail: "screen · every account with its figures".into(),
                target: Target::Portfolio,
            },
            Entry {
                label: "Attention".into(),
                detail: "screen · overdue, due soon, unvisited, signals".into(),
                target: Target::Attention,
            },
            Entry {
                label: "Directors".into(),
                detail: "screen · each director's accounts, say/do, overdue, unvisited".into(),
                target: Target::Directors,
            },
            Entry {
                label: "Signals".into(),
                detail: "screen · the inbox of XmR signals on customer metrics".into(),
                target: Target::Signals,
            },
            Entry {
                label: "Trends".into(),
                detail: "screen · say/do, proactive share and visits per month".into(),
                target: Target::Trends,
            },
            Entry {
                label: "Lifecycle".into(),
                detail: "screen · accounts per stage, time in stage, overstays".into(),
                target: Target::Lifecycle,
            },
            Entry {
                label: "Business partners".into(),
                detail: "screen · partners, their KPIs and the customer metrics that serve them"
                    .into(),
                target: Target::Partners,
            },
            Entry {
                label: "Engagement maturity".into(),
                detail: "screen · maturity levels by market and by therapeutic area".into(),
                target: Target::Maturity,
            },
            Entry {
                label: "Team book".into(),
                detail: "screen · sync, what waits, conflicts".into(),
                target: Target::Team,
            },
            Entry {
                label: "Help".into(),
                detail: "screen · every key of this screen".into(),
                target: Target::Help,
            },
        ];
        // Archived accounts are found too, to be opened and restored.
        let archived = self
            .store
            .accounts(&crate::store::AccountQuery {
                only_archived: true,
                ..Default::default()
            })
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let tags = a.tags.join(", ");
                finder::account_entry(a.num, &a.name, &a.handle, true, a.owner.as_deref(), &tags)
            })
            .collect();
        (screens, archived)
    }

    /// The one place the state changes.
    pub fn update(&mut self, action: Action) {
        self.act(action);
        self.rank_if_near();
        self.fill_suggestions();
        self.fetch_labels();
    }

    fn act(&mut self, action: Action) {
        use Action::*;
        match action {
            Quit => self.quit = true,
            Suspend => self.suspend = true,
            EditOutside => {
                if let Overlay::Form(f) = &self.overlay {
                    self.edit_outside = f.focused().map(|x| x.input.text.clone());
                }
            }
            Refresh => {
                self.reload();
                self.info("reloaded");
            }
            Help => {
                self.overlay = match self.overlay {
                    Overlay::Help { .. } => Overlay::None,
                    _ => Overlay::Help { scroll: 0 },
                }
            }
            Finder | Command => {
                let (screens, archived) = self.finder_entries();
                let mut f = FinderView::new(screens, archived, &self.portfolio);
                f.verbs = action == Command;
                self.overlay = Overlay::Finder(f);
            }
            Portfolio => {
                self.overlay = Overlay::None;
                if self.screen != Screen::Welcome {
                    self.back.clear();
                    self.screen = Screen::Portfolio;
                    if self.portfolio.owner.take().is_some() {
                        self.rebuild_portfolio();
                    }
                }
            }
            Attention => self.show_screen(Screen::Attention),
            Back => self.back_out(true),
            Escape => self.back_out(false),
            Interrupt => self.interrupt(),
            LoadDemo => self.load_demo(),
            QuickAdd => self.open_quick_add(""),
            Export => self.export(),
            Directors => self.show_screen(Screen::Directors),
            Lifecycle => self.show_screen(Screen::Lifecycle),
            Signals => self.show_screen(Screen::Signals),
            Trends => self.show_screen(Screen::Trends),
            NoteSignal => self.note_signal(),
            Acknowledged if self.screen == Screen::Signals => {
                self.signals.acknowledged = !self.signals.acknowledged;
                let mine = self.my_accounts();
                self.signals.scope(&mine);
            }
            Acknowledged => {}
            Team => self.show_screen(Screen::Team),
            Partners => self.show_screen(Screen::Partners),
            KeepMine | KeepTheirs => self.settle_conflict(action == KeepMine),
            History => self.show_history(),
            Undo => self.undo_redo(true),
            Redo => self.undo_redo(false),
            New | Edit | Remove if matches!(self.overlay, Overlay::Measurements { .. }) => {
                self.measurement_action(action)
            }
            New => self.new_record(),
            Edit => self.edit_selected(),
            EditAccount => self.edit_account(),
            Remove => self.remove_selected(),
            Archive => self.archive(),
            MoveStage => self.move_stage(),
            SettleRenewal => self.settle_renewal(),
            Assess => self.assess(),
            Maturity => self.show_screen(Screen::Maturity),
            Checklist => self.checklist(),
            LogVisit => self.log_visit(),
            NewCommitment => self.new_commitment(),
            Measure => self.measure(),
            Measurements => self.show_measurements(),
            Kept | KeptOn | Broken | Renegotiate | DropCommitment => self.outcome(action),
            Save => match self.overlay {
                Overlay::QuickAdd(_) => self.save_quick_add(),
                Overlay::Form(_) => self.save_form(),
                _ => {}
            },
            Complete | CompleteBack => self.complete(action == Complete),
            Older | Newer => {
                if let Overlay::QuickAdd(q) = &mut self.overlay {
                    let lines = if q.follow_up.is_some() {
                        &self.visit_recall.lines
                    } else {
                        &self.recall.lines
                    };
                    q.recall(lines, action == Older);
                }
                self.refresh_preview();
            }
            NextField | PrevField => {
                if let Overlay::Form(f) = &mut self.overlay {
                    f.tab(action == NextField, self.today);
                }
            }
            Yes => match &mut self.overlay {
                Overlay::Confirm(_) => self.confirmed(),
                Overlay::Form(f) if f.confirm_discard => self.overlay = Overlay::None,
                _ => {}
            },
            Filter => {
                if self.screen == Screen::Portfolio {
                    self.portfolio.filtering = true;
                }
            }
            Scope => match self.screen {
                Screen::Portfolio => {
                    self.portfolio.owner = None;
                    self.portfolio.mine_only = !self.portfolio.mine_only;
                    self.rebuild_portfolio();
                    self.info(if self.portfolio.mine_only {
                        "my accounts"
                    } else {
                        "all accounts"
                    });
                }
                Screen::Attention => {
                    self.attention.mine_only = !self.attention.mine_only;
                    let mine = self.my_accounts();
                    self.attention.scope(&mine, &self.me);
                }
                Screen::Signals => {
                    self.signals.mine_only = !self.signals.mine_only;
                    let mine = self.my_accounts();
                    self.signals.scope(&mine);
                }
                Screen::Lifecycle => {
                    self.lifecycle.mine_only = !self.lifecycle.mine_only;
                    self.lifecycle
                        .rebuild(&self.portfolio.rows, &self.config.stages, &self.me);
                }
                _ => {}
            },
            SortBy1 | SortBy2 | SortBy3 | SortBy4 | SortBy5 | SortBy6 | SortBy7 | SortBy8
            | SortBy9 => self.sort_by_shown(action),
            EarlierMonth | LaterMonth => self.trends.step(action == EarlierMonth),
            SortNext | SortReverse if self.screen == Screen::Directors => {
                if action == SortNext {
                    self.directors.cycle_sort();
                } else {
                    self.directors.reverse();
                }
                self.sorted_directors();
            }
            SortNext | SortReverse => {
                if action == SortNext {
                    self.portfolio.cycle_sort();
                } else {
                    self.portfolio.descending = !self.portfolio.descending;
                }
                self.sorted_portfolio();
            }
            Group if self.screen == Screen::Maturity => {
                self.maturity.next_grouping(&*self.store, &self.config);
                self.info(format!("maturity by {}", self.maturity.by_name));
            }
            Group => {
                let groups = self.portfolio.tag_groups.len();
                self.portfolio.group = self
                    .portfolio
                    .group
                    .within(&self.portfolio.tag_groups)
                    .next(groups);
                self.rebuild_portfolio();
                self.info(format!(
                    "accounts {}",
                    self.portfolio.group.label(&self.portfolio.tag_groups)
                ));
            }
            NextTab | PrevTab => {
                if let Some(a) = &mut self.account {
                    a.tab = if action == NextTab {
                        a.tab.next()
                    } else {
                        a.tab.prev()
                    };
                }
            }
            TabOverview | TabMetrics | TabVisits | TabCommitments | TabStakeholders
            | TabMoments | TabConnect => {
                let tab = match action {
                    TabOverview => Tab::Overview,
                    TabMetrics => Tab::Metrics,
                    TabVisits => Tab::Visits,
                    TabCommitments => Tab::Commitments,
                    TabStakeholders => Tab::Stakeholders,
                    TabMoments => Tab::Moments,
                    _ => Tab::Connect,
                };
                if let Some(a) = &mut self.account {
                    a.tab = tab;
                }
            }
            Up | Down | PageUp | PageDown | Top | Bottom => self.move_cursor(action),
            Open => self.open(),
        }
    }

    /// Backs out of what is open; at the root, `may_quit` says whether
    /// that quits (q does, Esc never does).
    fn back_out(&mut self, may_quit: bool) {
        match &mut self.overlay {
            Overlay::None => {}
            Overlay::Form(f) if f.confirm_discard => {
                f.confirm_discard = false;
                return;
            }
            Overlay::Form(_) => {
                self.cancel_form();
                return;
            }
            Overlay::Confirm(_) => {
                self.declined();
                return;
            }
            _ => {
                self.overlay = Overlay::None;
                return;
            }
        }
        if self.screen == Screen::Portfolio {
            if self.portfolio.filtering {
                self.portfolio.filtering = false;
                return;
            }
            if !self.portfolio.filter.is_empty() {
                self.portfolio.filter.clear();
                self.rebuild_portfolio();
                return;
            }
            if self.portfolio.owner.take().is_some() {
                self.rebuild_portfolio();
            }
        }
        match self.back.pop() {
            Some(s) => self.screen = s,
            None if may_quit => self.quit = true,
            None => self.info("q or Q quits saydo"),
        }
    }

    /// Ctrl-C: what is typed goes first (the bar is cleared, a changed form
    /// asks before it is dropped); with nothing typed, saydo quits.
    fn interrupt(&mut self) {
        match &mut self.overlay {
            Overlay::QuickAdd(q) if !q.input.text.is_empty() => {
                q.input.set(String::new());
                self.info("cleared; Ctrl-C again quits");
                self.refresh_preview();
            }
            Overlay::Form(f) if f.changed() && !f.confirm_discard => {
                f.confirm_discard = true;
            }
            Overlay::Finder(f) if !f.query.is_empty() => {
                f.query.clear();
                f.search(&self.portfolio);
            }
            _ if self.screen == Screen::Portfolio
                && self.portfolio.filtering
                && !self.portfolio.filter.is_empty() =>
            {
                self.portfolio.filter.clear();
                self.rebuild_portfolio();
            }
            _ => self.quit = true,
        }
    }

    /// The screen whose keys help describes.
    fn help_context(&self) -> Context {
        screen_context(self.screen)
    }

    fn move_cursor(&mut self, action: Action) {
        let page = self.page();
        // How far a box of lines can scroll: its lines less a screenful.
        let most = match &self.overlay {
            Overlay::Help { .. } => self.keymap.help_rows(self.help_context()).len(),
            Overlay::History { lines, .. } => lines.len(),
            _ => 0,
        }
        // (The box's lines show in the body, less the status line and its
        // two borders.)
        .saturating_sub((self.height as usize).saturating_sub(3));
        if let Overlay::Help { scroll } | Overlay::History { scroll, .. } = &mut self.overlay {
            let box_page = (self.height as usize).saturating_sub(4).max(1);
            *scroll = match action {
                Action::Up => scroll.saturating_sub(1),
                Action::Down => *scroll + 1,
                Action::PageUp => scroll.saturating_sub(box_page),
                Action::PageDown => *scroll + box_page,
                Action::Top => 0,
                Action::Bottom => most,
                _ => *scroll,
            }
            .min(most);
            return;
        }
        let Some((list, len)) = self.focused_list() else {
            return;
        };
        match action {
            Action::Up => list.up(1),
            Action::Down => list.down(1, len),
            Action::PageUp => list.up(page),
            Action::PageDown => list.down(page, len),
            Action::Top => list.top(),
            Action::Bottom => list.bottom(len),
            _ => {}
        }
        self.cursor_moved(matches!(
            action,
            Action::Down | Action::PageDown | Action::Top
        ));
    }

    fn open(&mut self) {
        if let Overlay::Finder(f) = &self.overlay {
            // `:q` (and `:quit`, `:wq`) quits, as in vim, whatever it matches.
            if f.verbs && matches!(f.query.trim(), "q" | "quit" | "q!" | "wq" | "x") {
                self.overlay = Overlay::None;
                self.quit = true;
                return;
            }
            let target = f.selected().map(|e| e.target);
            self.overlay = Overlay::None;
            match target {
                Some(Target::Account(num)) => self.open_account(num, Tab::Overview),
                Some(Target::Portfolio) => self.update(Action::Portfolio),
                Some(Target::Attention) => self.update(Action::Attention),
                Some(Target::Directors) => self.update(Action::Directors),
                Some(Target::Lifecycle) => self.update(Action::Lifecycle),
                Some(Target::Signals) => self.update(Action::Signals),
                Some(Target::Trends) => self.update(Action::Trends),
                Some(Target::Partners) => self.update(Action::Partners),
                Some(Target::Maturity) => self.update(Action::Maturity),
                Some(Target::Team) => self.update(Action::Team),
                Some(Target::Help) => self.overlay = Overlay::Help { scroll: 0 },
                None => {}
            }
            return;
        }
        if self.screen == Screen::Portfolio {
            self.portfolio.filtering = false;
        }
        let Some(opens) = self.list_screen().map(|s| s.opens()) else {
            return;
        };
        match opens {
            Opens::Nothing => {}
            Opens::Account(num, tab) => self.open_account(num, tab),
            Opens::Metric { account, metric } => {
                self.open_account(account, Tab::Metrics);
                if let Some(v) = &mut self.account {
                    if let Some(i) = v.detail.metrics.iter().position(|m| m.metric.num == metric) {
                        v.lists[1].selected = i;
                    }
                }
            }
            Opens::AccountsOf(name) => self.show_accounts_of(name),
            Opens::Everyone => {
                self.portfolio.owner = None;
                self.portfolio.mine_only = false;
                self.go(Screen::Portfolio);
                self.rebuild_portfolio();
            }
            Opens::EditSelected => self.edit_selected(),
        }
    }

    /// The portfolio with one director's accounts only; Esc comes back.
    fn show_accounts_of(&mut self, name: String) {
        self.portfolio.owner = Some(name.clone());
        self.portfolio.filter.clear();
        self.portfolio.list.top();
        self.go(Screen::Portfolio);
        self.rebuild_portfolio();
        self.info(format!("accounts of {name}"));
    }

    fn load_demo(&mut self) {
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
