//! Every screen rendered into ratatui's TestBackend at fixed sizes, on a
//! small fixture portfolio with a fixed today, asserting what a person
//! would read; and the flows driven through actions and keys.

mod common;

use common::tui::*;
use common::*;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use saydo::action::Action;
use saydo::app::account::Tab;
use saydo::app::fields::FieldId as Id;
use saydo::app::{Overlay, Screen};
use saydo::domain::text::display_width;
use saydo::key::KeyCode;
use saydo::rules::Field as F;
use saydo::store::{Change, Store};

#[test]
fn portfolio_shows_my_accounts_then_all() {
    let (_db, mut app) = fixture_app();
    let s = screen(&app);
    let head = s.lines().next().unwrap();
    assert!(
        head.contains("My accounts (Dana Cole) · 2 accounts · say/do 33% 1/3"),
        "{head}"
    );
    assert!(
        head.contains("proactive 50% · overdue 1 · unvisited 1"),
        "{head}"
    );
    assert!(
        s.contains("Mercy General Hospital") && s.contains("Müller Klinik"),
        "{s}"
    );
    assert!(!s.contains("St Luke's"), "{s}");
    let mercy = row_with(&s, "Mercy General Hospital");
    // In my accounts the Owner column would say me on every row.
    assert!(!row_with(&s, "Account↑").contains("Owner"), "{s}");
    for cell in [
        "@mercy",
        "Implementation",
        "33% 1/3",
        "22d",
        "50%",
        "0/1",
        "◆ 2",
    ] {
        assert!(mercy.contains(cell), "{cell} in {mercy}");
    }
    assert!(row_with(&s, "Müller Klinik").contains("never"));

    key(&mut app, KeyCode::Char('m'));
    let s = screen(&app);
    assert!(
        s.lines()
            .next()
            .unwrap()
            .contains("All accounts · 3 accounts · say/do 50% 2/4"),
        "{s}"
    );
    assert!(row_with(&s, "St Luke's Cancer Centre").contains("100% 1/1"));
    assert!(row_with(&s, "St Luke's Cancer Centre").contains("Ravi Menon"));
    assert!(
        s.lines().last().unwrap().contains("all accounts"),
        "status says what changed"
    );
}

#[test]
fn columns_give_way_as_the_terminal_narrows() {
    let (_db, mut app) = fixture_app();
    // All accounts: the Owner column is there to give way.
    key(&mut app, KeyCode::Char('m'));
    let wide = render(&app, 140, 20).join("\n");
    let header = row_with(&wide, "Account↑");
    for h in [
        "Handle", "Owner", "Stage", "In stage", "Say/do", "Open", "Late", "Visited", "Proact.",
        "On track", "Signals",
    ] {
        assert!(header.contains(h), "{h} in {header}");
    }
    let narrow = render(&app, 60, 20).join("\n");
    let header = row_with(&narrow, "Account↑");
    for h in ["Say/do", "Late", "Visited", "Handle"] {
        assert!(header.contains(h), "{h} in {header}");
    }
    for h in ["Signals", "In stage", "On track", "Owner"] {
        assert!(!header.contains(h), "{h} should give way: {header}");
    }
}

