//! The command line end to end: the spawned binary on a real SQLite file.

mod common;

use common::*;
use serde_json::Value;

fn json(db: &TempDb, args: &[&str]) -> Value {
    let out = ok(db, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

/// The items of one kind in `attention --json`.
fn attention_of_kind(db: &TempDb, kind: &str) -> Vec<Value> {
    json(db, &["attention", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind)
        .cloned()
        .collect()
}

/// The number in "saved #17: …".
fn saved_num(out: &str) -> i64 {
    let rest = out
        .strip_prefix("saved #")
        .unwrap_or_else(|| panic!("not a save: {out}"));
    rest.split(':').next().unwrap().parse().unwrap()
}

fn setup(db: &TempDb) {
    ok(
        db,
        &[
            "account",
            "add",
            "Mercy General Hospital",
            "--handle",
            "mercy",
            "--owner",
            "Dana Cole",
            "--region",
            "DACH",
            "--tag",
            "oncology",
            "--since",
            "2026-06-01",
            "--renewal",
            "2027-06-30",
            "--why",
            "Same-day treatment for every patient",
        ],
    );
    ok(
        db,
        &[
            "account",
            "add",
            "Hôpital Saint-Éloi",
            "--owner",
            "Ravi Menon",
        ],
    );
}

#[test]
fn a_day_in_the_field() {
    let db = temp_db();
    setup(&db);
    let out = ok(
        &db,
        &[
            "stakeholder",
            "add",
            "@mercy",
            "Dr Helen Lee",
            "--role",
            "Head of Radiology",
            "--layer",
            "physician",
        ],
    );
    assert!(
        out.starts_with("saved #1: add stakeholder Dr Helen Lee at @mercy"),
        "{out}"
    );
    ok(
        &db,
        &[
            "moment",
            "add",
            "@mercy",
            "Scanner down during a full list",
            "--severity",
            "critical",
        ],
    );
    ok(
        &db,
        &[
            "metric",
            "add",
            "@mercy",
            "Door-to-needle time",
            "--words",
            "Drug within 45 minutes",
            "--unit",
            "min",
            "--direction",
            "lower",
            "--baseline",
            "62",
            "--baseline-on",
            "2026-01-01",
            "--target",
            "45",
            "--target-on",
            "2027-01-01",
            "--kpi",
            "Time to treatment",
            "--guards",
            "1",
        ],
    );

    let out = ok(
        &db,
        &[
            "add",
            r#"visit @mercy onsite proactive QBR with radiology with:"Dr Helen Lee,Ana Ruiz""#,
        ],
    );
    assert_eq!(
        out,
        "saved #1: proactive on-site visit at @mercy on Tue 24 Nov · with Dr Helen Lee, Ana Ruiz\n"
    );
    let out = ok(
        &db,
        &[
            "add",
            r#"commit @mercy Send the dosing report to:"Dr Helen Lee" due:fri visit:1"#,
        ],
    );
    assert_eq!(
        out,
        "saved #1: commitment at @mercy · due Fri 27 Nov · by Dana Cole · to Dr Helen Lee\n"
    );
    // Several shell words work too, quotes restored.
    let out = ok(
        &db,
        &[
            "add",
            "commit",
            "@hopital",
            "Share the benchmark",
            "to:Dr Lee",
            "due:+2w",
        ],
    );
    assert_eq!(
        out,
        "saved #2: commitment at @hopital · due Tue 8 Dec · by Dana Cole · to Dr Lee\n"
    );
    ok(
        &db,
        &["add", "measure @mercy door-to-needle 58 on:2026-10-01"],
    );
    let out = ok(&db, &["add", "measure @mercy dtn 55"]);
    assert_eq!(
        out,
        "saved #2: Door-to-needle time at @mercy = 55 min on Tue 24 Nov\n"
    );

    let out = ok(
        &db,
        &[
            "add",
            "renegotiate 2 due:2026-12-15 reason:\"their IT window\"",
        ],
    );
    assert_eq!(
        out,
        "saved #2: #2 “Share the benchmark” now due Tue 15 Dec (was Tue 8 Dec)\n"
    );
    let out = ok(&db, &["add", "done 1"]);
    assert_eq!(
        out,
        "saved #1: #1 “Send the dosing report” kept on time on Tue 24 Nov\n"
    );

    let cs = json(&db, &["commit", "list", "--all", "--json"]);
    let cs = cs.as_array().unwrap();
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0]["status"], "kept");
    assert_eq!(cs[0]["visit"], 1);
    assert_eq!(cs[1]["renegotiations"][0]["new_due"], "2026-12-15");
    assert_eq!(cs[1]["due_on"], "2026-12-08");

    let a = json(&db, &["account", "show", "@mercy", "--json"]);
    assert_eq!(a["account"]["handle"], "mercy");
    assert_eq!(a["account"]["tags"][0], "oncology");
    assert_eq!(a["stakeholders"][0]["layer"], "physician");
    assert_eq!(a["metrics"][0]["latest"], 55.0);
    assert_eq!(a["metrics"][0]["metric"]["moment"], 1);
    assert_eq!(a["visits"][0]["intent"], "proactive");
    assert_eq!(a["say_do"]["judged"], 1);
    let text = ok(&db, &["account", "show", "mercy"]);
    assert!(text.contains("say/do 100% · 1/1"), "{text}");
    assert!(
        text.contains(
            "#1 [critical] Scanner down during a full list — watched by Door-to-needle time"
        ),
        "{text}"
    );

    let out = ok(&db, &["stage", "set", "@mercy", "adoption"]);
    assert!(
        out.starts_with("saved #1: move @mercy to Adoption on Tue 24 Nov\nIn Adoption, check:\n"),
        "{out}"
    );
    let out = ok(&db, &["undo"]);
    assert_eq!(out, "undone: move @mercy to Adoption on Tue 24 Nov\n");
    let out = ok(&db, &["redo"]);
    assert_eq!(out, "redone: move @mercy to Adoption on Tue 24 Nov\n");

    let m = json(&db, &["metric", "show", "@mercy", "door", "--json"]);
    assert_eq!(m["measurements"].as_array().unwrap().len(), 2);
    // Two points are too few for limits (they need 6).
    assert!(m["limits"].is_null(), "{m}");
    let shown = ok(&db, &["metric", "show", "@mercy", "door"]);
    assert!(
        shown.contains("XmR: too few points for limits (2 of the 6 they need)"),
        "{shown}"
    );
    let list = ok(&db, &["account", "list"]);
    assert!(list.lines().next().unwrap().starts_with("handle"), "{list}");
    assert!(
        list.contains("@mercy") && list.contains("@hopital"),
        "{list}"
    );
}

#[test]
fn say_do_by_hand_through_the_command_line() {
    // The portfolio of the domain test, typed as a director would have,
    // each line on the day it happened.
    let db = temp_db();
    setup(&db);
    let on = |day: &str, line: &str| {
        let o = saydo_on(&db, day.parse().unwrap(), &["add", line]);
        assert!(o.status.success(), "{line}: {}", stderr(&o));
        saved_num(&stdout(&o))
    };
    let c = on("2026-08-01", "commit @mercy kept early due:2026-11-10");
    on("2026-11-05", &format!("done {c}"));
    let c = on("2026-08-01", "commit @mercy kept late due:2026-10-01");
    on("2026-10-09", &format!("done {c}"));
    let c = on("2026-08-01", "commit @mercy broken due:2026-09-15");
    on("2026-09-20", &format!("broken {c} vendor delay"));
    let c = on("2026-08-01", "commit @mercy dropped due:2026-10-15");
    on("2026-10-02", &format!("drop {c}"));
    on(
        "2026-08-01",
        "commit @mercy open and overdue due:2026-11-23",
    );
    on("2026-08-01", "commit @mercy due today due:2026-11-24");
    let c = on("2026-08-01", "commit @mercy renegotiated due:2026-10-01");
    on(
        "2026-09-28",
        &format!("renegotiate {c} due:2026-10-31 reason:asked"),
    );
    on("2026-10-20", &format!("done {c}"));
    let c = on(
        "2026-07-01",
        "commit @mercy before the window due:2026-08-01",
    );
    on("2026-07-30", &format!("done {c}"));
    // One on another account, by someone else, kept on time.
    let c = on(
        "2026-11-01",
        "commit @hopital other account due:2026-11-20 by:Ravi Menon",
    );
    on("2026-11-19", &format!("done {c}"));

    let s = json(&db, &["stats", "--json"]);
    assert_eq!(
        s["totals"]["say_do"],
        serde_json::json!({"kept_on_time": 3, "judged": 6, "renegotiated": 1})
    );
    let dana = s["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Dana Cole")
        .unwrap();
    assert_eq!(
        dana["say_do"],
        serde_json::json!({"kept_on_time": 2, "judged": 5, "renegotiated": 1})
    );
    assert_eq!(dana["overdue"], 1);
    let text = ok(&db, &["stats", "--owner", "dana cole"]);
    assert!(text.contains("say/do 40% · 2/5 · 1 renegotiated"), "{text}");
    // A 30-day window judges only what came due since 26 Oct.
    let s = json(
        &db,
        &["stats", "--window", "30d", "--owner", "Dana Cole", "--json"],
    );
    assert_eq!(
        s["totals"]["say_do"],
        serde_json::json!({"kept_on_time": 1, "judged": 2, "renegotiated": 0})
    );
    let overdue = json(&db, &["commit", "list", "--overdue", "--json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["what"], "open and overdue");
    let soon = json(&db, &["commit", "list", "--due-within", "7d", "--json"]);
    assert_eq!(
        soon.as_array()
            .unwrap()
            .iter()
            .map(|c| c["what"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["due today"]
    );
}

#[test]
fn bad_input_exits_2_with_a_message_and_changes_nothing() {
    let db = temp_db();
    setup(&db);
    ok(&db, &["add", "commit @mercy Send it due:fri"]);
    ok(&db, &["add", "done 1"]);
    let before = dump(&db.path);
    let cases: &[(&[&str], &str)] = &[
        (&["add", "commit @mercy Send it due:fryday"], "saydo: `due:fryday`: not a date; try fri, +3d, eow or 2026-12-01\n"),
        (&["add", "comit @mercy x"], "saydo: `comit`: not a verb; start with commit, visit, measure, done, broken, renegotiate or drop\n"),
        (&["add", "commit @nowhere x due:fri"], "saydo: `@nowhere`: no account matches; `saydo account list` shows the handles\n"),
        (&["add", "done 1"], "saydo: commitment #1 is already kept on Tue 24 Nov; `saydo undo` takes back the last change\n"),
        (&["add", "done 77"], "saydo: there is no commitment #77; `saydo commit list` shows their numbers\n"),
        (&["add", "measure @mercy dtn 4"], "saydo: `dtn`: @mercy has no success metrics yet; add one with `saydo metric add @mercy NAME`\n"),
        (&["account", "add", "Mercy Two", "--handle", "MERCY"], "saydo: the handle @MERCY is taken by Mercy General Hospital; choose another\n"),
        (&["account", "add", "X", "--handle", "a b"], "saydo: `@a b`: not a handle; use letters, digits, - _ or . (up to 40), e.g. @mercy\n"),
        (&["account", "add", "X", "--stage", "growth"], "saydo: `growth`: not a stage; one of Implementation, Adoption, Optimisation, Renewal\n"),
        (&["account", "add", "X", "--renewal", "soonish"], "saydo: `--renewal soonish`: not a date; try fri, +3d, eow or 2026-12-01\n"),
        (&["account", "edit", "@mercy", "--handle", "hopital"], "saydo: the handle @hopital is taken by Hôpital Saint-Éloi; choose another\n"),
        (&["account", "archive", "@zzz"], "saydo: `@zzz`: no account matches; `saydo account list` shows the handles\n"),
        (&["stakeholder", "add", "@mercy", "Ana", "--layer", "janitor"], "saydo: `--layer janitor`: not a layer; one of physician, nursing, administration, it, procurement, patient, other\n"),
        (&["metric", "add", "@mercy", "Uptime", "--direction", "sideways"], "saydo: `--direction sideways`: not a direction; one of higher, lower\n"),
        (&["metric", "add", "@mercy", "Uptime", "--direction", "up", "--target", "lots"], "saydo: `--target lots`: not a number; e.g. 42, 3.5 or -2\n"),
        (&["metric", "add", "@mercy", "Uptime", "--direction", "up", "--guards", "9"], "saydo: @mercy has no moment of truth #9\n"),
        (&["metric", "show", "12"], "saydo: there is no metric #12; `saydo metric list` shows their numbers\n"),
        (&["moment", "add", "@mercy", "x", "--severity", "meh"], "saydo: `--severity meh`: not a severity; one of low, medium, high, critical\n"),
        (&["commit", "list", "--due-within", "soon"], "saydo: `soon`: not a window; try 90d, 12w or 6m\n"),
        (&["commit", "list", "--status", "maybe"], "saydo: `--status maybe`: not a status; one of open, kept, kept-late, broken, dropped\n"),
        (&["stage", "set", "@mercy", "Implementation"], "saydo: @mercy is already in Implementation\n"),
        (&["stage", "set", "@mercy", "Adoption", "--on", "2026-01-01"], "saydo: @mercy entered Implementation on Mon 1 Jun; a move must be on or after that\n"),
        (&["stats", "--window", "0d"], "saydo: `0d`: a window runs from 1 day to 100 years\n"),
        (&["stats", "--owner", "Nobody"], "saydo: --owner `Nobody`: nobody of that name on our side; people: Dana Cole, Ravi Menon\n"),
        (&["account", "list", "--owner", "Nobody"], "saydo: --owner `Nobody`: nobody of that name on our side; people: Dana Cole, Ravi Menon\n"),
        (&["export", "--format", "md", "--owner", "ravi x"], "saydo: --owner `ravi x`: nobody of that name on our side; people: Dana Cole, Ravi Menon\n"),
        (&["add", "commit @mercy Call back due:fri by:Zed"], "saydo: by:`Zed`: nobody of that name on our side; people: Dana Cole, Ravi Menon\n"),
        (&["demo"], "saydo: the database is not empty; `saydo demo --force` replaces everything in it with the demo\n"),
    ];
    for (args, message) in cases {
        let o = saydo(&db, args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert_eq!(stderr(&o), *message, "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
    }
    // Usage errors (clap) are bad input too.
    for args in [
        &["account", "frobnicate"][..],
        &["add"][..],
        &["stats", "--bogus"][..],
    ] {
        let o = saydo(&db, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).is_empty());
    }
    let o = saydo(&db, &["undo"]);
    assert!(o.status.success());
    assert_ne!(dump(&db.path), before, "undo changes it");
    ok(&db, &["redo"]);
    assert_same_dump(&dump(&db.path), &before, "and nothing else did");
}

#[test]
fn a_bad_today_is_bad_input() {
    let db = temp_db();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
        .arg("stats")
        .env("SAYDO_DB", &db.path)
        .env("SAYDO_CONFIG", db.dir.path().join("none.toml"))
        .env("SAYDO_TODAY", "24/11/2026")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "saydo: SAYDO_TODAY=24/11/2026: not a date; use YYYY-MM-DD, e.g. 2026-11-24\n"
    );
}

#[test]
fn a_broken_config_is_reported_and_the_defaults_used() {
    let db = temp_db();
    std::fs::write(
        db.dir.path().join("config.toml"),
        "me = \"Dana\"\nwindow_days = \"ninety\"\n",
    )
    .unwrap();
    setup(&db);
    let o = saydo(&db, &["add", "commit @mercy x due:fri"]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.starts_with("saydo: warning: ")
            && err.contains("config.toml:2:15: window_days: invalid type"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("(every other key keeps its value)"),
        "{err}"
    );
    // One bad key no longer drops the file: `me` keeps its value.
    assert!(stdout(&o).contains("by Dana"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("by Dana Cole"), "{}", stdout(&o));
    let config = std::fs::read_to_string(db.dir.path().join("config.toml")).unwrap();
    assert_eq!(
        config, "me = \"Dana\"\nwindow_days = \"ninety\"\n",
        "never written over"
    );
}

#[test]
fn a_good_config_sets_me_window_and_stages() {
    let db = temp_db();
    std::fs::write(
        db.dir.path().join("config.toml"),
        "me = \"Sofia Marques\"\nwindow_days = 30\n[[stages]]\nname = \"Onboarding\"\nprompts = [\"Kit installed?\"]\n[[stages]]\nname = \"Steady\"\n",
    )
    .unwrap();
    ok(&db, &["account", "add", "Lakeside"]);
    let a = json(&db, &["account", "show", "@lakeside", "--json"]);
    assert_eq!(a["account"]["stage"], "Onboarding");
    assert_eq!(a["account"]["owner"], "Sofia Marques");
    assert_eq!(a["stage_prompts"][0], "Kit installed?");
    let s = json(&db, &["stats", "--json"]);
    assert_eq!(s["window_days"], 30);
    assert_eq!(
        ok(&db, &["stage", "list"]),
        "Onboarding\n  · Kit installed?\nSteady\n"
    );
}

#[test]
fn demo_is_deterministic_and_refuses_a_full_database() {
    let a = temp_db();
    let b = temp_db();
    let out = ok(&a, &["demo"]);
    assert!(
        out.starts_with("demo portfolio loaded: 40 accounts, "),
        "{out}"
    );
    ok(&b, &["demo"]);
    assert_same_dump(&dump(&a.path), &dump(&b.path), "demo");
    let s = json(&a, &["stats", "--json"]);
    assert_eq!(s["totals"]["accounts"], 40);
    let people: Vec<&str> = s["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for d in ["Dana Cole", "Ravi Menon", "Sofia Marques", "Tom Becker"] {
        assert!(people.contains(&d), "{people:?}");
    }
    assert!(
        s["totals"]["overdue"].as_u64().unwrap() > 0,
        "some promises are overdue"
    );
    assert!(
        s["totals"]["signals"].as_u64().unwrap() > 0,
        "some metrics show signals"
    );
    let all = json(&a, &["commit", "list", "--all", "--json"]);
    for status in ["open", "kept", "kept-late", "broken", "dropped"] {
        assert!(
            all.as_array()
                .unwrap()
                .iter()
                .any(|c| c["status"] == status),
            "a {status} commitment"
        );
    }
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|c| !c["renegotiations"].as_array().unwrap().is_empty()));
    let stages: std::collections::BTreeSet<String> = json(&a, &["account", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account"]["stage"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stages.len(), 4, "every stage: {stages:?}");
    // Replacing works with --force, and the portfolio is the same again.
    ok(&a, &["add", "commit @mercy extra due:fri"]);
    ok(&a, &["demo", "--force"]);
    assert_same_dump(&dump(&a.path), &dump(&b.path), "demo");
}

#[test]
fn help_everywhere() {
    let db = no_db();
    for args in [
        &["--help"][..],
        &["add", "--help"],
        &["account", "--help"],
        &["account", "add", "--help"],
        &["account", "edit", "--help"],
        &["account", "list", "--help"],
        &["account", "show", "--help"],
        &["account", "archive", "--help"],
        &["stakeholder", "add", "--help"],
        &["stakeholder", "list", "--help"],
        &["metric", "add", "--help"],
        &["metric", "list", "--help"],
        &["metric", "show", "--help"],
        &["moment", "add", "--help"],
        &["visit", "list", "--help"],
        &["commit", "list", "--help"],
        &["stage", "set", "--help"],
        &["stats", "--help"],
        &["undo", "--help"],
        &["demo", "--help"],
    ] {
        let o = saydo(&db, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("Usage: saydo"), "{args:?}");
    }
    assert!(!db.path.exists(), "help opens no database");
}

#[test]
fn bare_saydo_welcomes_then_summarises() {
    let db = temp_db();
    let out = ok(&db, &[]);
    assert!(
        out.contains("Your field book is empty.") && out.contains("saydo demo"),
        "{out}"
    );
    ok(&db, &["demo"]);
    let out = ok(&db, &[]);
    assert!(
        out.starts_with("40 accounts · Tue 24 Nov 2026 · window 90d\nsay/do "),
        "{out}"
    );
    assert!(out.contains("Overdue and due within 7 days:"), "{out}");
}

#[test]
fn bench_measures_the_tui_headless_and_writes_nothing() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let before = dump(&db.path);
    let out = ok(&db, &["bench", "--filter", "mer"]);
    for line in [
        "accounts               40",
        "first frame",
        "whole book ready",
        "navigation key→frame   median",
        "filter key→frame       median",
        "filter over all        median",
        "other screens          median",
        "peak memory",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert_same_dump(&dump(&db.path), &before, "bench");
}

#[test]
fn late_renegotiations_and_future_outcomes_through_the_command_line() {
    let db = temp_db();
    setup(&db);
    let n = saved_num(&ok(
        &db,
        &[
            "add",
            "commit @mercy Send the dosing report made:-40d due:-30d",
        ],
    ));
    let n = n.to_string();

    let out = saydo(&db, &["add", &format!("done {n} on:+5d")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("in the future"), "{}", stderr(&out));

    let out = saydo(
        &db,
        &["add", &format!("renegotiate {n} due:-3d reason:late")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has passed"), "{}", stderr(&out));

    let said = ok(
        &db,
        &["add", &format!("renegotiate {n} due:+5d reason:late")],
    );
    assert!(
        said.contains("note: already 30 days late: this stays late in say/do"),
        "{said}"
    );
    let said = ok(&db, &["add", &format!("done {n}")]);
    assert!(said.starts_with("saved"), "{said}");
    let stats = json(&db, &["stats", "--json"]);
    assert_eq!(stats["totals"]["say_do"]["kept_on_time"], 0, "{stats}");
    assert_eq!(stats["totals"]["say_do"]["judged"], 1, "{stats}");
}

#[test]
fn a_config_whose_database_line_cannot_be_read_opens_no_other_book() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "me = \"Dana Cole\"\ndatabase = /books/dana.db\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
        .args(["add", "commit @mercy x due:fri"])
        .env_remove("SAYDO_DB")
        .env("SAYDO_CONFIG", &config)
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("config.toml:2"), "{}", stderr(&o));
    assert!(stderr(&o).contains("opens no other book"), "{}", stderr(&o));
    assert!(
        !dir.path().join("data").exists(),
        "no default book was made"
    );
}

/// Top-level keys of a JSON object, refusing any that comes twice (jq and
/// most parsers keep only the last).
fn keys_once(text: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = m.next_key::<String>()? {
                        if keys.contains(&k) {
                            return Err(serde::de::Error::custom(format!("`{k}` twice")));
                        }
                        m.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Keys>(text)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

#[test]
fn json_objects_name_each_key_once() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "3"]);
    let keys = keys_once(&ok(&db, &["account", "show", "@mercy", "--json"]));
    for k in [
        "visits",
        "metrics",
        "visits_in_window",
        "commitments",
        "say_do",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} in {keys:?}");
    }
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["metric", "list", "@mercy", "--json"])).unwrap();
    let num = list[0]["metric"]["num"].to_string();
    let keys = keys_once(&ok(&db, &["metric", "show", &num, "--json"]));
    assert!(
        keys.contains(&"signals".to_string()) && keys.contains(&"limits".to_string()),
        "{keys:?}"
    );
}

#[test]
fn a_date_outside_this_year_says_its_year() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let said = ok(
        &db,
        &["add", "commit @mercy Plan next year's audit due:+1y"],
    );
    assert!(said.contains("2027"), "{said}");
    let said = ok(&db, &["add", "commit @mercy Plan the week due:fri"]);
    assert!(
        !said.contains("2026"),
        "this year's dates stay short: {said}"
    );
}

#[test]
fn json_names_the_account_by_handle_and_the_due_date_as_agreed_now() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let said = ok(&db, &["add", "commit @mercy Send the plan due:2026-12-04"]);
    let num: String = said
        .trim_start_matches("saved #")
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    ok(
        &db,
        &[
            "add",
            &format!("renegotiate {num} due:2026-12-18 reason:later"),
        ],
    );
    let all: serde_json::Value =
        serde_json::from_str(&ok(&db, &["commit", "list", "@mercy", "--json"])).unwrap();
    let c = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["what"] == "Send the plan")
        .unwrap();
    assert_eq!(c["account_handle"], "mercy");
    assert_eq!(c["due_on"], "2026-12-04");
    assert_eq!(c["agreed_due"], "2026-12-18");
    let visits: serde_json::Value =
        serde_json::from_str(&ok(&db, &["visit", "list", "--json"])).unwrap();
    assert!(visits
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["account_handle"].is_string()));
}

