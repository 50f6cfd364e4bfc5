//! Capture in the TUI, driven by keys on a real SQLite file: the quick-add
//! bar, forms for every record, outcomes, stage moves, archive, removal,
//! undo and redo. What is saved is read back from the store.

mod common;

use common::tui::*;
use common::*;
use jiff::civil::date;
use saydo::app::account::Tab;
use saydo::app::fields::FieldId as Id;
use saydo::app::{Overlay, Screen};
use saydo::domain::{Status, VisitKind};
use saydo::key::KeyCode;
use saydo::rules::Field as F;
use saydo::store::{CommitmentQuery, Store, VisitQuery};

fn mercy(app: &saydo::app::App) -> i64 {
    app.store.account("mercy").unwrap().unwrap().num
}

fn status(app: &saydo::app::App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn open_mercy(app: &mut saydo::app::App, tab: Tab) {
    let num = mercy(app);
    app.open_account(num, tab);
    assert_eq!(app.screen, Screen::Account);
}

fn bar_text(app: &saydo::app::App) -> String {
    match &app.overlay {
        Overlay::QuickAdd(q) => q.input.text.clone(),
        other => panic!("the bar is not open: {other:?}"),
    }
}

fn commitments_of(app: &saydo::app::App, account: i64) -> Vec<saydo::domain::Commitment> {
    app.store
        .commitments(&CommitmentQuery {
            account: Some(account),
            ..Default::default()
        })
        .unwrap()
}

/// Opens the form of account `num` with the focus on the field `label`.
fn edit_account_at(app: &mut saydo::app::App, num: i64, label: &str) {
    let a = app.store.account_by_num(num).unwrap().unwrap();
    app.open_form(saydo::app::forms::Target::EditAccount(a));
    let Overlay::Form(f) = &mut app.overlay else {
        panic!("the account form is not open")
    };
    f.focus = f.fields.iter().position(|x| x.label == label).unwrap();
}

/// Selects the commitment `num` on the open account's Commitments tab.
fn select_commitment(app: &mut saydo::app::App, num: i64) {
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Char('g'));
    for _ in 0..50 {
        let v = app.account.as_ref().unwrap();
        if v.detail.commitments[v.selected(Tab::Commitments)].num == num {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("commitment #{num} is not on the tab");
}

#[test]
fn a_commitment_from_the_portfolio_in_one_line() {
    let (db, mut app) = fixture_app();
    // The cursor is on Mercy (first by name among my accounts).
    assert_eq!(
        app.portfolio.selected_row().unwrap().account.handle(),
        "mercy"
    );
    key(&mut app, KeyCode::Char('a'));
    type_text(
        &mut app,
        "commit Send the slides to:\"Dr Helen Lee\" due:fri",
    );
    let s = screen(&app);
    assert!(s.contains("@mercy (in view)"), "{s}");
    assert!(
        s.contains("✓ commitment at @mercy · due Fri 27 Nov · by Dana Cole · to Dr Helen Lee"),
        "{s}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None));
    let saved = commitments_of(&app, mercy(&app))
        .into_iter()
        .find(|c| c.what == "Send the slides")
        .expect("saved");
    assert_eq!(saved.due_on, date(2026, 11, 27));
    assert_eq!(
        status(&app),
        format!(
            "Commitment #{} saved · due Fri 27 Nov · u undoes",
            saved.num
        )
    );
    // The portfolio's figures follow at once: one more open commitment.
    let row = app
        .portfolio
        .rows
        .iter()
        .find(|r| r.account.handle() == "mercy")
        .unwrap();
    assert_eq!(row.open, 3);
    drop(db);
}

#[test]
fn a_quick_add_error_saves_nothing_and_keeps_the_line() {
    let (db, mut app) = fixture_app();
    let before = dump(&db.path);
    key(&mut app, KeyCode::Char('a'));
    let line = "commit @mercy Send the slides due:fryday";
    type_text(&mut app, line);
    let s = screen(&app);
    let cli_message = "`due:fryday`: not a date; try fri, +3d, eow or 2026-12-01";
    assert!(s.contains(&format!("✗ {cli_message}")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(bar_text(&app), line, "the line stays as typed");
    assert_eq!(status(&app), format!("not saved: {cli_message}"));
    assert_same_dump(&before, &dump(&db.path), "a refused line");
    // The command line says the same of the same line.
    let out = saydo(&db, &["add", line]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(cli_message), "{}", stderr(&out));
    // An unknown account, the same way.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit @nowhere Send it due:fri");
    let Overlay::QuickAdd(q) = &app.overlay else {
        panic!()
    };
    let e = q.preview.clone().unwrap().unwrap_err();
    assert_eq!(&q.input.text[e.span.clone()], "@nowhere");
    let out = saydo(&db, &["add", "commit @nowhere Send it due:fri"]);
    assert!(
        stderr(&out).contains(&e.message),
        "{} vs {}",
        stderr(&out),
        e.message
    );
}

#[test]
fn log_a_visit_with_two_commitments_then_keep_one_late_renegotiate_the_other_undo_redo() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    let m = mercy(&app);
    key(&mut app, KeyCode::Char('v'));
    assert!(matches!(app.overlay, Overlay::Form(_)));
    // On: a backdated visit (its commitments are made that day); Kind:
    // on-site; Intent: proactive; Their side…
    ctrl(&mut app, 'u');
    type_text(&mut app, "2026-11-01");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "r"); // kind: review
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "p"); // intent: chosen, never preset
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "helen");
    key(&mut app, KeyCode::Tab); // completes the stakeholder's name
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "QBR with radiology");
    ctrl(&mut app, 's');
    let visit = app
        .store
        .visits(&VisitQuery {
            account: Some(m),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|v| v.notes == "QBR with radiology")
        .unwrap();
    assert_eq!(visit.on, date(2026, 11, 1));
    assert_eq!(visit.kind, VisitKind::Review);
    assert_eq!(visit.theirs, vec!["Dr Helen Lee"]);
    assert_eq!(visit.ours, vec!["Dana Cole"]);
    assert_eq!(visit.notes, "QBR with radiology");
    assert!(
        status(&app).contains("commitments made in this visit?"),
        "{}",
        status(&app)
    );

    // The bar asks for the commitments made in it, one line each.
    type_text(&mut app, "Send the dosing report due:2026-11-10");
    key(&mut app, KeyCode::Enter);
    assert_eq!(bar_text(&app), "", "ready for the next one");
    type_text(&mut app, "Book the training due:fri");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
    let made: Vec<_> = commitments_of(&app, m)
        .into_iter()
        .filter(|c| c.visit == Some(visit.num))
        .collect();
    assert_eq!(made.len(), 2, "{made:?}");
    assert!(made.iter().all(|c| c.to_whom == "Dr Helen Lee"));
    let report = made
        .iter()
        .find(|c| c.what == "Send the dosing report")
        .unwrap()
        .num;
    let training = made
        .iter()
        .find(|c| c.what == "Book the training")
        .unwrap()
        .num;

    // Kept today, after it fell due: kept late.
    select_commitment(&mut app, report);
    key(&mut app, KeyCode::Char('d'));
    let c = app.store.commitment(report).unwrap().unwrap();
    assert_eq!((c.status, c.resolved_on), (Status::KeptLate, Some(TODAY)));
    assert!(
        status(&app).starts_with(&format!("Commitment #{report} kept late")),
        "{}",
        status(&app)
    );

    // Renegotiate: the bar opens with the line started, the cursor at due:.
    select_commitment(&mut app, training);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        bar_text(&app),
        format!("renegotiate {training} due: reason:\"\"")
    );
    type_text(&mut app, "+2w");
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Left);
    type_text(&mut app, "their IT freeze");
    key(&mut app, KeyCode::Enter);
    let c = app.store.commitment(training).unwrap().unwrap();
    assert_eq!(c.due(), date(2026, 12, 8));
    assert_eq!(c.renegotiations[0].reason, "their IT freeze");

    // Undo takes the renegotiation back, redo puts it again.
    key(&mut app, KeyCode::Char('u'));
    assert!(
        status(&app).starts_with("undone: commitment"),
        "{}",
        status(&app)
    );
    assert!(app
        .store
        .commitment(training)
        .unwrap()
        .unwrap()
        .renegotiations
        .is_empty());
    ctrl(&mut app, 'r');
    assert!(status(&app).starts_with("redone:"), "{}", status(&app));
    assert_eq!(
        app.store.commitment(training).unwrap().unwrap().due(),
        date(2026, 12, 8)
    );
    // And the account's say/do counts the late one at once.
    let s = screen(&app);
    assert!(s.contains("kept-late"), "{s}");
}

