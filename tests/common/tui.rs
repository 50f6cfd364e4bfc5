//! A small fixture portfolio and helpers to drive the app and read the
//! screen rendered into ratatui's TestBackend.
#![allow(dead_code)]

use super::*;
use jiff::civil::date;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use saydo::action::Action;
use saydo::app::{App, Setup};
use saydo::config::Config;
use saydo::key::{KeyCode, KeyEvent, KeyModifiers};
use saydo::keymap::Keymap;
use saydo::store::{Change, Store};
use uuid::Uuid;

/// Mercy (Dana Cole): say/do 1/2 (one kept, one broken), one overdue, a
/// metric with a point beyond its limits in its latest measurement.
/// St Luke's (Ravi Menon): one kept on time, visited 10 days ago.
/// Müller Klinik (Dana Cole): never visited.
pub fn fixture(db: &TempDb) {
    let mut s = sqlite(db);
    let s: &mut dyn Store = &mut s;
    let mut mercy = account("Mercy General Hospital", "mercy", "Dana Cole");
    mercy.why = "Every patient treated the day they are diagnosed".into();
    let m = add(s, Change::AddAccount(mercy));
    let mut luke = account("St Luke's Cancer Centre", "stlukes", "Ravi Menon");
    luke.stage = "Adoption".into();
    luke.region = "UK & Ireland".into();
    let l = add(s, Change::AddAccount(luke));
    add(
        s,
        Change::AddAccount(account("Müller Klinik", "muller", "Dana Cole")),
    );

    add(
        s,
        Change::AddVisit(visit(m, date(2026, 11, 2), Intent::Proactive)),
    );
    add(
        s,
        Change::AddVisit(visit(m, date(2026, 10, 1), Intent::Reactive)),
    );
    add(
        s,
        Change::AddVisit(visit(l, date(2026, 11, 14), Intent::Reactive)),
    );
    let kept = add(
        s,
        Change::AddCommitment(commitment(
            m,
            "Send the dosing report",
            date(2026, 10, 1),
            date(2026, 10, 20),
        )),
    );
    s.apply(
        &Change::Keep {
            commitment: kept,
            on: date(2026, 10, 19),
        },
        TODAY,
    )
    .unwrap();
    let broken = add(
        s,
        Change::AddCommitment(commitment(
            m,
            "Fix the detector",
            date(2026, 10, 1),
            date(2026, 11, 1),
        )),
    );
    s.apply(
        &Change::Break {
            commitment: broken,
            on: date(2026, 11, 3),
            reason: "part on backorder".into(),
        },
        TODAY,
    )
    .unwrap();
    add(
        s,
        Change::AddCommitment(commitment(
            m,
            "Train the night shift",
            date(2026, 11, 1),
            date(2026, 11, 20),
        )),
    );
    add(
        s,
        Change::AddCommitment(commitment(
            m,
            "Share the benchmark",
            date(2026, 11, 20),
            date(2026, 11, 27),
        )),
    );
    let mut c = commitment(
        l,
        "Review the contract",
        date(2026, 10, 1),
        date(2026, 11, 10),
    );
    c.owner = "Ravi Menon".into();
    let lk = add(s, Change::AddCommitment(c));
    s.apply(
        &Change::Keep {
            commitment: lk,
            on: date(2026, 11, 9),
        },
        TODAY,
    )
    .unwrap();

    let mo = add(
        s,
        Change::AddMoment(Moment {
            id: Uuid::nil(),
            num: 0,
            account: m,
            what: "Scanner down during a full list".into(),
            severity: Severity::Critical,
        }),
    );
    let metric = add(
        s,
        Change::AddMetric(Metric {
            id: Uuid::nil(),
            num: 0,
            account: m,
            name: "Door-to-needle time".into(),
            words: "Drug within 45 minutes of arrival".into(),
            kind: MetricKind::Outcome,
            unit: "min".into(),
            direction: Direction::Lower,
            baseline: Some(Baseline {
                value: 62.0,
                on: date(2026, 1, 1),
            }),
            proxy: String::new(),
            target: Some(45.0),
            target_on: Some(date(2027, 1, 1)),
            kpi: "Time to treatment".into(),
            moment: Some(mo),
            definition: Default::default(),
            voice: Default::default(),
            partner: None,
        }),
    );
    // Routine variation, then a spike in the latest month. Mean 60.9,
    // average moving range 37/9 ≈ 4.11, limits 49.96 – 71.84: the spike is
    // beyond the upper limit, and the nine before it all sit below the
    // central line (a run of 8): two signals.
    let values = [58.0, 60.0, 58.0, 60.0, 58.0, 60.0, 58.0, 60.0, 58.0, 79.0];
    for (i, v) in values.iter().enumerate() {
        add(
            s,
            Change::AddMeasurement(Measurement {
                id: Uuid::nil(),
                num: 0,
                metric,
                on: date(2026, 2 + i as i8, 1),
                value: *v,
                source: "registry".into(),
                note: String::new(),
            }),
        );
    }
    add(
        s,
        Change::AddStakeholder(Stakeholder {
            id: Uuid::nil(),
            num: 0,
            account: m,
            name: "Dr Helen Lee".into(),
            role: "Head of Radiology".into(),
            layer: Layer::Physician,
            contact: "lee@mercy.example".into(),
            notes: String::new(),
            peers: false,
        }),
    );
}