#[test]
fn sort_group_and_filter() {
    let (_db, mut app) = fixture_app();
    act(&mut app, &[Action::Scope]);
    // Sort by say/do: the worst first, nothing to judge ("—") last.
    while app.portfolio.sort != saydo::app::portfolio::Column::SayDo {
        act(&mut app, &[Action::SortNext]);
    }
    let s = screen(&app);
    let order: Vec<usize> = ["Mercy General", "St Luke's", "Müller Klinik"]
        .iter()
        .map(|n| s.find(n).unwrap())
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{s}");
    assert!(s.contains("Say/do↑"), "{s}");
    // The other way, "—" still last.
    act(&mut app, &[Action::SortReverse]);
    let s = screen(&app);
    let order: Vec<usize> = ["St Luke's", "Mercy General", "Müller Klinik"]
        .iter()
        .map(|n| s.find(n).unwrap())
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{s}");
    // A column's key sorts by it at once, the cursor at the top.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.portfolio.sort, saydo::app::portfolio::Column::Name);
    assert_eq!(app.portfolio.list.selected, 0);
    key(&mut app, KeyCode::Char('1'));
    assert!(app.portfolio.descending, "again: the other way");
    key(&mut app, KeyCode::Char('1'));

    act(&mut app, &[Action::Group]);
    let s = screen(&app);
    let dana = row_with(&s, "▸ Dana Cole (2)");
    assert!(dana.contains("33% 1/3"), "subtotal: {dana}");
    assert!(row_with(&s, "▸ Ravi Menon (1)").contains("100% 1/1"));
    assert!(
        app.portfolio.selected_row().is_some(),
        "the cursor skips group headers"
    );

    // Stage, region, the config's tag group (therapeutic area), none.
    act(
        &mut app,
        &[Action::Group, Action::Group, Action::Group, Action::Group],
    );
    // Whatever was selected, typing a filter puts the best match under
    // the cursor.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "m");
    assert_eq!(app.portfolio.list.selected, 0);
    key(&mut app, KeyCode::Backspace);
    type_text(&mut app, "mül");
    let s = screen(&app);
    assert!(s.contains("filter: mül"), "{s}");
    assert!(
        s.contains("Müller Klinik") && !s.contains("Mercy General") && !s.contains("St Luke's"),
        "{s}"
    );
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    type_text(&mut app, "ul");
    assert_eq!(
        app.portfolio.filter, "mul",
        "accents folded: mul finds Müller"
    );
    assert!(screen(&app).contains("Müller Klinik"));
    key(&mut app, KeyCode::Esc);
    assert!(!app.portfolio.filtering);
    assert_eq!(
        app.portfolio.filter, "mul",
        "the first Esc keeps the filter"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.portfolio.filter, "");
    assert!(screen(&app).contains("St Luke's"));
}

#[test]
fn the_account_screen_and_its_tabs() {
    let (_db, mut app) = fixture_app();
    // Mercy is the first of my accounts by name.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    let s = screen(&app);
    assert!(
        s.lines()
            .next()
            .unwrap()
            .starts_with("Mercy General Hospital  @mercy"),
        "{s}"
    );
    assert!(
        s.contains("owner Dana Cole · stage Implementation 176d · renewal Wed 30 Jun 2027"),
        "{s}"
    );
    assert!(
        s.contains("why “Every patient treated the day they are diagnosed”"),
        "{s}"
    );
    assert!(s.contains("1 Overview │ 2 Metrics │ 3 Visits │ 4 Commitments │ 5 Stakeholders │ 6 Moments of truth"), "{s}");
    assert!(
        s.contains(
            "say/do 33% 1/3 · proactive 50% of 2 visits · open 2 · overdue 1 · last visit 22d"
        ),
        "{s}"
    );
    assert!(s.contains("#3 Train the night shift 4d late"), "{s}");
    assert!(s.contains("#4 Share the benchmark in 3d"), "{s}");
    assert!(
        s.contains("Door-to-needle time: point beyond a limit"),
        "{s}"
    );
    assert!(s.contains("In Implementation, check"), "{s}");

    key(&mut app, KeyCode::Tab);
    let s = screen(&app);
    let row = row_with(&s, "Door-to-needle time");
    for cell in [
        "outcome",
        "62 min",
        "79 min",
        "45 min",
        "-100%",
        "off track",
        "◆ 2",
    ] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
    assert!(
        s.contains(
            "“Drug within 45 minutes of arrival”  lower is better · our KPI: Time to treatment"
        ),
        "{s}"
    );
    assert!(
        s.contains("XmR · central 60.9 · limits 49.96 – 71.84 · 2 signals"),
        "{s}"
    );
    assert!(s.contains('•'), "signal points are marked: {s}");

    key(&mut app, KeyCode::Tab);
    let s = screen(&app);
    assert!(row_with(&s, "Mon 2 Nov").contains("▲ proactive"), "{s}");
    assert!(row_with(&s, "Thu 1 Oct").contains("▼ reactive"), "{s}");

    key(&mut app, KeyCode::Tab);
    let s = screen(&app);
    let order: Vec<usize> = [
        "Train the night shift",
        "Share the benchmark",
        "Fix the detector",
        "Send the dosing report",
    ]
    .iter()
    .map(|n| s.find(n).unwrap_or_else(|| panic!("{n}: {s}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "overdue, open, broken, kept: {s}"
    );
    assert!(row_with(&s, "Train the night shift").contains("4d late"));
    assert!(row_with(&s, "Share the benchmark").contains("in 3d"));
    assert!(row_with(&s, "Fix the detector").contains("broken"));

    key(&mut app, KeyCode::Tab);
    assert!(row_with(&screen(&app), "Dr Helen Lee").contains("physician"));
    key(&mut app, KeyCode::Tab);
    let s = screen(&app);
    let row = row_with(&s, "Scanner down during a full list");
    assert!(
        row.contains("critical") && row.contains("Door-to-needle time"),
        "{row}"
    );
    // Connect, then round to the overview.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Connect);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Overview);
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Commitments);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Visits);
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Portfolio);
}