#[test]
fn an_invalid_form_keeps_every_character_and_saves_nothing() {
    let (db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Commitments);
    let before = dump(&db.path);
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Send the dosing report");
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "fryday");
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(f) = &app.overlay else {
        panic!("the form stays open")
    };
    assert_eq!(f.text(F::What), "Send the dosing report");
    assert_eq!(f.text(F::Due), "fryday");
    assert_eq!(f.fields[f.focus].label, "Due");
    let s = screen(&app);
    assert!(
        s.contains("✗ `fryday`: not a date; try today, fri, +3d"),
        "{s}"
    );
    assert_same_dump(&before, &dump(&db.path), "an invalid form");

    // Esc on a changed form asks; n goes back to it, y discards.
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Discard what you typed?"));
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(&app.overlay, Overlay::Form(f) if f.text(F::Due) == "fryday"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_same_dump(&before, &dump(&db.path), "a discarded form");
}

#[test]
fn every_record_kind_is_created_edited_and_removed_from_the_keyboard() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Stakeholders);
    let m = mercy(&app);

    // Stakeholder: new, edit, remove (asks), undo.
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Ana Ruiz");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chief nursing officer");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "n"); // layer: nursing
    key(&mut app, KeyCode::Enter);
    let ana = || {
        move |app: &saydo::app::App| {
            app.store
                .stakeholders(Some(app.store.account("mercy").unwrap().unwrap().num))
                .unwrap()
                .into_iter()
                .find(|s| s.name == "Ana Ruiz")
        }
    };
    let s = ana()(&app).expect("saved");
    assert_eq!(
        (s.role.as_str(), s.layer.to_string().as_str()),
        ("Chief nursing officer", "nursing")
    );
    let at = app
        .account
        .as_ref()
        .unwrap()
        .detail
        .stakeholders
        .iter()
        .position(|s| s.name == "Ana Ruiz")
        .expect("on the tab");
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..at {
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "CNO");
    key(&mut app, KeyCode::Enter);
    assert_eq!(ana()(&app).unwrap().role, "CNO");
    key(&mut app, KeyCode::Char('X'));
    assert!(screen(&app).contains("Remove the stakeholder Ana Ruiz?"));
    key(&mut app, KeyCode::Char('y'));
    assert!(ana()(&app).is_none());
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(ana()(&app).unwrap().role, "CNO");

    // Moment of truth.
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Results lost between systems");
    key(&mut app, KeyCode::Enter);
    let moments = app.store.moments(Some(m)).unwrap();
    assert_eq!(moments.len(), 2);
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "c"); // critical
    key(&mut app, KeyCode::Enter);
    let moment = app.store.moments(Some(m)).unwrap().pop().unwrap();
    assert_eq!(moment.severity.to_string(), "critical");

    // Metric, then a measurement of it, edited, then removed.
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Report turnaround");
    for (field, text) in [(3, "h"), (2, "48")] {
        for _ in 0..field {
            key(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, text);
    }
    key(&mut app, KeyCode::Enter);
    let metric = app
        .store
        .metrics(Some(m))
        .unwrap()
        .into_iter()
        .find(|x| x.name == "Report turnaround")
        .expect("metric saved");
    assert_eq!(
        (
            metric.unit.as_str(),
            metric.baseline.as_ref().map(|b| b.value)
        ),
        ("h", Some(48.0))
    );
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "36 h");
    key(&mut app, KeyCode::Enter);
    let xs = app.store.measurements(metric.num).unwrap();
    assert_eq!((xs.len(), xs[0].value, xs[0].on), (1, 36.0, TODAY));
    key(&mut app, KeyCode::Char('M'));
    assert!(screen(&app).contains("Report turnaround · measurements"));
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.store.measurements(metric.num).unwrap()[0].value, 30.0);
    key(&mut app, KeyCode::Char('X'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.store.measurements(metric.num).unwrap().is_empty());

    // Visit edit: the notes take several lines.
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('e'));
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "First line");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "Second line");
    ctrl(&mut app, 's');
    let latest = app
        .store
        .visits(&VisitQuery {
            account: Some(m),
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    assert_eq!(latest.notes, "First line\nSecond line");

    // Commitment edit and drop.
    let share = commitments_of(&app, m)
        .into_iter()
        .find(|c| c.what == "Share the benchmark")
        .unwrap()
        .num;
    select_commitment(&mut app, share);
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::End);
    type_text(&mut app, " from a peer centre");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.commitment(share).unwrap().unwrap().what,
        "Share the benchmark from a peer centre"
    );
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(bar_text(&app), format!("drop {share} reason:\"\""));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.commitment(share).unwrap().unwrap().status,
        Status::Dropped
    );

    // Account edit from the overview.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('e'));
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "Nordics");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.account("mercy").unwrap().unwrap().region,
        "Nordics"
    );
}

