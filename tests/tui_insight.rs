//! The views for managers, rendered in TestBackend on the fixture
//! portfolio with figures worked out by hand.

mod common;

use common::tui::*;
use common::*;
use saydo::app::Screen;
use saydo::key::KeyCode;

#[test]
fn the_directors_view_has_each_directors_figures_and_opens_their_accounts() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(app.screen, Screen::Directors);
    let s = screen(&app);
    assert!(s.contains("Directors · 2 directors"), "{s}");
    // Dana Cole: Mercy and Müller. Mercy's commitments: one kept on time,
    // one broken, one open past its due date → 1 of 3; visits in the
    // window: one proactive, one reactive → 50% of 2; one overdue; Müller
    // never visited → 1 unvisited; Mercy's metric: 2 signals, off track.
    assert_eq!(
        cells(row_with(&s, "Dana Cole")),
        vec!["Dana Cole", "2", "33% 1/3", "50% of 2", "1", "1", "2", "1"]
    );
    // Signals and metrics off track in columns of their own.
    assert!(s.contains("Signals") && s.contains("Off track"), "{s}");
    // Ravi Menon: St Luke's, its one commitment kept on time, one reactive
    // visit 10 days ago.
    assert_eq!(
        cells(row_with(&s, "Ravi Menon")),
        vec!["Ravi Menon", "1", "100% 1/1", "0% of 1", "0", "0", "0", "0"]
    );
    // Sorted by say/do (the third column), worst first when reversed.
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.directors.rows[0].name, "Dana Cole", "33% before 100%");
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.directors.rows[0].name, "Ravi Menon");

    // Enter: Ravi's accounts only; Esc comes back.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Portfolio);
    let s = screen(&app);
    assert!(s.contains("Accounts of Ravi Menon · 1 account"), "{s}");
    assert!(s.contains("St Luke's") && !s.contains("Mercy"), "{s}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Directors);
    key(&mut app, KeyCode::Char('H'));
    assert!(screen(&app).contains("My accounts (Dana Cole)"));
    // `e` exports from here (it edits on the portfolio).
    key(&mut app, KeyCode::Char('P'));
    key(&mut app, KeyCode::Char('e'));
    let s = screen(&app);
    // The director under the cursor is offered first.
    let d = app.directors.selected().unwrap().name.clone();
    assert!(
        s.contains("Export") && s.contains(&format!("‹ {d}'s accounts ›")),
        "{s}"
    );
}

#[test]
fn directors_are_in_the_help_and_the_finder() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('?'));
    assert!(screen(&app).contains("go to the directors"));
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'p');
    type_text(&mut app, "directors");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Directors);
}

#[test]
fn the_lifecycle_view_counts_stages_and_lists_overstays() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('L'));
    assert_eq!(app.screen, Screen::Lifecycle);
    key(&mut app, KeyCode::Char('m')); // all accounts
    let s = screen(&app);
    assert!(s.contains("Lifecycle · all accounts"), "{s}");
    // All three entered their stage on 1 Jun: 176 days by 24 Nov.
    // Implementation expects at most 120 days, Adoption 365.
    assert_eq!(
        cells(row_with(&s, "Implementation")),
        vec![
            "Implementation",
            "2",
            "176d",
            "176d @muller",
            "2 (over 120d)"
        ]
    );
    assert_eq!(
        cells(row_with(&s, "Adoption")),
        vec!["Adoption", "1", "176d", "176d @stlukes", "0 (over 365d)"]
    );
    assert_eq!(
        cells(row_with(&s, "Optimisation")),
        vec!["Optimisation", "0", "—", "—", "0 (over 730d)"]
    );
    assert!(
        s.contains("Past the expected time in their stage: 2"),
        "{s}"
    );
    let mercy = row_with(&s, "@mercy");
    assert!(
        mercy.contains("Implementation") && mercy.contains("176d") && mercy.contains("56d over"),
        "{mercy}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    assert!(screen(&app).contains("Mercy General Hospital"));
}

