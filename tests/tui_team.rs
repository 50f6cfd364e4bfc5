//! The team book in the TUI: the Team screen's standing and conflicts (m
//! keeps mine, t theirs), and an account's history, on TestBackend.

mod common;

use common::pg::pg;
use common::tui::*;
use common::*;
use saydo::key::KeyCode;
use saydo::store::{Change, CommitmentQuery, Store};
use saydo::team;

#[test]
fn a_book_of_ones_own_says_how_to_make_a_team_book_and_shows_its_own_history() {
    let (_db, mut app) = fixture_app();
    key(&mut app, KeyCode::Char('Y'));
    let s = screen(&app);
    assert!(s.contains("Team book"), "{s}");
    assert!(s.contains("not a replica of a team book"), "{s}");
    key(&mut app, KeyCode::Char('H'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    let s = screen(&app);
    assert!(s.contains("History of @"), "{s}");
    assert!(s.contains("This book's own changes"), "{s}");
    assert!(s.contains("add account"), "{s}");
    key(&mut app, KeyCode::Char('q'));
    assert!(!screen(&app).contains("History of @"), "q closes it");
}

#[test]
fn a_conflict_shows_both_sides_and_keeping_mine_syncs() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (da, db) = (temp_db(), temp_db());
    fixture(&da);
    {
        let mut a = sqlite(&da);
        team::init(&url, &mut a, "Dana Cole").unwrap();
        let mut b = sqlite(&db);
        team::join(&url, &mut b).unwrap();
        let open = |s: &saydo::store::sqlite::SqliteStore| {
            s.commitments(&CommitmentQuery::default())
                .unwrap()
                .into_iter()
                .find(|c| c.is_open() && c.due() >= TODAY)
                .unwrap()
        };
        let ca = open(&a);
        let mut e = ca.clone();
        e.what = "Theirs".into();
        add(&mut a, Change::EditCommitment(e));
        team::sync_once(&mut a, "2026-11-24T09:00:00Z").unwrap();
        let mut e = open(&b);
        e.what = "Mine".into();
        add(&mut b, Change::EditCommitment(e));
        let done = team::sync_once(&mut b, "2026-11-24T09:05:00Z").unwrap();
        assert_eq!(done.refused, 1);
    }
    let mut app = started_app(&db, "Ravi Menon");
    app.tick();
    assert!(screen(&app).contains("⇅ 1 conflict"), "{}", screen(&app));
    key(&mut app, KeyCode::Char('Y'));
    let s = screen(&app);
    assert!(s.contains("1 conflict"), "{s}");
    assert!(s.contains("what: mine \"Mine\" · theirs \"Theirs\""), "{s}");
    key(&mut app, KeyCode::Char('m'));
    let s = screen(&app);
    assert!(s.contains("kept mine"), "{s}");
    assert!(s.contains("No conflicts"), "{s}");
    drop(app);
    let mut b = sqlite(&db);
    assert_eq!(
        team::sync_once(&mut b, "2026-11-24T09:10:00Z")
            .unwrap()
            .pushed,
        1
    );
    let mut a = sqlite(&da);
    team::sync_once(&mut a, "2026-11-24T09:11:00Z").unwrap();
    assert!(a
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .iter()
        .any(|c| c.what == "Mine"));
    // And the account's history names who made each change.
    let mut app = started_app(&db, "Ravi Menon");
    let c = app
        .store
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .find(|c| c.what == "Mine")
        .unwrap();
    app.open_account(c.account, saydo::app::account::Tab::Overview);
    key(&mut app, KeyCode::Char('y'));
    let s = screen(&app);
    assert!(s.contains("postgres"), "{s}");
    assert!(s.contains("what: \"") && s.contains("→ \"Theirs\""), "{s}");
    // On the Commitments tab, the selected commitment's own history.
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('y'));
    let s = screen(&app);
    assert!(s.contains("History of commitment #"), "{s}");
}