#[test]
fn a_stage_move_asks_records_the_date_and_shows_the_prompts() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    key(&mut app, KeyCode::Char('s'));
    let s = screen(&app);
    assert!(s.contains("Move @mercy from Implementation"), "{s}");
    assert!(s.contains("‹ Adoption ›"), "the next stage first: {s}");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Move @mercy from Implementation to Adoption on Tue 24 Nov?"));
    key(&mut app, KeyCode::Char('n'));
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "no goes back to the form"
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    let a = app.store.account("mercy").unwrap().unwrap();
    assert_eq!((a.stage.as_str(), a.stage_since), ("Adoption", TODAY));
    let prompts = &app
        .config
        .stages
        .iter()
        .find(|s| s.name == "Adoption")
        .unwrap()
        .prompts;
    assert!(status(&app).contains(&prompts[0]), "{}", status(&app));
    assert!(screen(&app).contains("stage Adoption"));
}

#[test]
fn archive_asks_and_undo_restores() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('A'));
    assert!(screen(&app).contains("Archive @mercy (Mercy General Hospital)?"));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.store.account("mercy").unwrap().unwrap().archived);
    assert!(!screen(&app).contains("Mercy General"));
    key(&mut app, KeyCode::Char('u'));
    assert!(!app.store.account("mercy").unwrap().unwrap().archived);
    assert!(screen(&app).contains("Mercy General"));
    // Archived again, it is found by the finder and restored from its screen.
    key(&mut app, KeyCode::Char('A'));
    key(&mut app, KeyCode::Char('y'));
    ctrl(&mut app, 'p');
    type_text(&mut app, "mercy");
    assert!(
        screen(&app).contains("@mercy · archived"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("archived"));
    key(&mut app, KeyCode::Char('A'));
    assert!(screen(&app).contains("Restore @mercy (Mercy General Hospital)?"));
    key(&mut app, KeyCode::Char('y'));
    assert!(!app.store.account("mercy").unwrap().unwrap().archived);
    assert!(app
        .portfolio
        .rows
        .iter()
        .any(|r| r.account.handle() == "mercy"));
}

