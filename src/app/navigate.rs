//! Moving about: the list screens' cursors and what Enter opens, going to
//! a screen and back, the finder's entries, an account's history.

use super::account::{AccountView, Tab};
use super::finder::FinderView;
use super::finder::{self, Entry, Target};
use super::list::{self, ListScreen, Opens};
use super::{team, App, Overlay, Screen};
use crate::action::Action;
use crate::report;

impl App {
    /// The list screen in view, when the screen is one.
    pub(super) fn list_screen(&mut self) -> Option<&mut dyn ListScreen> {
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
    pub(super) fn focused_list(&mut self) -> Option<(&mut list::ListState, usize)> {
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
    pub(super) fn cursor_moved(&mut self, forward: bool) {
        if matches!(self.overlay, Overlay::None) {
            if let Some(screen) = self.list_screen() {
                screen.moved(forward);
            }
        }
    }

    /// Selects row `i` of the current list; true if it was selected already.
    pub(super) fn select(&mut self, i: usize) -> bool {
        let Some((list, _)) = self.focused_list() else {
            return false;
        };
        let again = list.selected == i;
        list.selected = i;
        self.cursor_moved(true);
        again
    }

    /// A click on row `i` of the current list (the terminal layer finds
    /// the row): the first click selects it, a second one opens it.
    pub fn click_row(&mut self, i: usize) {
        if self.select(i) {
            self.update(Action::Open);
        }
    }

    pub(super) fn go(&mut self, screen: Screen) {
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
    pub(super) fn show_screen(&mut self, screen: Screen) {
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
    pub(super) fn finder_entries(&self) -> (Vec<Entry>, Vec<Entry>) {
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

    /// Backs out of what is open; at the root, `may_quit` says whether
    /// that quits (q does, Esc never does).
    pub(super) fn back_out(&mut self, may_quit: bool) {
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
    pub(super) fn interrupt(&mut self) {
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

    pub(super) fn move_cursor(&mut self, action: Action) {
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

    pub(super) fn open(&mut self) {
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
    pub(super) fn show_accounts_of(&mut self, name: String) {
        self.portfolio.owner = Some(name.clone());
        self.portfolio.filter.clear();
        self.portfolio.list.top();
        self.go(Screen::Portfolio);
        self.rebuild_portfolio();
        self.info(format!("accounts of {name}"));
    }

    /// The history of the account in view (read from this replica: no network).
    pub(super) fn show_history(&mut self) {
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

    pub(super) fn page(&self) -> usize {
        (self.height as usize).saturating_sub(6).max(1)
    }
}

impl App {
    /// The keys that go to a screen, the help or the finder.
    pub(super) fn go_to(&mut self, action: Action) {
        use Action::*;
        match action {
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
            Directors => self.show_screen(Screen::Directors),
            Lifecycle => self.show_screen(Screen::Lifecycle),
            Signals => self.show_screen(Screen::Signals),
            Trends => self.show_screen(Screen::Trends),
            Team => self.show_screen(Screen::Team),
            Partners => self.show_screen(Screen::Partners),
            Maturity => self.show_screen(Screen::Maturity),
            _ => {}
        }
    }
}