#[test]
fn the_signals_inbox_lists_signals_until_a_note_acknowledges_them() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('I'));
    assert_eq!(app.screen, Screen::Signals);
    let s = screen(&app);
    // Mercy's door-to-needle: 58/60 alternating for nine months, then 79.
    // Mean 60.9, limits 49.96–71.84: the 79 of 1 Nov is beyond the upper
    // limit; the nine before it all sit below the central line (a run of 8).
    assert!(s.contains("2 without a note"), "{s}");
    let first = row_with(&s, "point beyond a limit");
    assert!(
        first.contains("Sun 1 Nov")
            && first.contains("@mercy")
            && first.contains("Door-to-needle time")
            && first.contains("79 min"),
        "{first}"
    );
    assert!(s.contains("◆ 8 in a row on one side"), "{s}");
    assert_eq!(app.signals.list.selected, 0);

    // Enter opens the metric on its account.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    assert!(screen(&app).contains("XmR"));
    key(&mut app, KeyCode::Esc);

    // A note takes it out of the inbox; undo brings it back.
    key(&mut app, KeyCode::Char('n'));
    assert!(screen(&app).contains("Door-to-needle time: point beyond a limit on Sun 1 Nov"));
    type_text(&mut app, "Scanner down for two days; patients rerouted");
    ctrl(&mut app, 's');
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Saved: note on Door-to-needle time at @mercy"));
    let notes = app.store.signal_notes(None).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].note,
        "Scanner down for two days; patients rerouted"
    );
    assert_eq!(notes[0].acknowledged_on, TODAY);
    let s = screen(&app);
    assert!(
        s.contains("1 without a note") && !s.contains("◆ point beyond a limit"),
        "{s}"
    );

    // The note travels with an export and back.
    let file = db.dir.path().join("with-note.toml");
    ok(&db, &["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("[[signal_note]]") && text.contains("rule = \"beyond-limit\""),
        "{text}"
    );
    let other = temp_db();
    ok(&other, &["import", file.to_str().unwrap()]);
    let again = other.dir.path().join("again.toml");
    ok(&other, &["export", "--out", again.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(again).unwrap(), text);

    key(&mut app, KeyCode::Char('u'));
    assert!(screen(&app).contains("2 without a note"));
}

#[test]
fn trends_per_month_for_the_portfolio_and_each_director_follow_writes() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('T'));
    assert_eq!(app.screen, Screen::Trends);
    let s = screen(&app);
    assert!(s.contains("Dec 2025 – Nov 2026"), "{s}");
    assert!(s.contains("DJFMAMJJASON"), "{s}");
    // All accounts. October: Mercy's one kept on time (1/1), one reactive
    // visit. November: Mercy's broken one and overdue one, St Luke's kept
    // one (1/3 = 33%); visits: Mercy proactive, St Luke's reactive (50%).
    assert_eq!(
        cells(row_with(&s, "All accounts")),
        vec![
            "All accounts",
            "··········█▃",
            "33%",
            "··········▁▅",
            "50%",
            "··········▅█",
            "2"
        ]
    );
    assert_eq!(
        cells(row_with(&s, "Dana Cole")),
        vec![
            "Dana Cole",
            "··········█▁",
            "0%",
            "··········▁█ 100%",
            "··········██",
            "1"
        ]
    );
    assert_eq!(
        cells(row_with(&s, "Ravi Menon")),
        vec![
            "Ravi Menon",
            "···········█ 100%",
            "···········▁",
            "0%",
            "···········█",
            "1"
        ]
    );

    // Keeping "Share the benchmark" today: judged in November, on time.
    let num = app
        .store
        .commitments(&Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.what == "Share the benchmark")
        .unwrap()
        .num;
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, &format!("done {num}"));
    key(&mut app, KeyCode::Enter);
    assert!(app.message.as_ref().unwrap().text.contains("kept on time"));
    let s = screen(&app);
    assert_eq!(
        cells(row_with(&s, "All accounts"))[1..3],
        ["··········█▅", "50%"],
        "{s}"
    );
    assert_eq!(
        cells(row_with(&s, "Dana Cole"))[1..3],
        ["··········█▃", "33%"]
    );
    // Enter on a director's row lists their accounts.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("Accounts of Dana Cole"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Trends);
}