#[test]
fn attention_lists_what_needs_someone_and_enter_jumps_there() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('!'));
    assert_eq!(app.screen, Screen::Attention);
    let s = screen(&app);
    let order: Vec<usize> = [
        "Overdue commitments",
        "Due in the next 7 days",
        "Not visited lately",
        "Metrics with a new signal",
    ]
    .iter()
    .map(|n| s.find(n).unwrap_or_else(|| panic!("{n}: {s}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    assert!(row_with(&s, "#3 Train the night shift").contains("4d late"));
    assert!(row_with(&s, "Müller Klinik").contains("never"));
    assert!(row_with(&s, "Door-to-needle time · point beyond a limit").contains("@mercy"));
    assert!(
        s.lines()
            .next()
            .unwrap()
            .contains("my accounts (Dana Cole) · 4 items"),
        "{s}"
    );
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Commitments);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Attention, "back where we came from");
}

#[test]
fn the_finder_opens_an_account_by_fuzzy_name() {
    let (_db, mut app) = fixture_app();
    ctrl(&mut app, 'p');
    type_text(&mut app, "luke");
    let s = screen(&app);
    assert!(s.contains("Find an account or a screen"), "{s}");
    assert!(s.contains("› luke"), "{s}");
    assert!(
        s.contains("St Luke's Cancer Centre  @stlukes · Ravi Menon · oncology"),
        "{s}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    assert!(screen(&app).starts_with("St Luke's Cancer Centre  @stlukes"));
    // Screens are in the finder too.
    key(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "atten");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Attention);
}

#[test]
fn help_is_generated_from_the_keymap() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('?'));
    let s = screen(&app);
    assert!(s.contains("Keys · Portfolio"), "{s}");
    assert!(row_with(&s, "filter the list (fuzzy)").contains('/'));
    assert!(row_with(&s, "quit saydo").contains("Q Ctrl-c"));
    assert!(row_with(&s, "sort by the next column").contains('s'));
    key(&mut app, KeyCode::Char('?'));
    assert!(!screen(&app).contains("Keys · Portfolio"));
    // Remapped keys show in help and in the status hints.
    let mut o = std::collections::BTreeMap::new();
    o.insert(
        "filter".to_string(),
        saydo::keymap::KeySpec::One("f".into()),
    );
    app.keymap = saydo::keymap::Keymap::with_overrides(&o).0;
    let s = screen(&app);
    assert!(s.lines().last().unwrap().contains("f filter"), "{s}");
    key(&mut app, KeyCode::Char('f'));
    assert!(app.portfolio.filtering);
}

#[test]
fn an_empty_book_welcomes_and_loads_the_demo() {
    let db = temp_db();
    let mut app = app_on(&db, "Dana Cole");
    assert_eq!(app.screen, Screen::Welcome);
    let s = screen(&app);
    assert!(s.contains("Your field book is empty."), "{s}");
    assert!(s.contains("d  load a demo portfolio"), "{s}");
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.screen, Screen::Portfolio);
    let s = screen(&app);
    assert!(
        s.lines()
            .next()
            .unwrap()
            .contains("My accounts (Dana Cole) · 10 accounts"),
        "{s}"
    );
    assert!(
        s.lines().last().unwrap().contains("demo portfolio loaded"),
        "{s}"
    );
}

