//! The app's state and the one place it changes: [`App::update`]. Keys
//! become actions through the keymap; drawing (ui/) only reads the state.

pub mod account;
pub use crate::action;
pub mod attention;
mod bar;
pub mod directors;
mod drafts;
mod edits;
mod export;
pub mod fields;
pub mod finder;
mod form_flow;
pub mod forms;
pub mod held;
pub mod input;
mod keys;
pub mod labels;
pub mod lifecycle;
pub mod list;
pub mod loader;
pub mod maturity;
mod navigate;
pub mod partners;
pub mod portfolio;
pub mod quickadd;
pub mod remember;
pub mod signals;
mod sorting;
mod sync;
pub mod team;
pub mod trends;
pub mod writes;

use crate::action::Action;
use crate::config::Config;
use crate::domain::figures::Window;
use crate::domain::Date;
use crate::keymap::{Context, Keymap};
use crate::store::Store;
use crate::theme::Theme;
use account::AccountView;
use attention::AttentionView;
use finder::FinderView;
use loader::Opener;
use portfolio::PortfolioView;

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
    Confirm(Box<writes::Confirm>),
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
            Help | Finder | Command | Portfolio | Attention | Directors | Lifecycle | Signals
            | Trends | Team | Partners | Maturity => self.go_to(action),
            Acknowledged | Filter | Scope | SortBy1 | SortBy2 | SortBy3 | SortBy4 | SortBy5
            | SortBy6 | SortBy7 | SortBy8 | SortBy9 | EarlierMonth | LaterMonth | SortNext
            | SortReverse | Group | NextTab | PrevTab | TabOverview | TabMetrics | TabVisits
            | TabCommitments | TabStakeholders | TabMoments | TabConnect => self.arrange(action),
            EditOutside | Save | Complete | CompleteBack | Older | Newer | NextField
            | PrevField | Yes => self.in_box(action),
            Quit => self.quit = true,
            Suspend => self.suspend = true,
            Refresh => {
                self.reload();
                self.info("reloaded");
            }
            Back => self.back_out(true),
            Escape => self.back_out(false),
            Interrupt => self.interrupt(),
            LoadDemo => self.load_demo(),
            QuickAdd => self.open_quick_add(""),
            Export => self.export(),
            NoteSignal => self.note_signal(),
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
            Checklist => self.checklist(),
            LogVisit => self.log_visit(),
            NewCommitment => self.new_commitment(),
            Measure => self.measure(),
            Measurements => self.show_measurements(),
            Kept | KeptOn | Broken | Renegotiate | DropCommitment => self.outcome(action),
            Up | Down | PageUp | PageDown | Top | Bottom => self.move_cursor(action),
            Open => self.open(),
        }
    }
}
