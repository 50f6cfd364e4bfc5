//! `saydo bench`: the terminal UI's speed, measured headless on the real
//! database — start to first complete frame, a navigation key to its
//! frame, a filter keystroke to its frame — and the peak memory.

use crate::app::App;
use crate::key::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

pub struct Figures {
    pub first_frame: Duration,
    pub all_loaded: Duration,
    pub navigation: Vec<Duration>,
    pub filter: Vec<Duration>,
    /// The same filter typed over every account, not only mine.
    pub filter_all: Vec<Duration>,
    /// Other screens, everyone's accounts, and three keystrokes in the
    /// finder.
    pub screens: Vec<Duration>,
    pub peak_rss_kib: Option<u64>,
    pub accounts: usize,
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| crate::ui::draw(f, app))
        .expect("the test backend cannot fail");
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Peak resident memory of this process (Linux), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the measurements; `open` builds the app (opening the store is
/// part of the start-up being measured).
pub fn run(open: impl FnOnce() -> App, filter: &str) -> Figures {
    let started = Instant::now();
    let mut app = open();
    app.width = 140;
    app.height = 40;
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).expect("test backend");
    draw(&mut terminal, &app);
    let first_frame = started.elapsed();
    app.wait_loaded();
    let all_loaded = started.elapsed();
    if std::env::var_os("SAYDO_BENCH_DEBUG").is_some() {
        held_memory(&app);
    }
    let mut navigation = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        let code = if i % 50 < 25 { 'j' } else { 'k' };
        key(&mut app, KeyCode::Char(code));
        draw(&mut terminal, &app);
        navigation.push(t.elapsed());
    }
    let filter_times = type_filter(&mut app, &mut terminal, filter);
    // The same filter over everyone's accounts (a manager's view).
    let mine = app.portfolio.mine_only;
    if mine {
        app.update(crate::action::Action::Scope);
    }
    let filter_all = type_filter(&mut app, &mut terminal, filter);
    if mine {
        app.update(crate::action::Action::Scope);
    }
    let screens = other_screens(&mut app, &mut terminal, filter);
    Figures {
        first_frame,
        all_loaded,
        navigation,
        filter: filter_times,
        filter_all,
        screens,
        peak_rss_kib: peak_rss_kib(),
        accounts: app.portfolio.rows.len(),
    }
}

/// With SAYDO_BENCH_DEBUG: the memory once loaded, and what holds it.
fn held_memory(app: &App) {
    eprintln!("peak while loading {:?} KiB", peak_rss_kib());
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS")).map(String::from));
    eprintln!(
        "loaded: {:?}; rows {} × {} B, attention {} × {} B (shown {}), signals {} × {} B",
        rss,
        app.portfolio.rows.len(),
        std::mem::size_of::<crate::app::held::Row>(),
        app.attention.all.len(),
        std::mem::size_of::<crate::app::attention::Item>(),
        app.attention.items.len(),
        app.signals.all.len(),
        std::mem::size_of::<crate::app::signals::SignalItem>(),
    );
}

/// `filter` typed into the portfolio's filter and taken back, each key
/// to its frame.
fn type_filter(app: &mut App, terminal: &mut Terminal<TestBackend>, filter: &str) -> Vec<Duration> {
    let mut times = Vec::new();
    key(app, KeyCode::Char('/'));
    for code in filter
        .chars()
        .map(KeyCode::Char)
        .chain(filter.chars().map(|_| KeyCode::Backspace))
    {
        let t = Instant::now();
        key(app, code);
        draw(terminal, app);
        times.push(t.elapsed());
    }
    key(app, KeyCode::Esc);
    times
}

/// The other screens, over everyone's accounts, so that the peak memory
/// covers them too: each action to its frame, then three keys in the finder.
fn other_screens(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    filter: &str,
) -> Vec<Duration> {
    use crate::action::Action::*;
    let mut screens = Vec::new();
    let debug = std::env::var_os("SAYDO_BENCH_DEBUG").is_some();
    let mut took = |what: String, t: Instant| {
        screens.push(t.elapsed());
        if debug {
            eprintln!("{what}: {:?}, peak {:?} KiB", t.elapsed(), peak_rss_kib());
        }
    };
    for action in [
        Attention, Scope, PageDown, Bottom, Signals, Scope, PageDown, Directors, Lifecycle, Trends,
        Portfolio, Scope, Finder,
    ] {
        let t = Instant::now();
        app.update(action);
        draw(terminal, app);
        took(format!("{action:?}"), t);
    }
    for c in filter.chars().take(3) {
        let t = Instant::now();
        key(app, KeyCode::Char(c));
        draw(terminal, app);
        took(format!("finder {c:?}"), t);
    }
    key(app, KeyCode::Esc);
    screens
}

/// The 95th percentile (the slowest one in twenty).
pub fn p95(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s.get((s.len() * 95).div_ceil(100).saturating_sub(1))
        .copied()
        .unwrap_or_default()
}

pub fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s.get(s.len() / 2).copied().unwrap_or_default()
}

pub fn max(v: &[Duration]) -> Duration {
    v.iter().copied().max().unwrap_or_default()
}