#[test]
fn any_size_from_1x1_draws_without_panic() {
    let (_db, mut app) = fixture_app();
    let sizes = [
        (1, 1),
        (2, 1),
        (10, 3),
        (39, 7),
        (40, 8),
        (41, 9),
        (80, 24),
        (300, 80),
    ];
    let mut screens = vec![];
    for step in 0..5 {
        match step {
            1 => key(&mut app, KeyCode::Enter),
            2 => {
                key(&mut app, KeyCode::Tab);
            }
            3 => key(&mut app, KeyCode::Char('!')),
            4 => ctrl(&mut app, 'p'),
            _ => {}
        }
        for (w, h) in sizes {
            screens.push(render(&app, w, h));
        }
    }
    let small = render(&app, 30, 6).join("\n");
    assert!(small.contains("make the window larger"), "{small}");
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let db = temp_db();
    fixture(&db);
    {
        let mut s = sqlite(&db);
        add(
            &mut s,
            Change::AddAccount(account("東京医科大学病院 🏥", "tokyo", "Dana Cole")),
        );
    }
    let app = app_on(&db, "Dana Cole");
    let s = render(&app, 120, 20);
    let col = |needle: &str| {
        let line = s.iter().find(|l| l.contains(needle)).unwrap();
        display_width(&line[..line.find(needle).unwrap()])
    };
    assert_eq!(col("@tokyo"), col("@mercy"));
    assert_eq!(col("@muller"), col("@mercy"));
}

/// Another process adds a late promise to Mercy; Mercy's number.
fn late_promise_elsewhere(db: &TempDb) -> i64 {
    let mut other = sqlite(db);
    let mercy = other.account("mercy").unwrap().unwrap().num;
    add(
        &mut other,
        Change::AddCommitment(commitment(
            mercy,
            "Late promise",
            jiff::civil::date(2026, 10, 1),
            jiff::civil::date(2026, 11, 2),
        )),
    );
    mercy
}

#[test]
fn changes_by_another_process_show_up_on_the_next_tick() {
    let (db, mut app) = fixture_app();
    assert!(!app.tick(), "nothing changed yet");
    late_promise_elsewhere(&db);
    assert!(app.tick());
    let s = screen(&app);
    assert!(
        row_with(&s, "Mercy General Hospital").contains("25% 1/4"),
        "{s}"
    );
}

#[test]
fn another_process_s_change_shows_at_once_and_the_trends_follow() {
    let db = temp_db();
    fixture(&db);
    let mut app = started_app(&db, "Dana Cole");
    app.wait_loaded();
    assert!(!app.tick(), "nothing changed yet");
    let mercy = late_promise_elsewhere(&db);
    {
        let mut other = sqlite(&db);
        add(
            &mut other,
            Change::AddVisit(visit(
                mercy,
                jiff::civil::date(2026, 11, 20),
                saydo::domain::Intent::Proactive,
            )),
        );
    }
    assert!(app.tick());
    assert!(
        app.load_progress().is_none(),
        "only the changed account is read again, not the book"
    );
    let s = screen(&app);
    assert!(
        row_with(&s, "Mercy General Hospital").contains("25% 1/4"),
        "{s}"
    );
    assert!(row_with(&s, "Mercy General Hospital").contains("4d"), "{s}");
    // The trends add up every account: worked out again in the background.
    app.wait_loaded();
    let mut fresh = app_on(&db, "Dana Cole");
    act(&mut app, &[Action::Trends]);
    act(&mut fresh, &[Action::Trends]);
    assert_eq!(screen(&app), screen(&fresh));
    act(&mut app, &[Action::Attention]);
    act(&mut fresh, &[Action::Attention]);
    assert_eq!(screen(&app), screen(&fresh));
}

#[test]
fn mouse_click_selects_then_opens_and_the_wheel_scrolls() {
    let (_db, mut app) = fixture_app();
    let s = render(&app, app.width, app.height);
    let y = s.iter().position(|l| l.contains("Müller Klinik")).unwrap() as u16;
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row: y,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    saydo::tui::mouse(&mut app, click);
    assert_eq!(
        app.portfolio.selected_row().unwrap().account.handle(),
        "muller"
    );
    assert_eq!(app.screen, Screen::Portfolio);
    saydo::tui::mouse(&mut app, click);
    assert_eq!(app.screen, Screen::Account);
    saydo::tui::mouse(
        &mut app,
        MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 5,
            row: 10,
            modifiers: crossterm::event::KeyModifiers::NONE,
        },
    );
}

#[test]
fn quit_from_anywhere_and_back_out_of_the_root() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('Q'));
    assert!(app.quit);
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "q at the portfolio quits");
}