#[test]
fn undo_after_a_restart_and_the_line_history_is_kept() {
    let db = temp_db();
    fixture(&db);
    {
        let mut app = app_on(&db, "Dana Cole");
        key(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "commit @stlukes Send the contract due:eom");
        key(&mut app, KeyCode::Enter);
    }
    let mut app = app_on(&db, "Dana Cole");
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Up);
    assert_eq!(bar_text(&app), "commit @stlukes Send the contract due:eom");
    key(&mut app, KeyCode::Down);
    assert_eq!(bar_text(&app), "");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('u'));
    assert!(
        status(&app).starts_with("undone: add commitment"),
        "{}",
        status(&app)
    );
    let luke = app.store.account("stlukes").unwrap().unwrap().num;
    assert!(commitments_of(&app, luke)
        .iter()
        .all(|c| c.what != "Send the contract"));
}

#[test]
fn tab_completes_handles_stakeholders_and_commitment_numbers() {
    let (_db, mut app) = fixture_app();
    app.update(saydo::action::Action::Attention);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "com");
    key(&mut app, KeyCode::Tab);
    assert_eq!(bar_text(&app), "commit ");
    type_text(&mut app, "@mull");
    key(&mut app, KeyCode::Tab);
    assert_eq!(bar_text(&app), "commit @muller ");
    key(&mut app, KeyCode::Esc);

    open_mercy(&mut app, Tab::Overview);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit Call back to:hel");
    key(&mut app, KeyCode::Tab);
    assert_eq!(bar_text(&app), "commit Call back to:\"Dr Helen Lee\" ");
    ctrl(&mut app, 'u');
    type_text(&mut app, "done ");
    key(&mut app, KeyCode::Tab);
    let s = screen(&app);
    // Mercy's open commitments, soonest due first, offered by number.
    assert!(s.contains("Train the night shift"), "{s}");
    let text = bar_text(&app);
    let num: i64 = text.trim_start_matches("done ").trim().parse().unwrap();
    assert_eq!(
        app.store.commitment(num).unwrap().unwrap().what,
        "Train the night shift"
    );
}

#[test]
fn colon_then_a_verb_is_a_quick_add_line() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "done ");
    assert_eq!(bar_text(&app), "done ");
    key(&mut app, KeyCode::Esc);
    // Ctrl-P only finds: an account may well be called "Visit …".
    ctrl(&mut app, 'p');
    type_text(&mut app, "visit ");
    assert!(matches!(&app.overlay, Overlay::Finder(f) if f.query == "visit "));
}

#[test]
fn a_new_account_from_the_welcome_screen() {
    let db = temp_db();
    let mut app = app_on(&db, "Dana Cole");
    assert_eq!(app.screen, Screen::Welcome);
    assert!(screen(&app).contains("add your first account"));
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Hôpital Saint-Louis");
    key(&mut app, KeyCode::Enter);
    let a = app
        .store
        .account("hopital-saint-louis")
        .unwrap()
        .expect("handle from the name");
    assert_eq!(a.owner.as_deref(), Some("Dana Cole"));
    assert_eq!(app.screen, Screen::Account);
    assert!(screen(&app).contains("Hôpital Saint-Louis"));
}

#[test]
fn export_from_the_account_screen_writes_its_brief() {
    let (db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    ctrl(&mut app, 'e');
    let s = screen(&app);
    // The same default as `saydo export`: TOML; a letter picks another.
    assert!(s.contains("Export @mercy") && s.contains("‹ toml ›"), "{s}");
    key(&mut app, KeyCode::Char('m'));
    assert!(screen(&app).contains("‹ md ›"), "{}", screen(&app));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    let path = db.dir.path().join("mercy.md");
    type_text(&mut app, path.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    assert!(status(&app).starts_with("exported to "), "{}", status(&app));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# Mercy General Hospital (@mercy)"),
        "{text}"
    );

    // A folder that does not exist: the form says so and keeps the path.
    ctrl(&mut app, 'e');
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    let bad = db.dir.path().join("missing").join("book.toml");
    type_text(&mut app, bad.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("not written:"), "{s}");
    assert!(matches!(&app.overlay, Overlay::Form(f) if f.text(Id::Path) == bad.to_str().unwrap()));
}

#[test]
fn outcomes_from_the_attention_list() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app);
    assert!(s.contains("Train the night shift"), "{s}");
    // The first item is the overdue "Train the night shift".
    let num = app.attention.all[app.attention.items[0] as usize]
        .commitment()
        .expect("an overdue item names its commitment");
    key(&mut app, KeyCode::Char('d'));
    let c = app.store.commitment(num).unwrap().unwrap();
    assert_eq!(c.status, Status::KeptLate);
    assert!(
        !screen(&app).contains("Train the night shift"),
        "it leaves the list"
    );
    key(&mut app, KeyCode::Char('u'));
    assert!(screen(&app).contains("Train the night shift"));
    // Renegotiate from here: the bar opens with the line started.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        bar_text(&app),
        format!("renegotiate {num} due: reason:\"\"")
    );
}