#[test]
fn every_new_screen_and_box_draws_at_any_size_without_panic() {
    let (_db, mut app) = fixture_app();
    let sizes = [
        (1, 1),
        (2, 1),
        (10, 3),
        (40, 8),
        (41, 9),
        (60, 12),
        (300, 80),
    ];
    type Step = (Box<dyn Fn(&mut saydo::app::App)>, &'static str);
    let steps: Vec<Step> = vec![
        (Box::new(|a| key(a, KeyCode::Char('P'))), "Directors ·"),
        (Box::new(|a| key(a, KeyCode::Char('T'))), "Trends ·"),
        (Box::new(|a| key(a, KeyCode::Char('L'))), "Lifecycle ·"),
        (Box::new(|a| key(a, KeyCode::Char('I'))), "Signals ·"),
        (Box::new(|a| key(a, KeyCode::Char('n'))), "What happened"),
        (Box::new(|a| key(a, KeyCode::Esc)), "Signals ·"),
        (Box::new(|a| key(a, KeyCode::Char('H'))), "My accounts"),
        (
            Box::new(|a| {
                key(a, KeyCode::Char('a'));
                type_text(a, "commit @mercy Send it to:Dr due:fryday 病院");
            }),
            "`due:fryday`: not a date",
        ),
        (Box::new(|a| key(a, KeyCode::Esc)), "My accounts"),
        (Box::new(|a| key(a, KeyCode::Enter)), "1 Overview"),
        (Box::new(|a| key(a, KeyCode::Char('v'))), "Log a visit"),
        (Box::new(|a| type_text(a, "x")), "Log a visit"),
        (
            Box::new(|a| key(a, KeyCode::Esc)),
            "Discard what you typed?",
        ),
        (Box::new(|a| key(a, KeyCode::Char('y'))), "1 Overview"),
        (Box::new(|a| key(a, KeyCode::Char('2'))), "XmR"),
        (
            Box::new(|a| key(a, KeyCode::Char('M'))),
            "measurements, newest first",
        ),
        (Box::new(|a| key(a, KeyCode::Esc)), "XmR"),
        (Box::new(|a| key(a, KeyCode::Char('X'))), "Sure?"),
        (Box::new(|a| key(a, KeyCode::Char('n'))), "XmR"),
        (Box::new(|a| ctrl(a, 'e')), "Export @mercy"),
    ];
    for (step, expect) in steps {
        step(&mut app);
        app.width = 120;
        app.height = 32;
        let s = render(&app, 120, 32).join("\n");
        assert!(s.contains(expect), "{expect:?} in\n{s}");
        for (w, h) in sizes {
            app.width = w;
            app.height = h;
            render(&app, w, h);
        }
    }
}

#[test]
fn a_signal_with_a_note_is_acknowledged_everywhere() {
    let (_db, mut app) = fixture_app();
    let mercy_signals = |app: &saydo::app::App| {
        app.portfolio
            .rows
            .iter()
            .find(|r| r.account.handle() == "mercy")
            .map(|r| r.signals)
            .unwrap()
    };
    assert_eq!(mercy_signals(&app), 2);
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app);
    assert!(s.contains("point beyond a limit"), "{s}");
    // Note the newest signal from the inbox.
    key(&mut app, KeyCode::Char('I'));
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Scanner down for two days");
    ctrl(&mut app, 's');
    // Gone from Attention (the metric stays there only as off track), from
    // the portfolio's count and from the account's "needs attention".
    assert_eq!(mercy_signals(&app), 1);
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app);
    let row = row_with(&s, "Door-to-needle time");
    assert!(row.contains("off track") && !row.contains("beyond"), "{s}");
    key(&mut app, KeyCode::Char('H'));
    let m = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(m, saydo::app::account::Tab::Overview);
    let s = screen(&app);
    let needs = &s[s.find("Needs attention").expect("the section")..];
    let needs = &needs[..needs.find("\n\n").unwrap_or(needs.len())];
    assert!(needs.contains("Door-to-needle time: off track"), "{s}");
    assert!(!needs.contains("beyond a limit"), "{s}");
}

