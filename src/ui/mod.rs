//! Drawing: a pure function of the app's state into a frame. It never
//! writes data and never touches the disk.

mod account;
mod attention;
mod bar;
mod connect;
mod directors;
mod forms;
mod lifecycle;
mod maturity;
mod overlay;
mod partners;
mod portfolio;
mod signals;
mod team;
pub mod trends;
mod welcome;
pub mod widgets;

use crate::app::{screen_context, App, Overlay, Screen};
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// What every screen draws with besides the view it shows: the colours,
/// the day, the settings and keys, who is looking and how far the
/// background load has come.
pub struct Ctx<'a> {
    pub theme: &'a crate::theme::Theme,
    pub today: crate::domain::Date,
    pub config: &'a crate::config::Config,
    pub keymap: &'a crate::keymap::Keymap,
    pub me: &'a str,
    /// (loaded, total) while the figures are still being counted.
    pub progress: Option<(usize, Option<usize>)>,
}

impl<'a> Ctx<'a> {
    pub fn of(app: &'a App) -> Ctx<'a> {
        Ctx {
            theme: &app.theme,
            today: app.today,
            config: &app.config,
            keymap: &app.keymap,
            me: &app.me,
            progress: app.load_progress(),
        }
    }
}

/// Below this the screens do not fit; a notice asks for more room.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(Span::styled("saydo", app.theme.style(Role::Title))),
            Line::from(format!(
                "make the window larger: at least {MIN_WIDTH}×{MIN_HEIGHT}"
            )),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let cx = Ctx::of(app);
    let cx = &cx;
    match app.screen {
        Screen::Welcome => welcome::draw(frame, cx, body),
        Screen::Portfolio => portfolio::draw(frame, cx, &app.portfolio, body),
        Screen::Account => account::draw(frame, cx, app.account.as_ref(), body),
        Screen::Attention => {
            attention::draw(frame, cx, &app.attention, &app.portfolio, &app.labels, body)
        }
        Screen::Directors => directors::draw(frame, cx, &app.directors, body),
        Screen::Lifecycle => lifecycle::draw(frame, cx, &app.lifecycle, &app.portfolio.rows, body),
        Screen::Signals => {
            signals::draw(frame, cx, &app.signals, &app.portfolio, &app.labels, body)
        }
        Screen::Trends => trends::draw(frame, cx, &app.trends, body),
        Screen::Team => team::draw(frame, cx, &app.team, body),
        Screen::Partners => partners::draw(frame, cx, &app.partners, body),
        Screen::Maturity => maturity::draw(frame, cx, &app.maturity, body),
    }
    draw_status(frame, app, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => {
            overlay::help(frame, cx, body, screen_context(app.screen), *scroll)
        }
        Overlay::History {
            title,
            lines,
            scroll,
        } => overlay::lines(frame, cx, body, title, lines, *scroll),
        Overlay::Finder(f) => overlay::finder(frame, cx, body, f),
        Overlay::QuickAdd(q) => bar::bar(frame, cx, body, q),
        Overlay::Form(f) => forms::form(frame, cx, body, f),
        Overlay::Confirm(c) => forms::confirm(frame, cx, body, c),
        Overlay::Measurements { metric, list } => {
            if let Some(v) = &app.account {
                forms::measurements(frame, cx, body, v, *metric, list)
            }
        }
    }
}

/// The status line: a message when there is one, else hints made from the
/// keymap (so they always name the real keys), and today's date.
fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let date = crate::domain::dates::long(app.today);
    let mut right = vec![Span::styled(
        format!(" {date} "),
        app.theme.style(Role::Muted),
    )];
    if let Some(mark) = &app.sync_mark {
        let role = if mark.conflicts > 0 || mark.offline_since.is_some() {
            Role::Warn
        } else {
            Role::Muted
        };
        right.insert(
            0,
            Span::styled(format!(" ⇅ {}", mark.describe()), app.theme.style(role)),
        );
    }
    if app.store.read_only() {
        right.insert(0, Span::styled(" read-only", app.theme.style(Role::Warn)));
    }
    let right = Line::from(right);
    let left: Line = match &app.message {
        Some(m) => Line::from(Span::styled(
            m.text.clone(),
            app.theme
                .style(if m.error { Role::Error } else { Role::Status }),
        )),
        None => hints(app),
    };
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(right.width() as u16)])
        .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right), r);
}

fn hints(app: &App) -> Line<'static> {
    let context = app.context();
    // The account's tabs have hints of their own.
    let part = match (context, app.account.as_ref()) {
        (crate::keymap::Context::Account, Some(a)) => Some(a.tab.title()),
        _ => None,
    };
    let mut spans = Vec::new();
    for a in crate::keymap::hints(context, part) {
        if let Some(k) = app.keymap.key_for(context, *a) {
            spans.push(Span::styled(format!("{k}"), app.theme.style(Role::Accent)));
            spans.push(Span::styled(
                format!(" {}  ", a.hint()),
                app.theme.style(Role::Muted),
            ));
        }
    }
    Line::from(spans)
}

/// Which row of the current list is at terminal cell (x, y), for clicks.
/// The account tab whose title a click at (`x`, `y`) is on.
pub fn tab_at(app: &App, area: Rect, x: u16, y: u16) -> Option<crate::app::account::Tab> {
    if !matches!(app.overlay, Overlay::None) || app.screen != Screen::Account {
        return None;
    }
    account::tab_at(area, x, y)
}

pub fn row_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    let body = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    if !body.contains(ratatui::layout::Position { x, y }) {
        return None;
    }
    match &app.overlay {
        Overlay::Finder(f) => overlay::finder_row_at(body, f, x, y),
        Overlay::Help { .. }
        | Overlay::History { .. }
        | Overlay::QuickAdd(_)
        | Overlay::Form(_)
        | Overlay::Confirm(_)
        | Overlay::Measurements { .. } => None,
        Overlay::None => match app.screen {
            Screen::Portfolio => portfolio::row_at(&app.portfolio, body, y),
            Screen::Attention => attention::row_at(&app.attention, body, y),
            Screen::Directors => directors::row_at(&app.directors, body, y),
            Screen::Lifecycle => lifecycle::row_at(&app.lifecycle, body, y),
            Screen::Signals => signals::row_at(&app.signals, body, y),
            Screen::Partners => partners::row_at(&app.partners, body, y),
            Screen::Trends | Screen::Team | Screen::Maturity => None,
            Screen::Account => app
                .account
                .as_ref()
                .and_then(|v| account::row_at(v, body, y)),
            Screen::Welcome => None,
        },
    }
}