#[test]
fn a_name_another_account_has_is_questioned() {
    let db = temp_db();
    ok(
        &db,
        &["account", "add", "Mercy General", "--handle", "mercy"],
    );
    let o = saydo(
        &db,
        &["account", "add", "mercy general", "--handle", "mercy2"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--same-name"), "{}", stderr(&o));
    ok(
        &db,
        &[
            "account",
            "add",
            "Mercy General",
            "--handle",
            "mercy2",
            "--same-name",
        ],
    );
}

#[test]
fn the_demo_book_is_true_to_life() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let s = sqlite(&db);
    use saydo::store::Store;
    let accounts = s.accounts(&Default::default()).unwrap();
    let region = |h: &str| {
        accounts
            .iter()
            .find(|a| a.handle == h)
            .unwrap()
            .region
            .clone()
    };
    assert_eq!(region("muller"), "DACH", "Freiburg is in Germany");
    assert_eq!(region("saint-eloi"), "France & Benelux");
    assert_eq!(region("fjordheim"), "Nordics");
    for a in accounts.iter().filter(|a| a.stage == "Renewal") {
        let r = a.renewal.expect("a renewal date");
        assert!(
            saydo::domain::dates::days_between(TODAY, r) <= 366,
            "@{} in Renewal renews {r}",
            a.handle
        );
    }
    let visits = s.visits(&Default::default()).unwrap();
    for v in &visits {
        use jiff::civil::Weekday::*;
        assert!(
            !matches!(v.on.weekday(), Saturday | Sunday),
            "a visit on {}",
            v.on
        );
        if v.notes.contains("Fault follow-up") {
            assert_eq!(v.intent, saydo::domain::Intent::Reactive, "{v:?}");
        }
        if v.notes.contains("Training") {
            assert_eq!(v.kind, saydo::domain::VisitKind::Training, "{v:?}");
        }
    }
    // Every chart runs up to the last days before the demo's today.
    for m in s.metrics(None).unwrap() {
        let last = s.measurements(m.num).unwrap().last().map(|x| x.on).unwrap();
        assert!(
            saydo::domain::dates::days_between(last, TODAY) <= 7,
            "{} last measured {last}",
            m.name
        );
    }
}

#[test]
fn every_record_is_edited_and_removed_and_kept_from_the_shell_with_undo() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let n = saved_num(&ok(
        &db,
        &[
            "add",
            "commit @mercy Send the plan to:\"Dr Lee\" due:2026-12-04",
        ],
    ));
    let n = n.to_string();
    ok(
        &db,
        &[
            "commit",
            "edit",
            &n,
            "--what",
            "Send the revised plan",
            "--to",
            "Ana Ruiz",
        ],
    );
    ok(
        &db,
        &[
            "commit",
            "renegotiate",
            &n,
            "--due",
            "2026-12-11",
            "--reason",
            "their board",
        ],
    );
    ok(&db, &["commit", "done", &n]);
    let all: serde_json::Value =
        serde_json::from_str(&ok(&db, &["commit", "list", "--all", "--json"])).unwrap();
    let c = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["num"] == n.parse::<i64>().unwrap())
        .unwrap();
    assert_eq!(c["what"], "Send the revised plan");
    assert_eq!(c["to_whom"], "Ana Ruiz");
    assert_eq!(c["agreed_due"], "2026-12-11");
    assert_eq!(c["status"], "kept");
    // A second outcome is refused with the rule's words, exit 2.
    let o = saydo(&db, &["commit", "broken", &n, "--reason", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    ok(&db, &["undo"]);
    let open: serde_json::Value =
        serde_json::from_str(&ok(&db, &["commit", "list", "--json"])).unwrap();
    assert!(
        open.as_array()
            .unwrap()
            .iter()
            .any(|c| c["num"] == n.parse::<i64>().unwrap()),
        "undo reopens it"
    );

    // Visits, stakeholders, moments, metrics, measurements.
    let visits: serde_json::Value =
        serde_json::from_str(&ok(&db, &["visit", "list", "--json"])).unwrap();
    let v = visits[0]["num"].to_string();
    ok(
        &db,
        &[
            "visit",
            "edit",
            &v,
            "--notes",
            "Walked the ward",
            "--intent",
            "proactive",
        ],
    );
    let visits: serde_json::Value =
        serde_json::from_str(&ok(&db, &["visit", "list", "--json"])).unwrap();
    let edited = visits
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["num"] == v.parse::<i64>().unwrap())
        .unwrap();
    assert_eq!(edited["notes"], "Walked the ward");
    let stakeholders: serde_json::Value =
        serde_json::from_str(&ok(&db, &["stakeholder", "list", "@mercy", "--json"])).unwrap();
    let sh = stakeholders[0]["num"].to_string();
    ok(
        &db,
        &["stakeholder", "edit", &sh, "--role", "Chief of Radiology"],
    );
    assert!(ok(&db, &["stakeholder", "list", "@mercy"]).contains("Chief of Radiology"));
    let moments: serde_json::Value =
        serde_json::from_str(&ok(&db, &["moment", "list", "@mercy", "--json"])).unwrap();
    let mo = moments[0]["num"].to_string();
    ok(&db, &["moment", "edit", &mo, "--severity", "low"]);
    let metrics: serde_json::Value =
        serde_json::from_str(&ok(&db, &["metric", "list", "@mercy", "--json"])).unwrap();
    let me = metrics[0]["metric"]["num"].to_string();
    ok(&db, &["metric", "edit", &me, "--target", "40"]);
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&db, &["metric", "show", &me, "--json"])).unwrap();
    assert_eq!(shown["metric"]["target"], 40.0);
    let x = shown["measurements"][0]["num"].to_string();
    ok(&db, &["measurement", "edit", &x, "--value", "41.5"]);
    ok(&db, &["measurement", "remove", &x]);
    ok(&db, &["visit", "remove", &v]);
    ok(&db, &["stakeholder", "remove", &sh]);
    ok(&db, &["moment", "remove", &mo]);
    ok(&db, &["commit", "remove", &n]);
    let o = saydo(&db, &["commit", "edit", "99999", "--what", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("there is no commitment #99999"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn add_dash_reads_lines_from_stdin_each_its_own_transaction() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
        .args(["add", "-"])
        .env("SAYDO_DB", &db.path)
        .env("SAYDO_CONFIG", db.dir.path().join("config.toml"))
        .env("SAYDO_TODAY", TODAY.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut i = child.stdin.take().unwrap();
        writeln!(i, "# this week's promises").unwrap();
        writeln!(i, "commit @mercy From stdin one due:fri").unwrap();
        writeln!(i, "commit @nowhere Lost due:fri").unwrap();
        writeln!(i).unwrap();
        writeln!(i, "commit @mercy From stdin two due:fri").unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "one line failed");
    let out = stdout(&o);
    assert!(out.contains("2 lines saved, 1 failed"), "{out}");
    assert!(stderr(&o).contains("line 3:"), "{}", stderr(&o));
    let list = ok(&db, &["commit", "list"]);
    assert!(
        list.contains("From stdin one") && list.contains("From stdin two"),
        "{list}"
    );
}

#[test]
fn config_says_each_keys_value_and_where_it_came_from() {
    let db = temp_db();
    std::fs::write(
        db.dir.path().join("config.toml"),
        "me = \"Ravi Menon\"\nwindow_days = 60\n",
    )
    .unwrap();
    let out = ok(&db, &["config"]);
    let row = |k: &str| {
        out.lines()
            .find(|l| l.starts_with(k))
            .unwrap_or_else(|| panic!("{k} in {out}"))
            .to_string()
    };
    assert!(
        row("me").contains("Ravi Menon") && row("me").contains("file "),
        "{out}"
    );
    assert!(
        row("window_days").contains("60") && row("window_days").contains("file"),
        "{out}"
    );
    assert!(row("unvisited_days").contains("default"), "{out}");
    assert!(row("database").contains("environment SAYDO_DB"), "{out}");
    assert!(row("today").contains("environment SAYDO_TODAY"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(&db, &["config", "--json"])).unwrap();
    assert_eq!(json["window_days"]["value"], "60");
    let paths: serde_json::Value = serde_json::from_str(&ok(&db, &["paths", "--json"])).unwrap();
    assert_eq!(paths["data"], db.path.display().to_string());
}

#[test]
fn completions_come_from_the_book_and_the_scripts_parse() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    // The shell's question, as bash's registration asks it.
    let asked = |words: &[&str], index: usize| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
            .arg("--")
            .args(words)
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", index.to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .env("_CLAP_IFS", "\n")
            .env("SAYDO_DB", &db.path)
            .env("SAYDO_CONFIG", db.dir.path().join("config.toml"))
            .output()
            .unwrap();
        stdout(&o)
    };
    let handles = asked(&["saydo", "account", "show", "@me"], 3);
    assert!(handles.lines().any(|l| l == "@mercy"), "{handles}");
    let people = asked(&["saydo", "commit", "list", "--owner", "Da"], 4);
    assert!(people.contains("Dana Cole"), "{people}");
    let open = ok(&db, &["commit", "list", "--json"]);
    let first: serde_json::Value = serde_json::from_str(&open).unwrap();
    let n = first[0]["num"].to_string();
    let nums = asked(&["saydo", "commit", "done", ""], 3);
    assert!(nums.lines().any(|l| l == n), "{n} in {nums}");
    // Each script parses in its shell, where the shell is here.
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&db, &["completions", shell]);
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        let have = std::process::Command::new("sh")
            .args(["-c", &format!("command -v {shell}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !have {
            eprintln!("SKIPPED: {shell} is not installed, its script is not parsed");
            continue;
        }
        let check = if shell == "fish" {
            "--no-execute"
        } else {
            "-n"
        };
        let file = db.dir.path().join(format!("saydo.{shell}"));
        std::fs::write(&file, &script).unwrap();
        let o = std::process::Command::new(shell)
            .arg(check)
            .arg(&file)
            .output()
            .unwrap();
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
    }
    let man = ok(&db, &["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH saydo 1"),
        "{man}"
    );
    let o = saydo(&db, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn piped_tables_are_tab_separated_with_the_account_named() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let out = ok(&db, &["commit", "list"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "#\taccount\twhat\tto\towner\tdue\twhen\tstatus"
    );
    let first = lines.next().unwrap();
    assert_eq!(first.split('\t').count(), 8, "{first}");
    assert!(
        first.split('\t').nth(1).unwrap().starts_with('@'),
        "{first}"
    );
}

#[test]
fn fields_choose_what_json_gives() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let v: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "commit",
            "list",
            "--json",
            "--fields",
            "num,account_handle,agreed_due",
        ],
    ))
    .unwrap();
    let first = v[0].as_object().unwrap();
    let mut keys: Vec<&String> = first.keys().collect();
    keys.sort();
    assert_eq!(keys, ["account_handle", "agreed_due", "num"]);
    let o = saydo(&db, &["commit", "list", "--json", "--fields", "nmu"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--fields nmu: not a field here; there are"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn attention_and_trends_as_listings() {
    let db = temp_db();
    common::tui::fixture(&db);
    let v: serde_json::Value =
        serde_json::from_str(&ok(&db, &["attention", "--owner", "Dana Cole", "--json"])).unwrap();
    let items = v.as_array().unwrap();
    let first = &items[0];
    assert_eq!(first["kind"], "overdue", "{v}");
    assert_eq!(first["account_handle"], "mercy");
    assert!(
        first["what"]
            .as_str()
            .unwrap()
            .contains("Train the night shift"),
        "{v}"
    );
    assert!(items
        .iter()
        .any(|i| i["kind"] == "unvisited" && i["account_handle"] == "muller"));
    assert!(
        !items.iter().any(|i| i["account_handle"] == "stlukes"),
        "Ravi's, not hers"
    );
    let table = ok(&db, &["attention"]);
    assert!(table.starts_with("kind\taccount\twhat\twhen"), "{table}");
    let t: serde_json::Value = serde_json::from_str(&ok(&db, &["trends", "--json"])).unwrap();
    assert_eq!(t["months"].as_array().unwrap().len(), 12);
    assert_eq!(t["months"][11], "2026-11");
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(rows[0]["name"], "All accounts");
    assert!(rows.iter().any(|r| r["name"] == "Ravi Menon"));
}

#[test]
fn the_signals_inbox_and_its_notes_from_the_shell() {
    let db = temp_db();
    common::tui::fixture(&db);
    let v: serde_json::Value =
        serde_json::from_str(&ok(&db, &["signal", "list", "--json"])).unwrap();
    let first = v[0].clone();
    assert_eq!(first["account_handle"], "mercy", "{v}");
    let (metric, rule, on) = (
        first["metric"].to_string(),
        first["rule"].as_str().unwrap().to_string(),
        first["on"].as_str().unwrap().to_string(),
    );
    ok(
        &db,
        &[
            "signal",
            "note",
            &metric,
            &rule,
            &on,
            "The scanner was down that week",
        ],
    );
    let acked: serde_json::Value =
        serde_json::from_str(&ok(&db, &["signal", "list", "--acknowledged", "--json"])).unwrap();
    assert!(
        acked
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["note"] == "The scanner was down that week"),
        "{acked}"
    );
    let waiting: serde_json::Value =
        serde_json::from_str(&ok(&db, &["signal", "list", "--json"])).unwrap();
    assert_eq!(
        waiting.as_array().unwrap().len() + 1,
        v.as_array().unwrap().len()
    );
    let o = saydo(&db, &["signal", "note", &metric, "sideways", &on, "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("beyond-limit, run-of-eight, three-of-four"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn what_happened_is_never_ahead_so_its_date_words_look_back() {
    let db = temp_db();
    setup(&db);
    // Tuesday 24 November 2026: "fri" is last Friday for a visit, next
    // Friday for a due date.
    let out = ok(
        &db,
        &["add", "visit @mercy onsite proactive Ward round on:fri"],
    );
    let visit = saved_num(&out);
    let visits = json(&db, &["visit", "list", "--json"]);
    let v = visits
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["num"] == visit)
        .unwrap();
    assert_eq!(v["on"], "2026-11-20", "{out}");
    let out = ok(
        &db,
        &["add", "commit @mercy Send the report due:fri made:11-20"],
    );
    let c = saved_num(&out);
    let list = json(&db, &["commit", "list", "--json"]);
    let c = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["num"] == c)
        .unwrap();
    assert_eq!(c["due_on"], "2026-11-27");
    assert_eq!(c["made_on"], "2026-11-20");
    ok(&db, &["visit", "edit", &visit.to_string(), "--on", "mon"]);
    let visits = json(&db, &["visit", "list", "--json"]);
    assert_eq!(visits[0]["on"], "2026-11-23");
}