fn setup(db: &TempDb, me: &str) -> Setup {
    let loader = saydo::theme::Loader { user_dir: None };
    let (theme, _) = loader.load("mono");
    Setup {
        config: Config::default(),
        theme,
        keymap: Keymap::default(),
        today: TODAY,
        clock: None,
        me: me.into(),
        warnings: vec![],
        recall: Some(saydo::cli::recall_path(&db.path)),
        exports: Some(saydo::cli::exports_dir(&db.path)),
        size: (120, 32),
    }
}

/// The app as `saydo` starts it: a screenful at once, the rest loaded in
/// the background through a second connection.
pub fn started_app(db: &TempDb, me: &str) -> App {
    let path = db.path.clone();
    let opener: saydo::app::loader::Opener = std::sync::Arc::new(move || {
        saydo::store::sqlite::SqliteStore::open(&path).map(|s| Box::new(s) as Box<dyn Store + Send>)
    });
    App::start(Box::new(sqlite(db)), setup(db, me), opener)
}

/// The app as `saydo` starts it, with its background load held until
/// `release` is sent: the screens as they are while the book is counted.
pub fn held_app(db: &TempDb, me: &str) -> (App, std::sync::mpsc::Sender<()>) {
    let path = db.path.clone();
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Mutex::new(wait);
    let opener: saydo::app::loader::Opener = std::sync::Arc::new(move || {
        let _ = wait.lock().unwrap().recv();
        saydo::store::sqlite::SqliteStore::open(&path).map(|s| Box::new(s) as Box<dyn Store + Send>)
    });
    (
        App::start(Box::new(sqlite(db)), setup(db, me), opener),
        release,
    )
}

pub fn app_on(db: &TempDb, me: &str) -> App {
    App::new(Box::new(sqlite(db)), setup(db, me))
}

/// The screen as text, one string per row (wide characters take their
/// cell; the cell they cover is skipped).
pub fn render(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| saydo::ui::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = saydo::domain::text::display_width(sym).saturating_sub(1);
                line.push_str(sym);
            }
            line.trim_end().to_string()
        })
        .collect()
}

pub fn screen(app: &App) -> String {
    render(app, app.width, app.height).join("\n")
}

pub fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Types a flow as one string: plain characters as typed, and a key in
/// angle brackets by the name `[keys]` in the config gives it —
/// `keys(app, "/lak<enter>2")`, `"<ctrl-s>"`, `"<shift-tab>"`. `<<` types
/// a `<`.
pub fn keys(app: &mut App, flow: &str) {
    let mut rest = flow;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<<") {
            key(app, KeyCode::Char('<'));
            rest = after;
        } else if c == '<' {
            let end = rest
                .find('>')
                .unwrap_or_else(|| panic!("`{flow}`: a < without its >"));
            let k = saydo::keymap::Key::parse(&rest[1..end])
                .unwrap_or_else(|e| panic!("`{flow}`: {e}"));
            let mut mods = KeyModifiers::NONE;
            if k.ctrl {
                mods = mods | KeyModifiers::CONTROL;
            }
            if k.alt {
                mods = mods | KeyModifiers::ALT;
            }
            app.on_key(KeyEvent::new(k.code, mods));
            rest = &rest[end + 1..];
        } else {
            key(app, KeyCode::Char(c));
            rest = &rest[c.len_utf8()..];
        }
    }
}

pub fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(*a);
    }
}

/// The fixture portfolio in a fresh file, and an app on it as Dana Cole.
pub fn fixture_app() -> (TempDb, App) {
    let db = temp_db();
    fixture(&db);
    let app = app_on(&db, "Dana Cole");
    (db, app)
}

/// The screen's line holding `needle`.
pub fn row_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{screen}"))
}

/// A table line's cells (columns are two or more spaces apart).
pub fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}