#[test]
fn the_event_loop_runs_on_a_test_backend() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let (_db, mut app) = fixture_app();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    let events = [KeyCode::Char('j'), KeyCode::Enter, KeyCode::Tab]
        .into_iter()
        .map(|c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE)))
        .chain([Event::Resize(90, 25)])
        .collect();
    let signal = std::sync::atomic::AtomicUsize::new(0);
    saydo::tui::run(
        &mut terminal,
        &mut app,
        &mut saydo::tui::Script(events),
        &signal,
        true,
        |_| Ok(()),
        |_, t| Ok(Some(t.to_string())),
    )
    .unwrap();
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().unwrap().tab, Tab::Metrics);
    assert_eq!((app.width, app.height), (90, 25));
    let buf = terminal.backend().buffer();
    let top: String = (0..30).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    assert!(top.starts_with("Müller Klinik"), "{top}");
}

#[test]
fn starting_with_a_page_then_loading_in_the_background_ends_where_a_full_load_does() {
    let db = temp_db();
    fixture(&db);
    let full = app_on(&db, "Dana Cole");
    let mut started = started_app(&db, "Dana Cole");
    assert!(
        started.portfolio.mine_only,
        "my accounts first, from the first page"
    );
    started.wait_loaded();
    assert!(started.load_progress().is_none());
    assert_eq!(screen(&started), screen(&full));
    act(&mut started, &[Action::Attention]);
    let mut full = full;
    act(&mut full, &[Action::Attention]);
    assert_eq!(screen(&started), screen(&full));
}

#[test]
fn esc_never_quits_ctrl_c_clears_what_is_typed_first_and_ctrl_z_works_in_the_bar() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(!app.quit, "Esc at the portfolio does not quit");
    assert!(screen(&app).contains("q or Q quits saydo"));
    // Ctrl-C with a half-typed line clears it; again, it quits.
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit @mercy Send the");
    ctrl(&mut app, 'z');
    assert!(app.suspend, "Ctrl-Z suspends from the bar");
    app.suspend = false;
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    assert!(matches!(&app.overlay, Overlay::QuickAdd(q) if q.input.text.is_empty()));
    ctrl(&mut app, 'c');
    assert!(app.quit);
    // A changed form asks before anything is dropped.
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Zephyr Clinic");
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    assert!(matches!(&app.overlay, Overlay::Form(f) if f.confirm_discard));
}

#[test]
fn colon_q_quits_as_in_vim() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "q");
    key(&mut app, KeyCode::Enter);
    assert!(app.quit);
    // Ctrl-P finds accounts and screens only: q there is a search.
    let (_db, mut app) = fixture_app();
    ctrl(&mut app, 'p');
    type_text(&mut app, "q");
    key(&mut app, KeyCode::Enter);
    assert!(!app.quit);
}

#[test]
fn sorted_headers_keep_their_first_letters() {
    let (_db, mut app) = fixture_app();
    for _ in 0..12 {
        key(&mut app, KeyCode::Char('s'));
        for w in [80u16, 140] {
            let s = render(&app, w, 30).join("\n");
            for cut in [" pen↓", " pen↑", " isited", " ccounts", " ate↓", " ate↑"] {
                assert!(!s.contains(cut), "{cut:?} at {w} columns:\n{s}");
            }
        }
    }
    key(&mut app, KeyCode::Char('P'));
    for _ in 0..7 {
        key(&mut app, KeyCode::Char('s'));
        let s = render(&app, 140, 30).join("\n");
        assert!(!s.contains(" ccounts"), "{s}");
    }
}

#[test]
fn no_screen_gives_a_false_all_clear_while_the_book_is_counted() {
    let db = temp_db();
    fixture(&db);
    let (mut app, release) = held_app(&db, "Dana Cole");
    for (screen, key_) in [
        ("Attention", '!'),
        ("Directors", 'P'),
        ("Signals", 'I'),
        ("Lifecycle", 'L'),
        ("Trends", 'T'),
    ] {
        key(&mut app, KeyCode::Char(key_));
        let s = screen_of(&app);
        assert!(s.contains(screen), "{screen}: {s}");
        assert!(s.contains("counting…"), "{screen} says it is counting: {s}");
        assert!(!s.contains("Nothing needs attention"), "{s}");
        assert!(!s.contains("No accounts yet"), "{s}");
        assert!(!s.contains("No signal waits"), "{s}");
    }
    key(&mut app, KeyCode::Char('!'));
    assert!(screen_of(&app).contains("not every account's figures are in yet"));
    // (Every later load opens its own connection too.)
    for _ in 0..10 {
        release.send(()).unwrap();
    }
    app.wait_loaded();
    assert!(app.load_progress().is_none(), "the load finished");
    assert!(
        !screen_of(&app).contains("counting…"),
        "{}",
        screen_of(&app)
    );
}

