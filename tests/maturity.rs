//! Engagement maturity end to end: assessed from the command line and in
//! the TUI's form, shown on the account, rolled up by market and by tag
//! group in `saydo maturity`, the heat screen and the report; the config's
//! own scale; TOML carries it.

mod common;

use common::tui::*;
use common::*;
use saydo::app::{Overlay, Screen};

fn fails(db: &TempDb, args: &[&str]) -> String {
    let o = saydo(db, args);
    assert_eq!(o.status.code(), Some(2), "saydo {args:?}: {}", stdout(&o));
    stderr(&o)
}

#[test]
fn assessed_from_the_command_line_and_rolled_up_by_market_and_therapeutic_area() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let by_market = ok(&db, &["maturity"]);
    let head = by_market.lines().next().unwrap();
    assert_eq!(
        head,
        "market\taccounts\tHow we measure success\tCommon behaviours\tCustomer insight"
    );
    assert!(by_market.contains("\nUK & Ireland\t"), "{by_market}");
    let by_area = ok(&db, &["maturity", "--by", "therapeutic area"]);
    assert!(
        by_area.starts_with("Therapeutic area\taccounts\t"),
        "{by_area}"
    );
    assert!(by_area.contains("\noncology\t"), "{by_area}");
    let e = fails(&db, &["maturity", "--by", "segment"]);
    assert!(
        e.contains("by market or a tag group of the config: market, \"Therapeutic area\""),
        "{e}"
    );

    let e = fails(&db, &["account", "assess", "@mercy", "Insight=2"]);
    assert!(e.contains("`Insight` is not a dimension of the maturity scale; the config's: How we measure success"), "{e}");
    let e = fails(&db, &["account", "assess", "@mercy", "customer insight=9"]);
    assert!(
        e.contains("give 1 to 5 or a name: 1 Unaware, 2 Reactive"),
        "{e}"
    );
    let e = fails(&db, &["account", "assess", "@mercy", "customer insight"]);
    assert!(e.contains("give DIMENSION=LEVEL"), "{e}");
    ok(
        &db,
        &[
            "account",
            "assess",
            "@mercy",
            "Customer insight=leading",
            "--note",
            "after the workshop",
        ],
    );
    let show = ok(&db, &["account", "show", "@mercy"]);
    let line = show
        .lines()
        .find(|l| l.starts_with("maturity: "))
        .expect(&show);
    assert!(
        line.contains("Customer insight 5 Leading (since Tue 24 Nov, was 1)"),
        "{line}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(&db, &["maturity", "--json"])).unwrap();
    assert_eq!(json["by"], "market");
    assert_eq!(json["levels"][4], "Leading");
    let na = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "North America")
        .unwrap();
    assert_eq!(na["cells"].as_array().unwrap().len(), 3);

    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    assert!(
        brief.contains("## Engagement maturity\n\n- How we measure success: "),
        "{brief}"
    );
    assert!(
        brief.contains(
            "- Customer insight: 5 Leading (since Tue 24 Nov 2026, was 1) — after the workshop"
        ),
        "{brief}"
    );
    let report = ok(&db, &["export", "--format", "md"]);
    let section = &report[report.find("## Engagement maturity").expect("the section")..];
    assert!(
        section.contains("By market:\n\n| market | Accounts | How we measure success |"),
        "{section}"
    );
    assert!(
        section.contains("By Therapeutic area:\n\n| Therapeutic area | Accounts |"),
        "{section}"
    );

    // TOML keeps each assessment; a level of 0 is named at its key.
    let out = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("assessments = [{ dimension = \"How we measure success\", level = "));
    assert!(text.contains(", note = \"after the workshop\" }"));
    let bad = db.dir.path().join("bad.toml");
    std::fs::write(&bad, text.replacen("level = 1,", "level = 0,", 1)).unwrap();
    let fresh = temp_db();
    let o = saydo(&fresh, &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("assessments: an assessment needs a dimension and a level from 1 to 10"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_config_names_its_own_scale_and_tag_groups_and_a_bad_one_is_named() {
    let db = temp_db();
    ok(&db, &["demo"]);
    std::fs::write(
        db.dir.path().join("config.toml"),
        "[maturity]\nlevels = [{ name = \"Low\" }, { name = \"Mid\" }, { name = \"High\" }]\n\
         dimensions = [\"Trust\"]\n\n[tag_groups]\nSegment = [\"oncology\", \"radiology\"]\n",
    )
    .unwrap();
    ok(&db, &["account", "assess", "@mercy", "trust=high"]);
    let heat = ok(&db, &["maturity", "--by", "segment"]);
    assert_eq!(heat.lines().next().unwrap(), "Segment\taccounts\tTrust");
    assert!(heat.contains("3.0 (1)"), "{heat}");
    std::fs::write(
        db.dir.path().join("config.toml"),
        "[maturity]\nlevels = [{ name = \"Only\" }]\n",
    )
    .unwrap();
    let o = saydo(&db, &["maturity"]);
    assert!(
        stderr(&o).contains("maturity.levels: a scale has 2 to 10 levels, not 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_tui_assesses_an_account_shows_its_levels_and_the_heat_table() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let mut app = app_on(&db, "Dana Cole");
    let mercy = app.store.account("mercy").unwrap().unwrap().num;
    app.open_account(mercy, saydo::app::account::Tab::Overview);
    let s = render(&app, 140, 60).join("\n");
    assert!(s.contains("Engagement maturity"), "{s}");
    assert!(
        row_with(&s, "Common behaviours").contains("1 Unaware since"),
        "{s}"
    );

    keys(&mut app, "=");
    let Overlay::Form(f) = &app.overlay else {
        panic!("the assessment form: {}", screen(&app))
    };
    assert!(
        f.title.contains("@mercy: engagement maturity"),
        "{}",
        f.title
    );
    // Dimension 2 is common behaviours: two levels up, then saved.
    keys(&mut app, "<tab><right><right><ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let a = app.store.account("mercy").unwrap().unwrap();
    let s = saydo::domain::maturity::standing(&a.assessments, "Common behaviours").unwrap();
    assert_eq!((s.latest.level, s.latest.on), (3, TODAY));
    // Only the dimension that changed is a new assessment.
    let m = saydo::domain::maturity::standing(&a.assessments, "How we measure success").unwrap();
    assert_ne!(m.latest.on, TODAY);
    let s = render(&app, 140, 60).join("\n");
    assert!(
        row_with(&s, "Common behaviours").contains("3 Developing since"),
        "{s}"
    );
    assert!(row_with(&s, "Common behaviours").contains("(was 1)"), "{s}");

    keys(&mut app, "U");
    assert_eq!(app.screen, Screen::Maturity);
    let s = render(&app, 140, 40).join("\n");
    assert!(
        s.contains("Engagement maturity · by market · 34 accounts assessed"),
        "{s}"
    );
    assert!(
        row_with(&s, "Market").contains("How we measure success"),
        "{s}"
    );
    assert!(row_with(&s, "North America").contains("("), "{s}");
    keys(&mut app, "b");
    let s = render(&app, 140, 40).join("\n");
    assert!(s.contains("by Therapeutic area"), "{s}");
    assert!(s.contains("oncology"), "{s}");
    assert!(render(&app, 80, 24)
        .join("\n")
        .contains("Engagement maturity"));

    // The portfolio groups by the therapeutic area too.
    keys(&mut app, "H");
    // Owner, stage, region, therapeutic area.
    keys(&mut app, "bbbb");
    let s = screen(&app);
    assert!(s.contains("by therapeutic area"), "{s}");
    assert!(s.contains("▸ oncology ("), "{s}");
}
