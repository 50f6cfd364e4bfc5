//! Connect end to end: introductions proposed and moved on from the
//! command line and in the account's Connect tab, the suggestions of whom
//! to meet, the brief, the portfolio's count, and the exchange files.

mod common;

use common::tui::*;
use common::*;
use saydo::app::account::Tab;
use saydo::app::Overlay;

fn fails(db: &TempDb, args: &[&str]) -> String {
    let o = saydo(db, args);
    assert_eq!(o.status.code(), Some(2), "saydo {args:?}: {}", stdout(&o));
    stderr(&o)
}

#[test]
fn introductions_are_proposed_moved_on_and_suggested_from_the_command_line() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let out = ok(
        &db,
        &[
            "connect",
            "add",
            "@mercy",
            "--from",
            "Jonas Berg",
            "--to",
            "@stlukes:\"Dr Okafor\"",
            "--for",
            "1",
            "--why",
            "they cut report turnaround by half",
        ],
    );
    assert!(
        out.contains("introduce #9 at @mercy: Jonas Berg → Dr Okafor at @stlukes"),
        "{out}"
    );
    let e = fails(
        &db,
        &[
            "connect",
            "add",
            "@mercy",
            "--from",
            "Jonas Berg",
            "--to",
            "@nowhere:\"X\"",
        ],
    );
    assert!(e.contains("there is no account @nowhere"), "{e}");
    let e = fails(
        &db,
        &[
            "connect",
            "add",
            "@mercy",
            "--from",
            "",
            "--to",
            "Lea Fischer",
        ],
    );
    assert!(
        e.contains("needs the stakeholder of theirs who is introduced"),
        "{e}"
    );
    let e = fails(
        &db,
        &[
            "connect",
            "add",
            "@mercy",
            "--from",
            "Jonas Berg",
            "--to",
            "@stlukes",
        ],
    );
    assert!(e.contains("a peer is @handle:\"Name\""), "{e}");
    let e = fails(&db, &["connect", "set", "9", "maybe"]);
    assert!(
        e.contains("one of proposed, made, happened, helped, did-not-help"),
        "{e}"
    );
    ok(
        &db,
        &[
            "connect",
            "set",
            "9",
            "helped",
            "--follow-up",
            "they share their rota",
        ],
    );
    let list = ok(&db, &["connect", "list", "@mercy"]);
    let row = list.lines().find(|l| l.starts_with("9\t")).expect(&list);
    assert!(row.contains("helped\tTue 24 Nov\tJonas Berg → Dr Okafor at @stlukes\tReport turnaround\tthey share their rota"), "{row}");
    let open = ok(&db, &["connect", "list", "--open", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&open).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["status"] != "helped" && x["status"] != "did-not-help"));

    // Whom they could meet: peers further along, with who will speak, and
    // the owner of the partner whose KPI the metric serves.
    ok(&db, &["stakeholder", "edit", "1", "--peers", "yes"]);
    let e = fails(&db, &["stakeholder", "edit", "1", "--peers", "perhaps"]);
    assert!(e.contains("say yes or no"), "{e}");
    let s = ok(&db, &["connect", "suggest", "@mercy"]);
    assert!(s.starts_with("Report turnaround (#1):\n  @"), "{s}");
    assert!(s.contains(" is further along: "), "{s}");
    assert!(
        s.contains("our Lea Fischer (Applications · Workflow efficiency), whose KPI it serves"),
        "{s}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["connect", "suggest", "@mercy", "--json"])).unwrap();
    assert_eq!(json[0]["metric_name"], "Report turnaround");
    assert!(!json[0]["peers"].as_array().unwrap().is_empty());

    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    assert!(brief.contains("## Connect: introductions\n\n- Jonas Berg → Dr Okafor at @stlukes, for Report turnaround: helped since Tue 24 Nov 2026 — they share their rota"), "{brief}");

    // TOML and CSV carry them.
    let out = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("[[introduction]]\nid = "),
        "introductions exported"
    );
    assert!(text.contains("to_account = \"stlukes\"\nto = \"Dr Okafor\""));
    let fresh = temp_db();
    let got = ok(&fresh, &["import", out.to_str().unwrap()]);
    assert!(got.contains(", 9 introductions"), "{got}");
    let dir = db.dir.path().join("csv");
    ok(
        &db,
        &["export", "--format", "csv", "--out", dir.to_str().unwrap()],
    );
    let csv = std::fs::read_to_string(dir.join("introductions.csv")).unwrap();
    assert!(csv
        .starts_with("id,account,from,to_account,to,metric,why,status,on,status_on,follow_up\r\n"));

    let out = ok(&db, &["connect", "remove", "9"]);
    assert!(out.contains("remove introduction #9 at @mercy"), "{out}");
    ok(&db, &["undo"]);
    assert!(ok(&db, &["connect", "list", "@mercy"]).contains("\n9\t"));
}

#[test]
fn the_connect_tab_lists_introductions_proposes_one_and_suggests_peers() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let mut app = app_on(&db, "Dana Cole");
    let s = screen(&app);
    assert!(
        s.contains("connect: "),
        "the portfolio counts those on their way: {s}"
    );
    let mercy = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(mercy, Tab::Overview);
    keys(&mut app, "7");
    let s = render(&app, 140, 40).join("\n");
    assert!(s.contains("7 Connect"), "{s}");
    let row = row_with(&s, "Jonas Berg → Lea Fischer (ours)");
    assert!(
        row.contains("proposed") && row.contains("Report turnaround"),
        "{row}"
    );
    assert!(s.contains("Whom they could meet"), "{s}");
    assert!(s.contains("further along"), "{s}");
    assert!(
        row_with(&s, "Repeat scan rate: ")
            .contains("our Lea Fischer (Applications · Image quality index), whose KPI it serves"),
        "{s}"
    );

    // n proposes one in its form; an unknown account is named beside it.
    keys(&mut app, "n");
    let Overlay::Form(f) = &app.overlay else {
        panic!("the introduction form: {}", screen(&app))
    };
    assert_eq!(f.title, "New introduction (Connect)");
    keys(&mut app, "Ana Ruiz<tab>@nowhere<tab>Dr Okafor<ctrl-s>");
    let s = screen(&app);
    assert!(s.contains("there is no account @nowhere"), "{s}");
    let Overlay::Form(f) = &mut app.overlay else {
        panic!("kept open, as typed")
    };
    let at = f
        .fields
        .iter()
        .position(|x| x.label == "To account")
        .unwrap();
    f.fields[at].input.set("@stlukes".to_string());
    keys(&mut app, "<ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let s = render(&app, 140, 40).join("\n");
    assert!(
        row_with(&s, "Ana Ruiz → Dr Okafor at @stlukes").contains("proposed"),
        "{s}"
    );
}
