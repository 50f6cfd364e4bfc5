//! Every screen and every box over one, as a person sees them on the
//! fixture book (a fixed today), at 140×40 and at 80×24: reviewed
//! snapshots beside the assertions of the other TUI tests. A change to
//! what a screen shows shows here as a diff to review
//! (`INSTA_UPDATE=always cargo test --test tui_snapshots` writes the new
//! ones; `git diff tests/snapshots` is the review).

mod common;

use common::tui::*;
use common::*;
use saydo::action::Action;
use saydo::app::App;

const SIZES: [(u16, u16); 2] = [(140, 40), (80, 24)];

/// The screen at each size, the app told its size first (paging and the
/// columns that fit follow it).
fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        app.width = w;
        app.height = h;
        let text = render(app, w, h).join("\n");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

/// The fixture book, then `actions`.
fn after(actions: &[Action]) -> (TempDb, App) {
    let (db, mut app) = fixture_app();
    act(&mut app, actions);
    (db, app)
}

#[test]
fn the_welcome_screen_of_an_empty_book() {
    let db = temp_db();
    let mut app = app_on(&db, "Dana Cole");
    snap("welcome", &mut app);
}

#[test]
fn every_screen_of_the_book() {
    use Action as A;
    let screens: &[(&str, &[Action])] = &[
        ("portfolio", &[]),
        ("portfolio_all", &[A::Scope]),
        ("attention", &[A::Attention]),
        ("directors", &[A::Directors]),
        ("lifecycle", &[A::Lifecycle]),
        ("signals", &[A::Signals]),
        ("trends", &[A::Trends]),
        ("team", &[A::Team]),
        ("partners", &[A::Partners]),
        ("maturity", &[A::Maturity]),
    ];
    for (name, actions) in screens {
        let (_db, mut app) = after(actions);
        snap(name, &mut app);
    }
}

#[test]
fn every_tab_of_an_account() {
    use Action as A;
    let tabs = [
        ("overview", A::TabOverview),
        ("metrics", A::TabMetrics),
        ("visits", A::TabVisits),
        ("commitments", A::TabCommitments),
        ("stakeholders", A::TabStakeholders),
        ("moments", A::TabMoments),
        ("connect", A::TabConnect),
    ];
    for (name, tab) in tabs {
        // The first of my accounts: Mercy General.
        let (_db, mut app) = after(&[A::Open, tab]);
        snap(&format!("account_{name}"), &mut app);
    }
}

#[test]
fn every_box_over_a_screen() {
    use Action as A;
    let boxes: &[(&str, &[Action])] = &[
        ("help", &[A::Help]),
        ("finder", &[A::Finder]),
        ("quick_add", &[A::QuickAdd]),
        ("account_form", &[A::New]),
        ("commitment_form", &[A::Open, A::TabCommitments, A::New]),
        ("visit_form", &[A::Open, A::LogVisit]),
        ("archive_question", &[A::Open, A::Archive]),
        ("measurements", &[A::Open, A::TabMetrics, A::Measurements]),
        ("history", &[A::Open, A::History]),
    ];
    for (name, actions) in boxes {
        let (_db, mut app) = after(actions);
        snap(name, &mut app);
    }
}