#[test]
fn undo_reads_again_only_the_account_it_touched() {
    let db = temp_db();
    fixture(&db);
    let mut app = started_app(&db, "Dana Cole");
    app.wait_loaded();
    act(&mut app, &[saydo::action::Action::Attention]);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit @mercy Bring the slides due:today");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(row_with(&s, "Bring the slides").contains("today"), "{s}");
    key(&mut app, KeyCode::Char('u'));
    assert!(
        app.load_progress().is_none(),
        "no full load: the change log names the account"
    );
    let s = screen(&app);
    assert!(!s.contains("Bring the slides"), "{s}");
    // The trends follow from a background pass; then all is as a fresh start.
    app.wait_loaded();
    app.message = None;
    let mut fresh = app_on(&db, "Dana Cole");
    act(&mut fresh, &[saydo::action::Action::Attention]);
    assert_eq!(screen(&app), screen(&fresh));
    act(&mut app, &[saydo::action::Action::Trends]);
    act(&mut fresh, &[saydo::action::Action::Trends]);
    assert_eq!(screen(&app), screen(&fresh));
}

#[test]
fn the_visit_form_makes_you_choose_proactive_or_reactive() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    key(&mut app, KeyCode::Char('v'));
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(
        s.contains("choose the intent: proactive or reactive"),
        "{s}"
    );
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "nothing saved, the form stays"
    );
}

#[test]
fn the_preview_never_shows_a_tick_for_a_line_enter_refuses() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('a'));
    let line = "commit @mercy Call them back due:yesterday";
    type_text(&mut app, line);
    let Overlay::QuickAdd(q) = &app.overlay else {
        panic!()
    };
    let e = q.preview.clone().unwrap().unwrap_err();
    assert!(e.message.contains("before it was made"), "{}", e.message);
    assert_eq!(&q.input.text[e.span.clone()], "due:yesterday");
    // And Enter says the same and saves nothing.
    let before = dump(&db.path);
    key(&mut app, KeyCode::Enter);
    assert!(
        status(&app).contains("before it was made"),
        "{}",
        status(&app)
    );
    assert_same_dump(&before, &dump(&db.path), "a refused line");
    // A future outcome, the same way.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "done 4 on:+5d");
    let Overlay::QuickAdd(q) = &app.overlay else {
        panic!()
    };
    let e = q.preview.clone().unwrap().unwrap_err();
    assert!(e.message.contains("in the future"), "{}", e.message);
    assert_eq!(&q.input.text[e.span.clone()], "on:+5d");
}

#[test]
fn tab_after_to_offers_the_stakeholders_of_the_account_the_line_names() {
    let (_db, mut app) = fixture_app();
    // In view: St Luke's, which has no Dr Lee; the line names @merc.
    let luke = app.store.account("stlukes").unwrap().unwrap().num;
    app.open_account(luke, Tab::Overview);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit @merc Call back to:hel");
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        bar_text(&app),
        "commit @merc Call back to:\"Dr Helen Lee\" "
    );
    // A handle that names no single account offers nobody's names.
    ctrl(&mut app, 'u');
    type_text(&mut app, "commit @zzz Call back to:hel");
    key(&mut app, KeyCode::Tab);
    assert_eq!(bar_text(&app), "commit @zzz Call back to:hel");
}

#[test]
fn a_half_filled_form_is_kept_and_offered_back_on_the_next_start() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('n'));
    assert!(screen(&app).contains("New account"), "{}", screen(&app));
    type_text(&mut app, "Klinikum Nord");
    // The process ends without a word (kill -9, a closed window).
    drop(app);
    let mut app = started_app(&db, "Dana Cole");
    let s = screen(&app);
    assert!(s.contains("the form you were filling in was kept"), "{s}");
    assert!(s.contains("Klinikum Nord"), "{s}");
    // Discarded on purpose, it is gone for good.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(!screen(&app).contains("New account"), "{}", screen(&app));
    drop(app);
    let app = started_app(&db, "Dana Cole");
    assert!(!screen(&app).contains("New account"));
}

#[test]
fn outcome_lines_open_valid_and_tab_goes_from_the_date_to_the_reason() {
    let (_db, mut app) = fixture_app();
    let mercy = app.store.account("mercy").unwrap().unwrap();
    app.open_account(mercy.num, saydo::app::account::Tab::Commitments);
    // D: kept on another day, a line that is valid as it opens.
    key(&mut app, KeyCode::Char('D'));
    let s = screen(&app);
    assert!(s.contains("on:yesterday"), "{s}");
    assert!(!s.contains("unexpected"), "{s}");
    app.overlay = Overlay::None;
    app.open_account(mercy.num, saydo::app::account::Tab::Commitments);
    // r: the date, then Tab into the reason.
    key(&mut app, KeyCode::Char('r'));
    type_text(&mut app, "+2w");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "their board meets later");
    let s = screen(&app);
    assert!(
        s.contains("due:+2w reason:\"their board meets later\""),
        "{s}"
    );
}

#[test]
fn a_far_off_value_and_a_taken_name_are_questioned_once() {
    let (db, mut app) = fixture_app();
    // A new account named like Mercy: asked, then saved as it is.
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Mercy General Hospital");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "mercy-north");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(
        s.contains("@mercy is named “Mercy General Hospital” too"),
        "{s}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(sqlite(&db).account("mercy-north").unwrap().is_some());
    // A measurement far outside the metric's values: named, asked.
    let metric = sqlite(&db)
        .metrics(None)
        .unwrap()
        .into_iter()
        .find(|m| sqlite(&db).measurements(m.num).unwrap().len() >= 3)
        .expect("a metric with measurements");
    app.open_form(saydo::app::forms::Target::NewMeasurement { metric: metric.num });
    let s = screen(&app);
    assert!(
        s.contains(&format!("New measurement of {}", metric.name)),
        "{s}"
    );
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "999999");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("is far outside what"), "{s}");
    let before = sqlite(&db).measurements(metric.num).unwrap().len();
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        sqlite(&db).measurements(metric.num).unwrap().len(),
        before + 1
    );
}

