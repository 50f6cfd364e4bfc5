//! One meaning per figure: the demo book's say/do read through the TUI's
//! views, the command line's JSON and the Markdown report, for the same
//! scopes, agree — per account, per director (their accounts), per person
//! (their promises) and in total.

mod common;

use common::tui::*;
use common::*;
use saydo::key::KeyCode;
use serde_json::Value;
use std::collections::HashMap;

fn pair(v: &Value) -> (u64, u64) {
    (
        v["kept_on_time"].as_u64().unwrap(),
        v["judged"].as_u64().unwrap(),
    )
}

/// "33% (1 of 3 kept on time)" → (1, 3); "—" → (0, 0).
fn parsed(cell: &str) -> (u64, u64) {
    let Some(i) = cell.find('(') else {
        return (0, 0);
    };
    let words: Vec<&str> = cell[i + 1..].split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

#[test]
fn every_say_do_of_the_demo_book_agrees_across_tui_json_and_markdown() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let mut app = started_app(&db, "Dana Cole");
    while app.load_progress().is_some() {
        app.poll_loader();
    }
    key(&mut app, KeyCode::Char('m')); // every account, not only mine

    // Per account: the portfolio's rows and `account list --json`.
    let list: Value = serde_json::from_str(&ok(&db, &["account", "list", "--json"])).unwrap();
    let json_accounts: HashMap<String, (u64, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account"]["handle"].as_str().unwrap().to_string(),
                pair(&r["say_do"]),
            )
        })
        .collect();
    assert_eq!(app.portfolio.rows.len(), json_accounts.len());
    let mut total = (0, 0);
    for r in &app.portfolio.rows {
        let tui = (r.say_do.kept_on_time as u64, r.say_do.judged as u64);
        assert_eq!(
            Some(&tui),
            json_accounts.get(r.account.handle()),
            "@{}",
            r.account.handle()
        );
        total = (total.0 + tui.0, total.1 + tui.1);
    }

    // In total: the same in stats and the report.
    let stats: Value = serde_json::from_str(&ok(&db, &["stats", "--json"])).unwrap();
    assert_eq!(pair(&stats["totals"]["say_do"]), total);
    let report = ok(&db, &["export", "--format", "md"]);
    let line = report
        .lines()
        .find(|l| l.starts_with("- Say/do: "))
        .expect("the report's say/do");
    assert_eq!(parsed(line), total, "{line}");

    // Per director, their accounts: the Directors screen, stats' accounts
    // say/do and the report's "Their accounts"; their promises: stats'
    // say/do and the report's "Their promises".
    key(&mut app, KeyCode::Char('P'));
    let people: HashMap<String, &Value> = stats["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p))
        .collect();
    assert!(!app.directors.rows.is_empty());
    for d in &app.directors.rows {
        let tui = (d.say_do.kept_on_time as u64, d.say_do.judged as u64);
        let p = people[&d.name];
        assert_eq!(pair(&p["accounts_say_do"]), tui, "{}", d.name);
        assert_eq!(p["accounts"].as_u64().unwrap(), d.accounts as u64);
        let row = report
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", d.name)))
            .unwrap_or_else(|| panic!("{} in the report", d.name));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(
            parsed(cells[3]),
            pair(&p["say_do"]),
            "{row}: their promises"
        );
        assert_eq!(parsed(cells[4]), tui, "{row}: their accounts");
    }
    // People without accounts are no directors.
    for (name, p) in &people {
        if p["accounts"].as_u64() == Some(0) {
            assert!(
                !app.directors.rows.iter().any(|d| &d.name == name),
                "{name} owns no account"
            );
            let directors = &report[report.find("## Directors").unwrap()..];
            let directors = &directors[..directors.find("## Others").unwrap_or(directors.len())];
            assert!(
                !directors.contains(&format!("| {name} |")),
                "{name} is under Directors"
            );
        }
    }
}

#[test]
fn the_lifecycle_listing_agrees_with_the_lifecycle_screen() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let mut app = started_app(&db, "Dana Cole");
    while app.load_progress().is_some() {
        app.poll_loader();
    }
    key(&mut app, KeyCode::Char('L'));
    key(&mut app, KeyCode::Char('m')); // every account, not only mine
    assert!(!app.lifecycle.mine_only);
    let json: Value = serde_json::from_str(&ok(&db, &["lifecycle", "--json"])).unwrap();
    let stages = json["stages"].as_array().unwrap();
    assert_eq!(stages.len(), app.lifecycle.stages.len());
    for (s, t) in stages.iter().zip(&app.lifecycle.stages) {
        assert_eq!(s["stage"].as_str().unwrap(), t.stage);
        assert_eq!(s["accounts"].as_u64().unwrap(), t.accounts as u64);
        assert_eq!(s["median_days"].as_i64(), t.median_days);
        assert_eq!(s["past_expected"].as_u64().unwrap(), t.past_expected as u64);
    }
    let over: Vec<(String, i64)> = json["overstays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["account_handle"].as_str().unwrap().to_string(),
                o["over"].as_i64().unwrap(),
            )
        })
        .collect();
    let tui: Vec<(String, i64)> = app
        .lifecycle
        .overstays
        .iter()
        .map(|o| {
            let r = app
                .portfolio
                .rows
                .iter()
                .find(|r| r.account.num == o.account);
            (r.unwrap().account.handle().to_string(), o.over)
        })
        .collect();
    assert!(!tui.is_empty(), "the demo book has overstays");
    assert_eq!(over, tui);

    // --owner keeps that director's accounts only.
    let dana: Value =
        serde_json::from_str(&ok(&db, &["lifecycle", "--owner", "Dana Cole", "--json"])).unwrap();
    let overstays = dana["overstays"].as_array().unwrap();
    assert!(!overstays.is_empty());
    assert!(overstays.iter().all(|o| o["owner"] == "Dana Cole"));
    let text = ok(&db, &["lifecycle"]);
    assert!(
        text.lines().next().unwrap().starts_with("stage\taccounts"),
        "{text}"
    );
}