#[test]
fn a_measure_definition_says_how_and_a_measurement_overdue_for_it_needs_attention() {
    let db = temp_db();
    setup(&db);
    let out = ok(
        &db,
        &[
            "metric",
            "add",
            "@mercy",
            "Door-to-needle time",
            "--direction",
            "lower",
            "--unit",
            "min",
            "--intended",
            "Every stroke patient treated in time",
            "--calculation",
            "median minutes, arrival to needle",
            "--data-source",
            "their stroke registry",
            "--every",
            "7d",
            "--measured-by",
            "the stroke nurse lead",
        ],
    );
    let metric = saved_num(&out);
    let shown = ok(&db, &["metric", "show", &metric.to_string()]);
    assert!(
        shown.contains(
            "measured every 7 days, by the stroke nurse lead, from their stroke registry"
        ),
        "{shown}"
    );
    let due = |today| -> Vec<Value> {
        let o = saydo_on(&db, today, &["attention", "--json"]);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "measure-due")
            .cloned()
            .collect()
    };
    // Never measured: due from the start.
    let items = due(TODAY);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["subject"], metric);
    assert_eq!(items[0]["when"], "never measured");
    assert_eq!(
        items[0]["what"],
        "Door-to-needle time: a measurement is due"
    );
    ok(&db, &["add", "measure @mercy door-to-needle 48"]);
    assert!(due(TODAY).is_empty(), "measured today");
    let week = saydo::domain::dates::add_days(TODAY, 7).unwrap();
    assert_eq!(due(week)[0]["when"], "due today");
    let later = saydo::domain::dates::add_days(TODAY, 10).unwrap();
    assert_eq!(due(later)[0]["when"], "3d late");

    // Edited and cleared; a frequency out of range says what would do.
    let o = saydo(
        &db,
        &["metric", "edit", &metric.to_string(), "--every", "0d"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--every"), "{}", stderr(&o));
    ok(
        &db,
        &["metric", "edit", &metric.to_string(), "--every", "none"],
    );
    assert!(due(later).is_empty());
    ok(
        &db,
        &["metric", "edit", &metric.to_string(), "--every", "2w"],
    );

    // The definition goes round through the exchange file.
    let book = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", book.to_str().unwrap()]);
    let text = std::fs::read_to_string(&book).unwrap();
    assert!(text.contains("every_days = 14"), "{text}");
    assert!(
        text.contains("measured_by = \"the stroke nurse lead\""),
        "{text}"
    );
    let other = temp_db();
    ok(&other, &["import", book.to_str().unwrap()]);
    let json: Value = serde_json::from_str(&ok(&other, &["metric", "list", "--json"])).unwrap();
    let d = &json[0]["metric"]["definition"];
    assert_eq!(d["every_days"], 14);
    assert_eq!(d["data_source"], "their stroke registry");
}

#[test]
fn commitments_written_in_a_visits_notes_from_the_command_line() {
    let db = temp_db();
    setup(&db);
    let out = ok(
        &db,
        &[
            "add",
            "visit @mercy onsite proactive with:\"Dr Lee\" note:\"Walked the pathway.\n> send the dosing report due:fri\n> book the pharmacy review due:+2w by:Ravi\"",
        ],
    );
    assert!(
        out.contains("line 2: new commitment · due Fri 27 Nov · by Dana Cole · to Dr Lee"),
        "{out}"
    );
    let visit = saved_num(&out);
    let list = json(&db, &["commit", "list", "--json"]);
    let made: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["visit"] == visit)
        .collect();
    assert_eq!(made.len(), 2, "{list}");
    assert_eq!(made[0]["what"], "send the dosing report");
    assert_eq!(made[1]["owner"], "Ravi Menon");
    let first = made[0]["num"].as_i64().unwrap().to_string();

    // A changed line changes its commitment; the unchanged one stays.
    let out = ok(
        &db,
        &[
            "visit", "edit", &visit.to_string(), "--notes",
            "Walked the pathway.\n> send the dosing report and audit due:fri\n> book the pharmacy review due:+2w by:Ravi",
        ],
    );
    assert!(out.contains("1 commitment edited from its notes"), "{out}");
    let list = json(&db, &["commit", "list", "--json"]);
    let c = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["num"].as_i64() == first.parse().ok())
        .unwrap();
    assert_eq!(c["what"], "send the dosing report and audit");

    // A line in error saves nothing and says which line.
    let before = dump(&db.path);
    let out = saydo(
        &db,
        &[
            "visit",
            "edit",
            &visit.to_string(),
            "--notes",
            "> call back due:someday",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("notes line 1 (`> call back due:someday`)"),
        "{}",
        stderr(&out)
    );
    assert_same_dump(&before, &dump(&db.path), "a refused line");

    // A kept commitment's line no longer changes.
    ok(&db, &["commit", "done", &first]);
    let out = saydo(
        &db,
        &[
            "visit", "edit", &visit.to_string(), "--notes",
            "Walked the pathway.\n> send nothing due:fri\n> book the pharmacy review due:+2w by:Ravi",
        ],
    );
    assert!(
        stderr(&out).contains("is kept, so its line can no longer change; put it back as it was: > send the dosing report and audit due:fri"),
        "{}",
        stderr(&out)
    );
    // A line taken out leaves its commitment, and says so.
    let out = ok(
        &db,
        &[
            "visit",
            "edit",
            &visit.to_string(),
            "--notes",
            "Walked the pathway.",
        ],
    );
    assert!(
        out.contains("were taken out of the notes; the commitments stay"),
        "{out}"
    );
    // One change each: one undo takes the edit back whole.
    ok(&db, &["undo"]);
    let v = json(&db, &["visit", "list", "--json"]);
    assert!(v.to_string().contains("book the pharmacy review"), "{v}");
}