#[test]
fn in_the_notes_the_form_says_ctrl_s_saves() {
    let (_db, mut app) = fixture_app();
    let mercy = app.store.account("mercy").unwrap().unwrap();
    app.open_form(saydo::app::forms::Target::NewVisit { account: mercy.num });
    for _ in 0..12 {
        if screen(&app).contains("Ctrl-S saves") {
            break;
        }
        key(&mut app, KeyCode::Tab);
    }
    assert!(
        screen(&app).contains("Ctrl-S saves · Enter: a new line"),
        "{}",
        screen(&app)
    );
}

#[test]
fn the_general_bar_and_a_visits_commitment_bar_keep_their_own_lines() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "visit @mercy call proactive check-in");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "Send the notes due:fri");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Overlay::None),
        "the run of lines ended"
    );
    // The general bar recalls the visit, not the commitment typed in the visit's bar.
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Up);
    let s = screen(&app);
    assert!(s.contains("› visit @mercy call proactive check-in"), "{s}");
    let visit_lines = std::fs::read_to_string(
        saydo::cli::recall_path(&db.path).with_file_name("saydo.db.visit-history"),
    )
    .unwrap();
    assert!(
        visit_lines.contains("Send the notes due:fri"),
        "{visit_lines}"
    );
}

#[test]
fn a_long_message_in_the_bar_wraps_to_be_read_whole() {
    let (_db, mut app) = fixture_app();
    app.width = 60;
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit @m Send it due:fri");
    let s = render(&app, 60, app.height).join("\n");
    assert!(s.contains("several accounts match"), "{s}");
    assert!(
        s.contains("type more of the"),
        "the end of the message is on screen: {s}"
    );
}

#[test]
fn ctrl_e_offers_the_filtered_view_and_writes_into_the_exports_folder() {
    let (db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "luke");
    key(&mut app, KeyCode::Esc); // the filter stays, its input closes
    ctrl(&mut app, 'e');
    // Covers: from the account under the cursor to the filtered view.
    key(&mut app, KeyCode::Tab);
    for _ in 0..4 {
        if screen(&app).contains("‹ the filtered view") {
            break;
        }
        key(&mut app, KeyCode::Right);
    }
    assert!(
        screen(&app).contains("‹ the filtered view (“luke”, 1 account) ›"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let dir = saydo::cli::exports_dir(&db.path);
    assert_eq!(saydo::files::mode_of(&dir), Some(0o700));
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("handle = \"stlukes\""), "{text}");
    assert!(
        !text.contains("handle = \"mercy\""),
        "only the filtered accounts: {text}"
    );
}

#[test]
fn commitments_written_in_a_visits_notes_are_previewed_saved_and_edited_with_it() {
    let (db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    let m = mercy(&app);
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "p");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "helen");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "Walked the stroke pathway.");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "> send the dosing report due:fryday");
    let s = screen(&app);
    assert!(
        s.contains("✗ notes line 2 (`> send the dosing report due:fryday`):")
            && s.contains("`due:fryday`: not a date; try fri, +3d, eow or 2026-12-01"),
        "the line's error, beside the notes: {s}"
    );
    let before = dump(&db.path);
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::Form(_)), "not saved");
    assert_same_dump(&before, &dump(&db.path), "a refused line");
    for _ in 0.."fryday".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "fri");
    let s = screen(&app);
    assert!(
        s.contains("→ line 2: new commitment · due Fri 27 Nov · by Dana Cole · to Dr")
            && s.contains("│                  Helen Lee  "),
        "the preview, under the notes: {s}"
    );
    ctrl(&mut app, 's');
    assert!(
        status(&app).contains("· 1 commitment from its notes"),
        "{}",
        status(&app)
    );
    key(&mut app, KeyCode::Esc); // the bar that asks for more commitments
    let visit = app
        .store
        .visits(&VisitQuery {
            account: Some(m),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|v| v.notes.starts_with("Walked the stroke pathway."))
        .unwrap();
    let made: Vec<_> = commitments_of(&app, m)
        .into_iter()
        .filter(|c| c.visit == Some(visit.num))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].what, "send the dosing report");
    assert_eq!(made[0].due_on, date(2026, 11, 27));
    assert_eq!(made[0].made_on, visit.on);
    assert_eq!(made[0].to_whom, "Dr Helen Lee");

    // The line changed later changes its commitment.
    app.open_form(saydo::app::forms::Target::EditVisit(visit.clone()));
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.focus = f.fields.iter().position(|x| x.label == "Notes").unwrap();
    app.edited("Walked the stroke pathway.\n> send the dosing report and the audit due:mon".into());
    let s = screen(&app);
    assert!(
        s.contains(&format!(
            "→ line 2: commitment #{} now · due Mon 30 Nov",
            made[0].num
        )),
        "{s}"
    );
    ctrl(&mut app, 's');
    let now = app.store.commitment(made[0].num).unwrap().unwrap();
    assert_eq!(now.what, "send the dosing report and the audit");
    assert_eq!(now.due_on, date(2026, 11, 30));
    assert_eq!(
        commitments_of(&app, m)
            .iter()
            .filter(|c| c.visit == Some(visit.num))
            .count(),
        1,
        "edited, not added"
    );
    // One change: undo puts the words back.
    app.store.undo().unwrap();
    let back = app.store.commitment(made[0].num).unwrap().unwrap();
    assert_eq!(back.what, "send the dosing report");
}