#[test]
fn the_inbox_reads_each_signal_and_the_chart_shows_its_notes() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('I'));
    let s = screen(&app);
    // Door-to-needle time: lower is better.
    let spike = row_with(&s, "point beyond a limit");
    assert!(spike.contains("above · a deterioration"), "{spike}");
    let run = row_with(&s, "8 in a row on one side");
    assert!(run.contains("below · an improvement"), "{run}");
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Scanner down for two days");
    ctrl(&mut app, 's');
    // The inbox's acknowledged list reads it too.
    key(&mut app, KeyCode::Char('A'));
    let s = screen(&app);
    assert!(s.contains("1 acknowledged, with their notes"), "{s}");
    let row = row_with(&s, "point beyond a limit");
    assert!(row.contains("“Scanner down for two days”"), "{s}");
    key(&mut app, KeyCode::Char('A'));
    assert!(screen(&app).contains("1 without a note"));
    let m = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(m, saydo::app::account::Tab::Metrics);
    let s = screen(&app);
    assert!(
        s.contains("◇ Sun 1 Nov point beyond a limit: Scanner down for two days"),
        "{s}"
    );
    let shown = ok(&db, &["metric", "show", "@mercy", "door"]);
    assert!(
        shown.contains(
            "note on the point beyond a limit signal of Sun 1 Nov: Scanner down for two days"
        ),
        "{shown}"
    );
}

#[test]
fn trends_show_any_months_figures_and_mark_this_month_as_so_far() {
    let (_db, mut app) = fixture_app();
    app.wait_loaded();
    key(&mut app, KeyCode::Char('T'));
    let s = screen(&app);
    assert!(s.contains("after each bar: Nov 2026 so far"), "{s}");
    assert!(s.contains("0–100%"), "a scale: {s}");
    let now = row_with(&s, "All accounts").to_string();
    key(&mut app, KeyCode::Left);
    let s = screen(&app);
    assert!(s.contains("after each bar: Oct 2026 ·"), "{s}");
    assert_ne!(row_with(&s, "All accounts"), now, "October's figures");
    key(&mut app, KeyCode::Right);
    assert!(screen(&app).contains("Nov 2026 so far"));
}

#[test]
fn a_measurement_overdue_for_its_definition_shows_on_attention_and_the_account() {
    let (db, mut app) = fixture_app();
    let metrics: serde_json::Value =
        serde_json::from_str(&ok(&db, &["metric", "list", "@mercy", "--json"])).unwrap();
    let num = metrics[0]["metric"]["num"].to_string();
    let name = metrics[0]["metric"]["name"].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "metric",
            "edit",
            &num,
            "--every",
            "3d",
            "--measured-by",
            "Ana Ruiz",
        ],
    );
    app.reload();
    while app.load_progress().is_some() {
        app.poll_loader();
    }
    key(&mut app, KeyCode::Char('!'));
    key(&mut app, KeyCode::Char('m'));
    let s = screen(&app);
    assert!(s.contains("Measurements due"), "{s}");
    assert!(s.contains(&format!("{name} · a measurement is due")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Account);
    key(&mut app, KeyCode::Char('1')); // the overview's "Needs attention"
    let s = screen(&app);
    assert!(
        s.contains(&format!("{name}: a measurement is due (20d late)")),
        "{s}"
    );
    key(&mut app, KeyCode::Char('2')); // the metric's definition under it
    let s = screen(&app);
    assert!(s.contains("measured every 3 days, by Ana Ruiz"), "{s}");
}

#[test]
fn the_help_names_each_action_as_the_config_takes_it() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('?'));
    let s = screen(&app);
    let quit = row_with(&s, "Q Ctrl-c");
    assert!(
        quit.trim_end()
            .trim_end_matches('│')
            .trim_end()
            .ends_with("quit"),
        "{quit}"
    );
    assert!(
        row_with(&s, "go to the directors").contains("directors"),
        "{s}"
    );
}

#[test]
fn a_flow_typed_as_one_string_is_the_keys_pressed_one_by_one() {
    let (_db, mut by_keys) = fixture_app();
    let (_db2, mut one_by_one) = fixture_app();
    keys(&mut by_keys, "/mer<enter>");
    for c in "/mer".chars() {
        key(&mut one_by_one, KeyCode::Char(c));
    }
    key(&mut one_by_one, KeyCode::Enter);
    assert_eq!(screen(&by_keys), screen(&one_by_one));
    assert_eq!(by_keys.screen, Screen::Account, "the filter opened Mercy");
}
