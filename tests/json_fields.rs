//! The field names of every `--json` listing, kept stable: scripts depend
//! on them. A field renamed or dropped fails here; one added is added here
//! (and to README's "JSON" section) on purpose.

mod common;

use common::*;

fn keys(db: &TempDb, args: &[&str]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&ok(db, args)).unwrap();
    let first = match &v {
        serde_json::Value::Array(a) => a.first().cloned().unwrap_or_default(),
        other => other.clone(),
    };
    let mut k: Vec<String> = first
        .as_object()
        .unwrap_or_else(|| panic!("{args:?}: an object, got {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

#[test]
fn every_listings_fields_are_as_documented() {
    let db = temp_db();
    common::tui::fixture(&db);
    let expect: &[(&[&str], &[&str])] = &[
        (
            &["account", "list", "--json"],
            &[
                "account",
                "days_in_stage",
                "days_since_visit",
                "due_within_7d",
                "metrics",
                "metrics_off_track",
                "metrics_on_track",
                "open",
                "overdue",
                "say_do",
                "signals",
                "visits",
            ],
        ),
        (
            &["commit", "list", "--all", "--json"],
            &[
                "account",
                "account_handle",
                "agreed_due",
                "due_on",
                "id",
                "made_on",
                "num",
                "owner",
                "reason",
                "renegotiations",
                "resolved_on",
                "status",
                "to_whom",
                "visit",
                "what",
            ],
        ),
        (
            &["visit", "list", "--json"],
            &[
                "account",
                "account_handle",
                "feedback",
                "id",
                "intent",
                "kind",
                "notes",
                "num",
                "on",
                "ours",
                "theirs",
            ],
        ),
        (
            &["stakeholder", "list", "--json"],
            &[
                "account", "contact", "id", "layer", "name", "notes", "num", "peers", "role",
            ],
        ),
        (
            &["metric", "list", "--json"],
            &["latest", "metric", "progress", "signals", "track"],
        ),
        (
            &["attention", "--json"],
            &[
                "account",
                "account_handle",
                "days",
                "kind",
                "subject",
                "what",
                "when",
            ],
        ),
        (
            &["signal", "list", "--json"],
            &[
                "account",
                "account_handle",
                "better",
                "metric",
                "metric_name",
                "note",
                "on",
                "rule",
                "value",
            ],
        ),
        (&["trends", "--json"], &["months", "rows"]),
        (&["lifecycle", "--json"], &["overstays", "stages"]),
        (
            &["directors", "--json"],
            &[
                "accounts",
                "accounts_say_do",
                "name",
                "open",
                "overdue",
                "retention",
                "say_do",
                "unvisited",
                "visits",
            ],
        ),
        (
            &["stats", "--json"],
            &["people", "today", "totals", "unvisited_days", "window_days"],
        ),
        (&["paths", "--json"], &["config", "data"]),
        (
            &["overview", "--json"],
            &[
                "attention",
                "today",
                "totals",
                "unvisited_days",
                "window_days",
            ],
        ),
    ];
    for (args, fields) in expect {
        let got = keys(&db, args);
        let want: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want, "saydo {args:?}");
    }
}