#[test]
fn the_demo_has_a_visit_whose_notes_made_its_commitments() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let visits = json(&db, &["visit", "list", "--json"]);
    let v = visits
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["notes"].as_str().is_some_and(|n| n.contains("\n> ")))
        .expect("a visit with > lines");
    let commits = json(&db, &["commit", "list", "--json"]);
    let made: Vec<&str> = commits
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["visit"] == v["num"])
        .map(|c| c["what"].as_str().unwrap())
        .collect();
    let notes = v["notes"].as_str().unwrap();
    assert_eq!(made.len(), 2, "{made:?}");
    for what in made {
        assert!(
            notes.contains(&format!("> {what} due:")),
            "{what} in {notes}"
        );
    }
    // Saving the notes as they are makes nothing new: the lines are its commitments.
    let out = ok(
        &db,
        &["visit", "edit", &v["num"].to_string(), "--notes", notes],
    );
    assert!(!out.contains("from its notes"), "{out}");
}

#[test]
fn attention_asks_for_feedback_once_a_visits_commitments_are_resolved() {
    let db = temp_db();
    setup(&db);
    let out = ok(
        &db,
        &[
            "add",
            "visit @mercy onsite proactive on:2026-11-16 with:\"Dr Lee\" note:\"> roll out the dosing report due:2026-11-20\"",
        ],
    );
    let visit = saved_num(&out).to_string();
    let asks = |db: &TempDb| {
        json(db, &["attention", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "feedback-due")
            .count()
    };
    assert_eq!(asks(&db), 0, "not before the experience is complete");
    let c = json(&db, &["commit", "list", "--json"])[0]["num"].to_string();
    ok(&db, &["commit", "done", &c, "--on", "2026-11-20"]);
    let items = json(&db, &["attention", "--json"]);
    let ask = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "feedback-due")
        .unwrap_or_else(|| panic!("{items}"));
    assert_eq!(ask["subject"].to_string(), visit);
    assert_eq!(ask["when"], "complete 4d ago");

    // The answer is kept on the visit, and Attention stops asking.
    let bad = saydo(&db, &["visit", "feedback", &visit, "--score", "11"]);
    assert!(
        stderr(&bad).contains("a score of 11: feedback scores run from 0 to 10"),
        "{}",
        stderr(&bad)
    );
    let bad = saydo(
        &db,
        &[
            "visit",
            "feedback",
            &visit,
            "--score",
            "8",
            "--on",
            "2026-11-01",
        ],
    );
    assert!(
        stderr(&bad).contains("is before the visit"),
        "{}",
        stderr(&bad)
    );
    ok(
        &db,
        &[
            "visit",
            "feedback",
            &visit,
            "--score",
            "8",
            "--words",
            "the report changed the night shift",
        ],
    );
    assert_eq!(asks(&db), 0);
    let v = json(&db, &["visit", "list", "--json"]);
    assert_eq!(v[0]["feedback"]["score"], 8);
    assert_eq!(
        v[0]["feedback"]["words"],
        "the report changed the night shift"
    );
    assert_eq!(v[0]["feedback"]["on"], "2026-11-24");
    assert!(ok(&db, &["visit", "list"]).contains("8/10 “the report changed the night shift”"));

    // Export and import keep it.
    let file = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("feedback_score = 8"), "{text}");
    let other = temp_db();
    ok(&other, &["import", file.to_str().unwrap()]);
    let v = json(&other, &["visit", "list", "--json"]);
    assert_eq!(
        v[0]["feedback"]["words"],
        "the report changed the night shift"
    );
    assert_eq!(v[0]["feedback"]["on"], "2026-11-24");
}