fn screen_of(app: &saydo::app::App) -> String {
    screen(app)
}

#[test]
fn an_accounts_header_shows_only_the_parts_it_has() {
    let db = temp_db();
    let mut s = sqlite(&db);
    let mut a = account("Klinikum Nord", "nord", "Dana Cole");
    a.region = String::new();
    a.tags = vec![];
    a.renewal = None;
    let num = add(&mut s, Change::AddAccount(a));
    drop(s);
    let mut app = app_on(&db, "Dana Cole");
    app.open_account(num, Tab::Overview);
    let s = screen(&app);
    let head = row_with(&s, "owner Dana Cole");
    assert!(!head.contains('—'), "{head}");
    assert!(
        !head.contains("renewal") && !head.contains("region"),
        "{head}"
    );
    assert!(!head.trim_end().ends_with('·'), "{head}");
}

#[test]
fn the_filter_puts_the_best_match_first_and_ctrl_u_clears_it() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let mut app = app_on(&db, "Dana Cole");
    app.wait_loaded();
    key(&mut app, KeyCode::Char('m'));
    for typed in ["eloi", "saint eloi"] {
        key(&mut app, KeyCode::Char('/'));
        type_text(&mut app, typed);
        let s = screen(&app);
        let first = s.lines().nth(3).unwrap_or_default();
        assert!(
            first.contains("Saint-Éloi"),
            "{typed}: first row {first:?}\n{s}"
        );
        ctrl(&mut app, 'u');
        assert!(screen(&app).contains("filter: ▏"), "{}", screen(&app));
        key(&mut app, KeyCode::Esc);
    }
}

#[test]
fn my_attention_holds_my_promises_on_colleagues_accounts() {
    let db = temp_db();
    fixture(&db);
    let mut s = sqlite(&db);
    let stlukes = s.account("stlukes").unwrap().expect("St Luke's, Ravi's");
    assert_eq!(stlukes.owner.as_deref(), Some("Ravi Menon"));
    let mut c = commitment(
        stlukes.num,
        "Dana's promise at St Luke's",
        jiff::civil::date(2026, 11, 2),
        jiff::civil::date(2026, 11, 20),
    );
    c.owner = "Dana Cole".into();
    add(&mut s, Change::AddCommitment(c));
    drop(s);
    let mut app = app_on(&db, "Dana Cole");
    app.wait_loaded();
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app);
    assert!(s.contains("my accounts"), "{s}");
    assert!(s.contains("Dana's promise at St Luke's"), "{s}");
    // Ravi's own items there stay his.
    let mut app = app_on(&db, "Ravi Menon");
    app.wait_loaded();
    key(&mut app, KeyCode::Char('!'));
    assert!(
        screen(&app).contains("Dana's promise at St Luke's"),
        "on his account"
    );
}