#[test]
fn an_experience_complete_asks_for_feedback_and_the_visit_form_keeps_the_answer() {
    let (_db, mut app) = fixture_app();
    let m = mercy(&app);
    // A visit on Monday, its one commitment kept yesterday.
    let notes = "> roll out the dosing report due:2026-11-20";
    key(&mut app, KeyCode::Char('a'));
    type_text(
        &mut app,
        "visit @mercy onsite proactive on:2026-11-16 with:\"Dr Helen Lee\" note:\"> roll out the dosing report due:2026-11-20\"",
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    let visit = app
        .store
        .visits(&VisitQuery {
            account: Some(m),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|x| x.notes == notes)
        .expect("saved with its notes");
    let c = commitments_of(&app, m)
        .into_iter()
        .find(|c| c.visit == Some(visit.num))
        .expect("made from the notes");
    app.store
        .apply(
            &saydo::store::Change::Keep {
                commitment: c.num,
                on: date(2026, 11, 23),
            },
            app.today,
        )
        .unwrap();
    app.reload();
    open_mercy(&mut app, Tab::Overview);
    let s = screen(&app);
    assert!(
        s.contains(
            "the visit of Mon 16 Nov is complete (its commitments resolved): ask Dr Helen Lee"
        ),
        "{s}"
    );
    // The answer goes in the visit's form.
    app.open_form(saydo::app::forms::Target::EditVisit(visit.clone()));
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.focus = f
        .fields
        .iter()
        .position(|x| x.label == "Feedback score")
        .unwrap();
    keys(&mut app, "9<tab>the night shift uses it<ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let saved = app
        .store
        .visits(&VisitQuery {
            account: Some(m),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|x| x.num == visit.num)
        .unwrap();
    let f = saved.feedback.expect("kept");
    assert_eq!(
        (f.score, f.words.as_str(), f.on),
        (9, "the night shift uses it", app.today)
    );
    open_mercy(&mut app, Tab::Visits);
    let s = screen(&app);
    assert!(s.contains("★ 9/10 “the night shift uses it”"), "{s}");
    open_mercy(&mut app, Tab::Overview);
    assert!(!screen(&app).contains("ask Dr Helen Lee"), "asked no more");
}

#[test]
fn the_account_form_keeps_the_customers_pace_and_the_overview_shows_it() {
    let (_db, mut app) = fixture_app();
    let m = mercy(&app);
    edit_account_at(&mut app, m, "Visit every");
    keys(&mut app, "14<tab><tab>2026-12-10<ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let pace = app.store.account_by_num(m).unwrap().unwrap().pace;
    assert_eq!(pace.visit_every_days, Some(14));
    assert_eq!(pace.paused_until, Some(date(2026, 12, 10)));
    open_mercy(&mut app, Tab::Overview);
    let s = screen(&app);
    assert!(
        s.contains("a visit every 14 days · paused at their request until Thu 10 Dec"),
        "{s}"
    );
}

#[test]
fn a_renewal_within_a_quarter_shows_in_attention_and_on_the_account() {
    let (_db, mut app) = fixture_app();
    let m = mercy(&app);
    let mut a = app.store.account_by_num(m).unwrap().unwrap();
    a.renewal = Some(date(2026, 12, 24));
    app.store
        .apply(&saydo::store::Change::EditAccount(a), app.today)
        .unwrap();
    app.reload();
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app);
    assert!(s.contains("Renewals in the next 90 days"), "{s}");
    assert!(
        row_with(&s, "Renewals in the next 90 days").contains("in 30d"),
        "{s}"
    );
    open_mercy(&mut app, Tab::Overview);
    let s = screen(&app);
    assert!(s.contains("the contract renews Thu 24 Dec (in 30d)"), "{s}");
}

#[test]
fn key_dates_from_the_account_form_and_dates_that_count_from_them() {
    let (_db, mut app) = fixture_app();
    let m = mercy(&app);
    edit_account_at(&mut app, m, "Key dates");
    keys(&mut app, "go-live=2026-12-01, kickoff=2026-06-01<ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let kd = app.store.account_by_num(m).unwrap().unwrap().key_dates;
    assert_eq!(kd.len(), 2);
    assert_eq!(
        (kd[0].name.as_str(), kd[0].on),
        ("kickoff", date(2026, 6, 1))
    );
    open_mercy(&mut app, Tab::Overview);
    let s = screen(&app);
    assert!(s.contains("Key dates"), "{s}");
    assert!(
        s.contains("kickoff Mon 1 Jun (176d ago) · go-live Tue 1 Dec (in 7d)"),
        "{s}"
    );

    // The bar previews the date a key date gives, with its weekday.
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "commit Send the plan due:golive+30d");
    let s = screen(&app);
    assert!(s.contains("✓ commitment at @mercy · due Thu 31 Dec"), "{s}");
    // An unknown one is named with the days the account has.
    keys(&mut app, "<ctrl-u>commit Send the plan due:contract+3d");
    let s = screen(&app);
    assert!(s.contains("no key date `contract` at @mercy"), "{s}");
    assert!(s.contains("kickoff (Mon 1 Jun 2026)"), "{s}");
    keys(&mut app, "<esc>");

    // A form's date field counts from them too.
    app.open_form(saydo::app::forms::Target::NewCommitment { account: m });
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.focus = f.fields.iter().position(|x| x.label == "Due").unwrap();
    f.fields[f.focus].input.set("");
    keys(&mut app, "golive+2w");
    let s = screen(&app);
    assert!(s.contains("→ Tue 15 Dec 2026"), "{s}");
}

#[test]
fn a_renewal_is_settled_from_the_account_and_the_directors_see_retention() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    keys(&mut app, "R");
    let s = screen(&app);
    assert!(
        s.contains("How did @mercy's renewal go? (due Wed 30 Jun 2027)"),
        "{s}"
    );
    // Outcome first: → steps from renewed to expanded.
    keys(&mut app, "<right><ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let a = app.store.account("mercy").unwrap().unwrap();
    assert_eq!(a.renewal, Some(date(2028, 6, 30)));
    assert_eq!(a.renewals.len(), 1);
    assert_eq!(a.renewals[0].outcome, saydo::domain::Outcome::Expanded);
    let s = screen(&app);
    assert!(s.contains("Renewals"), "{s}");
    assert!(
        s.contains("expanded Tue 24 Nov (was due Wed 30 Jun 2027)"),
        "{s}"
    );
    key(&mut app, KeyCode::Char('P'));
    let s = screen(&app);
    assert!(s.contains("Retained"), "{s}");
    assert!(row_with(&s, "Dana Cole").contains("100% of 1"), "{s}");
    // Undo takes it back.
    keys(&mut app, "u");
    let a = app.store.account("mercy").unwrap().unwrap();
    assert!(a.renewals.is_empty());
    assert_eq!(a.renewal, Some(date(2027, 6, 30)));
}

#[test]
fn the_stage_checklist_is_answered_in_a_form_and_ticked_on_the_overview() {
    let (_db, mut app) = fixture_app();
    open_mercy(&mut app, Tab::Overview);
    let s = screen(&app);
    assert!(
        s.contains("In Implementation, check  0 of 3 answered · C answers"),
        "{s}"
    );
    keys(&mut app, "C");
    let s = screen(&app);
    // Each question over its answer.
    assert!(
        s.contains("@mercy in Implementation: the stage's questions"),
        "{s}"
    );
    assert!(
        s.contains("Is the team up to speed, and caring for patients quickly and safely?"),
        "{s}"
    );
    keys(
        &mut app,
        "Mostly; the night shift needs a refresher<ctrl-s>",
    );
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let s = screen(&app);
    assert!(s.contains("1 of 3 answered"), "{s}");
    assert!(s.contains("✓ Is the team up to speed"), "{s}");
    assert!(
        s.contains("“Mostly; the night shift needs a refresher” (Tue 24 Nov)"),
        "{s}"
    );
    // Opened again, the form holds the answer; emptying it takes it back.
    keys(&mut app, "C");
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    assert_eq!(
        f.fields[0].input.text,
        "Mostly; the night shift needs a refresher"
    );
    f.fields[0].input.set("");
    keys(&mut app, "<ctrl-s>");
    assert!(screen(&app).contains("0 of 3 answered"));
}

#[test]
fn a_stakeholders_layer_is_one_of_the_configs() {
    let (_db, mut app) = fixture_app();
    app.config.layers = vec!["payer".into(), "pharmacist".into(), "physician".into()];
    let m = mercy(&app);
    app.open_form(saydo::app::forms::Target::NewStakeholder { account: m });
    keys(&mut app, "Nordic Health Fund<tab><tab>");
    let s = screen(&app);
    assert!(
        s.contains("‹ physician ›  ←/→ or a letter: payer, pharmacist"),
        "{s}"
    );
    keys(&mut app, "<left><ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let s = app
        .store
        .stakeholders(Some(m))
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Nordic Health Fund")
        .unwrap();
    assert_eq!(s.layer.word(), "pharmacist");
}

#[test]
fn a_key_date_typed_wrong_is_named_and_kept() {
    let (_db, mut app) = fixture_app();
    let m = mercy(&app);
    edit_account_at(&mut app, m, "Key dates");
    keys(&mut app, "golive 2026-03-02<ctrl-s>");
    let Overlay::Form(f) = &app.overlay else {
        panic!("a wrong key date keeps the form open")
    };
    let field = f
        .field(F::KeyDates)
        .expect("the account form has key dates");
    assert_eq!(field.input.text, "golive 2026-03-02");
    assert!(
        field
            .error
            .as_deref()
            .unwrap_or("")
            .contains("give a key date as name=date"),
        "{:?}",
        field.error
    );
    assert!(app
        .store
        .account_by_num(m)
        .unwrap()
        .unwrap()
        .key_dates
        .is_empty());
}