#[test]
fn the_customers_pace_sets_when_an_account_is_unvisited_and_a_pause_stops_the_clock() {
    let db = temp_db();
    setup(&db);
    // Visited 20 days ago: within the config's 30 days.
    ok(&db, &["add", "visit @mercy onsite proactive on:2026-11-04"]);
    let unvisited = |db: &TempDb| {
        json(db, &["attention", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "unvisited" && i["account_handle"] == "mercy")
    };
    assert!(!unvisited(&db));
    // They asked for a visit every fortnight: now it is overdue.
    ok(&db, &["account", "edit", "@mercy", "--visit-every", "14d"]);
    assert!(unvisited(&db));
    let show = ok(&db, &["account", "show", "@mercy"]);
    assert!(show.contains("their pace: a visit every 14 days"), "{show}");
    // A pause at their request: no visit is due until it ends.
    ok(
        &db,
        &["account", "edit", "@mercy", "--paused-until", "2026-12-10"],
    );
    assert!(!unvisited(&db));
    let show = ok(&db, &["account", "show", "@mercy"]);
    assert!(
        show.contains("paused at their request until Thu 10 Dec"),
        "{show}"
    );
    let bad = saydo(
        &db,
        &["account", "edit", "@mercy", "--visit-every", "often"],
    );
    assert!(
        stderr(&bad).contains("--visit-every `often`: not a window; try 90d, 12w or 6m"),
        "{}",
        stderr(&bad)
    );
    // Their stage pace: overdue in the lifecycle against their days, not the config's.
    ok(
        &db,
        &[
            "account",
            "edit",
            "@mercy",
            "--paused-until",
            "none",
            "--stage-days",
            "30d",
        ],
    );
    let overstay = |db: &TempDb| {
        json(db, &["lifecycle", "--json"])["overstays"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["account_handle"] == "mercy")
            .map(|o| o["over"].as_i64().unwrap())
    };
    // In Implementation since 1 June (176 days): past their 30.
    assert_eq!(overstay(&db), Some(146));
    ok(
        &db,
        &["account", "edit", "@mercy", "--paused-until", "2026-12-10"],
    );
    assert_eq!(overstay(&db), None, "paused at their request");
    ok(
        &db,
        &["account", "edit", "@mercy", "--paused-until", "none"],
    );
    // The pace goes round through the exchange file.
    let file = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("visit_every_days = 14") && text.contains("stage_days = 30"),
        "{text}"
    );
    let other = temp_db();
    ok(&other, &["import", file.to_str().unwrap()]);
    let a = json(&other, &["account", "show", "@mercy", "--json"]);
    assert_eq!(a["account"]["pace"]["visit_every_days"], 14, "{a}");
}