#[test]
fn the_commitments_tab_lists_open_first_then_the_newest_resolved_and_shows_renegotiations() {
    let db = temp_db();
    fixture(&db);
    let mut s = sqlite(&db);
    let mercy = s.account("mercy").unwrap().unwrap();
    let open = s
        .commitments(&saydo::store::CommitmentQuery {
            account: Some(mercy.num),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| c.what == "Share the benchmark")
        .unwrap();
    add(
        &mut s,
        Change::Renegotiate {
            commitment: open.num,
            new_due: jiff::civil::date(2026, 12, 11),
            reason: "their board meets later".into(),
            agreed_on: TODAY,
        },
    );
    drop(s);
    let mut app = app_on(&db, "Dana Cole");
    app.open_account(mercy.num, Tab::Commitments);
    let s = screen(&app);
    let at = |what: &str| s.find(what).unwrap_or_else(|| panic!("{what} in {s}"));
    assert!(
        at("Train the night shift") < at("Share the benchmark"),
        "{s}"
    );
    assert!(
        at("Share the benchmark") < at("Fix the detector"),
        "open first: {s}"
    );
    assert!(
        at("Fix the detector") < at("Send the dosing report"),
        "newest resolved first: {s}"
    );
    let row = row_with(&s, "Share the benchmark");
    assert!(
        row.contains("Fri 11 Dec") && row.contains("was Fri 27 Nov"),
        "{row}"
    );
    assert!(row.contains("Dr Lee"), "the To column: {row}");
}

#[test]
fn help_scrolls_to_its_end_and_says_how_at_80_by_24() {
    let (_db, mut app) = fixture_app();
    app.width = 80;
    app.height = 24;
    key(&mut app, KeyCode::Char('?'));
    let s = render(&app, 80, 24).join("\n");
    assert!(s.contains("g top · G end"), "{s}");
    let first = s.clone();
    key(&mut app, KeyCode::Char('G'));
    let end = render(&app, 80, 24).join("\n");
    assert_ne!(first, end, "G scrolled");
    assert!(
        end.contains("Typing in the filter") || end.contains("ctrl-c"),
        "the end: {end}"
    );
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(
        render(&app, 80, 24).join("\n"),
        first,
        "g goes back to the top"
    );
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('k'));
    assert_ne!(
        render(&app, 80, 24).join("\n"),
        end,
        "one line up from the end moves at once"
    );
}

#[test]
fn a_click_on_a_tab_title_opens_that_tab() {
    let (_db, mut app) = fixture_app();
    let mercy = app.store.account("mercy").unwrap().unwrap();
    app.open_account(mercy.num, Tab::Overview);
    let s = render(&app, app.width, app.height);
    let y = s.iter().position(|l| l.contains("4 Commitments")).unwrap() as u16;
    for (title, tab) in [
        ("4 Commitments", Tab::Commitments),
        ("2 Metrics", Tab::Metrics),
        ("6 Moments of truth", Tab::Moments),
    ] {
        let x = s[y as usize].find(title).unwrap();
        // Columns, not bytes: the divider is one column but three bytes.
        let col = s[y as usize][..x].chars().count() as u16 + 2;
        saydo::tui::mouse(
            &mut app,
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: col,
                row: y,
                modifiers: crossterm::event::KeyModifiers::NONE,
            },
        );
        assert_eq!(app.account.as_ref().unwrap().tab, tab, "{title}");
    }
}

#[test]
fn sort_grouping_and_scope_are_remembered_across_restarts() {
    let db = temp_db();
    fixture(&db);
    let mut app = started_app(&db, "Dana Cole");
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char('b'));
    key(&mut app, KeyCode::Char('5'));
    let (sort, desc, group) = (
        app.portfolio.sort,
        app.portfolio.descending,
        app.portfolio.group,
    );
    assert!(!app.portfolio.mine_only);
    drop(app);
    let app = started_app(&db, "Dana Cole");
    assert_eq!(
        (
            app.portfolio.sort,
            app.portfolio.descending,
            app.portfolio.group
        ),
        (sort, desc, group)
    );
    assert!(!app.portfolio.mine_only, "all accounts, as left");
    assert!(screen(&app).contains("All accounts"), "{}", screen(&app));
}

#[test]
fn visit_notes_keep_their_line_breaks_on_the_overview() {
    let db = temp_db();
    fixture(&db);
    let mut s = sqlite(&db);
    let mercy = s.account("mercy").unwrap().unwrap();
    let mut v = visit(mercy.num, TODAY, saydo::domain::Intent::Proactive);
    v.notes = "Walked the ward\nThey want the dosing report monthly".into();
    add(&mut s, Change::AddVisit(v));
    drop(s);
    let mut app = app_on(&db, "Dana Cole");
    app.open_account(mercy.num, Tab::Overview);
    let sc = screen(&app);
    let first = row_with(&sc, "Walked the ward");
    assert!(!first.contains("They want"), "{sc}");
    assert!(
        sc.contains("      They want the dosing report monthly"),
        "{sc}"
    );
}

#[test]
fn ctrl_o_hands_a_field_to_the_persons_own_editor() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let (_db, mut app) = fixture_app();
    let mercy = app.store.account("mercy").unwrap().unwrap();
    app.open_form(saydo::app::forms::Target::NewVisit { account: mercy.num });
    // To the notes, then Ctrl-O.
    let mut events: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
    for _ in 0..5 {
        events.push_back(Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    }
    events.push_back(Event::Key(KeyEvent::new(
        KeyCode::Char('o'),
        KeyModifiers::CONTROL,
    )));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    let signal = std::sync::atomic::AtomicUsize::new(0);
    let mut handed = None;
    saydo::tui::run(
        &mut terminal,
        &mut app,
        &mut saydo::tui::Script(events),
        &signal,
        true,
        |_| Ok(()),
        |_, t| {
            handed = Some(t.to_string());
            Ok(Some(
                "Walked the ward\nTwo lines from the editor\n".to_string(),
            ))
        },
    )
    .unwrap();
    assert!(handed.is_some(), "the editor was asked");
    let Overlay::Form(f) = &app.overlay else {
        panic!("the form stays open")
    };
    assert!(
        f.fields
            .iter()
            .any(|x| x.input.text == "Walked the ward\nTwo lines from the editor"),
        "{:?}",
        f.fields
            .iter()
            .map(|x| x.input.text.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_moving_ranges_sit_under_the_readings_and_the_key_under_both() {
    let (_db, mut app) = fixture_app();
    let m = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(m, saydo::app::account::Tab::Metrics);
    let s = screen(&app);
    // The jump to 79 (a moving range of 19) is above the upper range
    // limit, 3.268 times the average moving range.
    assert!(
        s.contains("mR · average 4.11 · upper range limit 13.44"),
        "{s}"
    );
    let lines: Vec<&str> = s.lines().collect();
    let x_top = lines.iter().position(|l| l.contains("XmR ·")).unwrap();
    let mr_top = lines
        .iter()
        .position(|l| l.contains("mR · average"))
        .unwrap();
    let key = lines
        .iter()
        .position(|l| l.contains("central line") && l.contains("limits"))
        .unwrap_or_else(|| panic!("a key line: {s}"));
    assert!(x_top < mr_top && mr_top < key, "{s}");
    // The key is a line of its own, outside both charts' borders.
    assert!(!lines[key].contains('│'), "{}", lines[key]);
    assert!(
        lines[x_top..key]
            .iter()
            .all(|l| !l.contains("central line")),
        "{s}"
    );
}

#[test]
fn a_metric_shows_whether_it_is_a_cpi_or_our_assumption() {
    let (_db, mut app) = fixture_app();
    let m = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(m, saydo::app::account::Tab::Metrics);
    let s = screen(&app);
    assert!(s.contains("assumed: not yet said — who said it,"), "{s}");
    let metric = app.store.metrics(Some(m)).unwrap().remove(0);
    app.open_form(saydo::app::forms::Target::EditMetric(metric));
    let saydo::app::Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.field_mut(Id::SaidBy).unwrap().input.set("Dr Helen Lee");
    f.field_mut(F::SaidOn).unwrap().input.set("2026-11-02");
    f.field_mut(Id::Valued).unwrap().input.set("yes");
    keys(&mut app, "<ctrl-s>");
    assert!(
        matches!(app.overlay, saydo::app::Overlay::None),
        "{}",
        screen(&app)
    );
    let s = screen(&app);
    // (The line wraps at 140 columns.)
    assert!(s.contains("CPI: Dr Helen Lee said so on Mon 2"), "{s}");
}

#[test]
fn every_account_tab_is_in_sight_and_clickable_on_a_narrow_terminal() {
    let (_db, mut app) = fixture_app();
    act(&mut app, &[Action::Open]);
    for (w, h) in [(80u16, 24u16), (140, 40)] {
        app.width = w;
        app.height = h;
        let rows = render(&app, w, h);
        let bar = &rows[3];
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let key = format!("{} ", i + 1);
            let at = bar
                .find(&key)
                .unwrap_or_else(|| panic!("{w} columns: tab {} is not in sight: {bar}", i + 1));
            let x = display_width(&bar[..at]) as u16 + 2;
            assert_eq!(
                saydo::ui::tab_at(&app, area, x, 3),
                Some(*tab),
                "{w} columns: a click on {key:?} in {bar}"
            );
        }
    }
}