#[test]
fn a_renewal_within_a_quarter_needs_attention() {
    let db = temp_db();
    setup(&db);
    let renewals = |db: &TempDb| attention_of_kind(db, "renewal-due");
    assert!(renewals(&db).is_empty(), "30 June 2027 is far off");
    ok(
        &db,
        &["account", "edit", "@mercy", "--renewal", "2026-12-24"],
    );
    let r = renewals(&db);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["account_handle"], "mercy");
    assert_eq!(r[0]["when"], "in 30d");
    assert_eq!(r[0]["subject"], Value::Null);
    ok(&db, &["account", "edit", "@mercy", "--renewal", "none"]);
    assert!(renewals(&db).is_empty());
}

#[test]
fn dates_count_from_an_accounts_key_dates() {
    let db = temp_db();
    setup(&db);
    ok(
        &db,
        &[
            "account",
            "edit",
            "@mercy",
            "--key-date",
            "go-live=2026-12-01",
            "--key-date",
            "kickoff=2026-06-01",
        ],
    );
    let show = ok(&db, &["account", "show", "@mercy"]);
    assert!(
        show.contains("key dates: kickoff Mon 1 Jun · go-live Tue 1 Dec"),
        "{show}"
    );
    let shown = json(&db, &["account", "show", "@mercy", "--json"]);
    assert_eq!(
        shown["account"]["key_dates"][1]["name"], "go-live",
        "{shown}"
    );
    assert_eq!(shown["account"]["key_dates"][1]["on"], "2026-12-01");

    // Quick-add: from the go-live, from the renewal, on the kickoff.
    let out = ok(&db, &["add", "commit @mercy Train the ward due:golive+30d"]);
    let c = saved_num(&out);
    let out = ok(&db, &["add", "commit @mercy Renewal pack due:renewal-90d"]);
    let r = saved_num(&out);
    ok(
        &db,
        &["add", "visit @mercy onsite proactive kickoff on:kickoff"],
    );
    let list = json(&db, &["commit", "list", "--json"]);
    let due = |num: i64| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["num"] == num)
            .map(|c| c["due_on"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(due(c), "2026-12-31");
    assert_eq!(due(r), "2027-04-01");
    let visits = json(&db, &["visit", "list", "--json"]);
    assert_eq!(visits[0]["on"], "2026-06-01", "{visits}");

    // The command line's dates count from them too.
    ok(
        &db,
        &["commit", "edit", &c.to_string(), "--due", "go-live+2w"],
    );
    let list = json(&db, &["commit", "list", "--json"]);
    let edited = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["num"] == c)
        .unwrap();
    assert_eq!(edited["due_on"], "2026-12-15");

    // An unknown day names the ones the account has; one without any says so.
    let bad = saydo(&db, &["add", "commit @mercy Call due:contract+30d"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad),
        "saydo: `due:contract+30d`: no key date `contract` at @mercy; @mercy has kickoff (Mon 1 Jun 2026), go-live (Tue 1 Dec 2026), renewal (Wed 30 Jun 2027); or give a date: fri, +3d, eow, 2026-12-01\n"
    );
    let bad = saydo(&db, &["add", "commit @hopital Call due:golive"]);
    assert!(
        stderr(&bad).contains("@hopital has no key dates yet"),
        "{}",
        stderr(&bad)
    );
    // A name that reads as a date is refused; none removes one.
    let bad = saydo(
        &db,
        &["account", "edit", "@mercy", "--key-date", "fri=2026-01-01"],
    );
    assert!(
        stderr(&bad).contains("`fri`: that is already a date word"),
        "{}",
        stderr(&bad)
    );
    ok(
        &db,
        &["account", "edit", "@mercy", "--key-date", "kickoff=none"],
    );
    let shown = json(&db, &["account", "show", "@mercy", "--json"]);
    assert_eq!(
        shown["account"]["key_dates"].as_array().unwrap().len(),
        1,
        "{shown}"
    );
}

#[test]
fn a_renewal_settled_moves_the_date_on_and_counts_in_retention_archived_or_not() {
    let db = temp_db();
    setup(&db);
    ok(
        &db,
        &[
            "account",
            "add",
            "St Luke's",
            "--handle",
            "stlukes",
            "--owner",
            "Ravi Menon",
            "--renewal",
            "2026-11-10",
        ],
    );
    // A renewal passed without an outcome needs attention until settled.
    let renewal_items = |db: &TempDb| attention_of_kind(db, "renewal-due");
    let r = renewal_items(&db);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["when"], "passed 14d ago, not settled");

    let out = ok(
        &db,
        &[
            "account",
            "renewal",
            "@mercy",
            "renewed",
            "--on",
            "yesterday",
        ],
    );
    assert!(
        out.contains("@mercy renewed on Mon 23 Nov · next renewal Fri 30 Jun 2028"),
        "{out}"
    );
    let shown = json(&db, &["account", "show", "@mercy", "--json"]);
    assert_eq!(shown["account"]["renewal"], "2028-06-30");
    assert_eq!(shown["account"]["renewals"][0]["outcome"], "renewed");
    assert_eq!(shown["account"]["renewals"][0]["due"], "2027-06-30");
    assert!(ok(&db, &["account", "show", "@mercy"]).contains("renewals: renewed Mon 23 Nov"));

    ok(&db, &["account", "renewal", "@stlukes", "churned"]);
    assert!(renewal_items(&db).is_empty(), "settled: nothing left to do");
    let stats = json(&db, &["stats", "--json"]);
    assert_eq!(stats["totals"]["retention"]["renewed"], 1);
    assert_eq!(stats["totals"]["retention"]["churned"], 1);
    let ravi = |db: &TempDb| {
        json(db, &["directors", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Ravi Menon")
            .map(|p| p["retention"].clone())
    };
    assert_eq!(ravi(&db).unwrap()["churned"], 1);
    // Archiving the churned account does not lift Ravi's retention.
    ok(&db, &["account", "archive", "@stlukes"]);
    let stats = json(&db, &["stats", "--json", "--owner", "Ravi Menon"]);
    assert_eq!(stats["totals"]["retention"]["churned"], 1, "{stats}");
    assert!(ok(&db, &["stats"]).contains("retention over the last year: 50% (1 of 2 kept)"));

    // Nothing settled ahead of today; the next renewal comes after it.
    let bad = saydo(
        &db,
        &[
            "account",
            "renewal",
            "@mercy",
            "expanded",
            "--on",
            "2026-12-30",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("is in the future"),
        "{}",
        stderr(&bad)
    );
    let bad = saydo(
        &db,
        &[
            "account",
            "renewal",
            "@mercy",
            "expanded",
            "--next",
            "2026-01-01",
        ],
    );
    assert!(
        stderr(&bad).contains("the next renewal comes after this one"),
        "{}",
        stderr(&bad)
    );
    let bad = saydo(&db, &["account", "renewal", "@mercy", "maybe"]);
    assert!(
        stderr(&bad).contains("not a renewal outcome; one of renewed, expanded, churned"),
        "{}",
        stderr(&bad)
    );
    // Undo takes the outcome back, the renewal date with it.
    ok(&db, &["undo"]);
    ok(&db, &["undo"]);
    let shown = json(&db, &["account", "show", "@stlukes", "--json"]);
    assert_eq!(shown["account"]["renewal"], "2026-11-10", "{shown}");
}

#[test]
fn the_stages_questions_are_a_checklist_whose_answers_are_kept() {
    let db = temp_db();
    setup(&db);
    let show = ok(&db, &["account", "show", "@mercy"]);
    assert!(
        show.contains(
            "In Implementation, check (0 of 3 answered; `saydo account answer @mercy N \"…\"`):"
        ),
        "{show}"
    );
    let out = ok(
        &db,
        &[
            "account",
            "answer",
            "@mercy",
            "2",
            "Dr Lee owns it; success is same-day reads",
        ],
    );
    assert!(
        out.contains("@mercy answered: Who on their side owns go-live"),
        "{out}"
    );
    let show = ok(&db, &["account", "show", "@mercy"]);
    assert!(show.contains("(1 of 3 answered;"), "{show}");
    assert!(
        show.contains("  2. ✓ Who on their side owns go-live, and what would make it a success in their words? — “Dr Lee owns it; success is same-day reads” (Tue 24 Nov)"),
        "{show}"
    );
    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    assert!(
        brief.contains("- [x] Who on their side owns go-live"),
        "{brief}"
    );
    assert!(
        brief.contains("- [ ] Which moments of truth could derail"),
        "{brief}"
    );
    // The answer stays with its stage: moving on shows the next stage's.
    ok(&db, &["stage", "set", "@mercy", "Adoption"]);
    assert!(ok(&db, &["account", "show", "@mercy"]).contains("(0 of 3 answered;"));
    let kept = json(&db, &["account", "show", "@mercy", "--json"]);
    assert_eq!(kept["account"]["answers"][0]["stage"], "Implementation");
    let bad = saydo(&db, &["account", "answer", "@mercy", "7", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("7: not one of the 3 questions of Adoption at @mercy"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn the_stakeholder_layers_are_the_teams_own() {
    let db = temp_db();
    std::fs::write(
        db.dir.path().join("config.toml"),
        "layers = [\"payer\", \"pharmacist\", \"physician\", \"patient\"]\n",
    )
    .unwrap();
    setup(&db);
    ok(
        &db,
        &[
            "stakeholder",
            "add",
            "@mercy",
            "Nordic Health Fund",
            "--layer",
            "Payer",
        ],
    );
    ok(
        &db,
        &["stakeholder", "add", "@mercy", "Dr Lee", "--layer", "md"],
    );
    let bad = saydo(
        &db,
        &["stakeholder", "add", "@mercy", "Ana", "--layer", "nursing"],
    );
    assert_eq!(
        stderr(&bad),
        "saydo: `--layer nursing`: not a layer; one of payer, pharmacist, physician, patient\n"
    );
    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    assert!(brief.contains("### Physician\n\n- **Dr Lee**"), "{brief}");
    assert!(
        brief.contains("### Payer\n\n- **Nordic Health Fund**"),
        "{brief}"
    );
    assert!(ok(&db, &["config"]).contains("payer, pharmacist, physician, patient"));
    // The book's layers go round through TOML, checked against the config's.
    let file = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("layer = \"payer\""), "{text}");
    std::fs::write(
        db.dir.path().join("config.toml"),
        "layers = [\"physician\"]\n",
    )
    .unwrap();
    let other = temp_db();
    std::fs::write(
        other.dir.path().join("config.toml"),
        "layers = [\"physician\"]\n",
    )
    .unwrap();
    let refused = saydo(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("layer = \"payer\": not a layer; one of physician"),
        "{}",
        stderr(&refused)
    );
    // A config with the same layer twice is named, and the defaults hold.
    std::fs::write(
        db.dir.path().join("config.toml"),
        "layers = [\"payer\", \"Payer\"]\n",
    )
    .unwrap();
    let warned = saydo(&db, &["config"]);
    assert!(
        stderr(&warned).contains("layers[1]: the layer Payer is listed twice"),
        "{}",
        stderr(&warned)
    );
}

#[test]
fn a_metric_is_a_cpi_only_once_the_customer_said_so_and_values_it() {
    let db = temp_db();
    setup(&db);
    ok(
        &db,
        &[
            "metric",
            "add",
            "@mercy",
            "Door-to-needle",
            "--direction",
            "lower",
            "--unit",
            "min",
            "--words",
            "Drug within 45 minutes",
        ],
    );
    let show = ok(&db, &["metric", "show", "@mercy", "door"]);
    assert!(
        show.contains("assumed: not yet said — who said it, when, that they value it"),
        "{show}"
    );
    let list = ok(&db, &["metric", "list", "@mercy"]);
    assert!(
        list.lines().nth(1).unwrap().ends_with("\tassumed"),
        "{list}"
    );
    let num = json(&db, &["metric", "list", "@mercy", "--json"])[0]["metric"]["num"].to_string();
    ok(
        &db,
        &[
            "metric",
            "edit",
            &num,
            "--said-by",
            "Dr Lee",
            "--said-on",
            "2026-11-02",
        ],
    );
    assert!(
        ok(&db, &["metric", "show", &num]).contains("assumed: not yet said — that they value it")
    );
    ok(&db, &["metric", "edit", &num, "--valued", "yes"]);
    let show = ok(&db, &["metric", "show", &num]);
    assert!(
        show.contains("CPI: Dr Lee said so on Mon 2 Nov and that they value it"),
        "{show}"
    );
    assert!(ok(&db, &["metric", "list", "@mercy"])
        .lines()
        .nth(1)
        .unwrap()
        .ends_with("\tCPI"));
    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    assert!(
        brief.contains("| CPI: Dr Lee said so on Mon 2 Nov and that they value it |"),
        "{brief}"
    );
    // Said ahead of today, or a word that is not yes or no, is refused.
    let bad = saydo(&db, &["metric", "edit", &num, "--said-on", "2026-12-24"]);
    assert!(
        stderr(&bad).contains("is in the future"),
        "{}",
        stderr(&bad)
    );
    let bad = saydo(&db, &["metric", "edit", &num, "--valued", "maybe"]);
    assert_eq!(
        stderr(&bad),
        "saydo: `--valued maybe`: say yes or no (did they say they value it?)\n"
    );
    // It goes round through TOML.
    let book = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", book.to_str().unwrap()]);
    let text = std::fs::read_to_string(&book).unwrap();
    assert!(
        text.contains("said_by = \"Dr Lee\"\nsaid_on = 2026-11-02\nvalued = true"),
        "{text}"
    );
    let other = temp_db();
    ok(&other, &["import", book.to_str().unwrap()]);
    let m = &json(&other, &["metric", "list", "--json"])[0]["metric"];
    assert_eq!(m["voice"]["by"], "Dr Lee");
    assert_eq!(m["voice"]["valued"], true);
}
