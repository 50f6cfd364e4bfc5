//! The partners register end to end through the command line: partners
//! and their KPIs, metrics aligned with them, the report, the exchange
//! files, removal and undo.

mod common;

use common::*;

fn fails(db: &TempDb, args: &[&str]) -> String {
    let o = saydo(db, args);
    assert_eq!(o.status.code(), Some(2), "saydo {args:?}: {}", stdout(&o));
    stderr(&o)
}

/// The first metric on @mercy.
fn first_metric(db: &TempDb) -> String {
    let list = ok(db, &["metric", "list", "@mercy", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    v[0]["metric"]["num"].to_string()
}

#[test]
fn a_partner_is_added_metrics_are_aligned_with_its_kpis_and_the_report_shows_both_sides() {
    let db = temp_db();
    ok(&db, &["demo"]);
    // The demo's register: every partner has a KPI no metric serves.
    let list = ok(&db, &["partner", "list"]);
    assert!(list.contains("Medical Affairs"), "{list}");
    assert!(list.contains("HCP education reach"), "{list}");

    ok(
        &db,
        &[
            "partner",
            "add",
            "Supply",
            "--function",
            "supply chain",
            "--owner",
            "Priya Shah",
            "--kpi",
            "fill rate",
            "--kpi",
            "OTIF; backorders",
        ],
    );
    let e = fails(&db, &["partner", "add", "supply"]);
    assert!(e.contains("in the partners register already"), "{e}");

    let m = first_metric(&db);
    let e = fails(&db, &["metric", "edit", &m, "--partner", "Nope"]);
    assert!(
        e.contains("no partner named `Nope`; the register has: "),
        "{e}"
    );
    let e = fails(
        &db,
        &["metric", "edit", &m, "--partner", "Supply", "--kpi", "cost"],
    );
    assert!(e.contains("their KPIs: fill rate; OTIF; backorders"), "{e}");
    ok(
        &db,
        &[
            "metric",
            "edit",
            &m,
            "--partner",
            "supply",
            "--kpi",
            "Fill rate",
        ],
    );
    let shown = ok(&db, &["metric", "show", &m]);
    assert!(shown.contains("serves Supply · Fill rate"), "{shown}");

    let show = ok(&db, &["partner", "show", "Supply"]);
    assert!(show.contains("KPI fill rate\n  #"), "{show}");
    assert!(
        show.contains("KPI OTIF\n  no customer metric beside it"),
        "{show}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["partner", "show", "Supply", "--json"])).unwrap();
    assert_eq!(json["aligned"][0]["metrics"][0]["account_handle"], "mercy");
    assert_eq!(json["unserved"], serde_json::json!(["OTIF", "backorders"]));

    // A KPI a metric serves stays; one nobody serves may go.
    let e = fails(
        &db,
        &["partner", "edit", "Supply", "--drop-kpi", "fill rate"],
    );
    assert!(
        e.contains("keep that KPI, or align the metric elsewhere first"),
        "{e}"
    );
    ok(
        &db,
        &["partner", "edit", "Supply", "--drop-kpi", "backorders"],
    );

    let report = ok(&db, &["export", "--format", "md"]);
    let section = &report[report.find("## Business partners").expect("the section")..];
    assert!(
        section.contains("| Supply | Priya Shah | fill rate | "),
        "{section}"
    );
    assert!(section.contains("| Supply | Priya Shah | OTIF | — no customer metric beside it |"));
    assert!(section.contains("KPIs with no customer metric beside them: "));

    // Removed, the metric keeps its KPI's name as ours; undo brings it back.
    let out = ok(&db, &["partner", "remove", "Supply"]);
    assert!(
        out.contains("remove partner Supply (unaligning 1 metric)"),
        "{out}"
    );
    let shown = ok(&db, &["metric", "show", &m]);
    assert!(
        shown.contains("lines up with our KPI: Fill rate"),
        "{shown}"
    );
    ok(&db, &["undo"]);
    assert!(ok(&db, &["metric", "show", &m]).contains("serves Supply · Fill rate"));
}

#[test]
fn partners_and_alignments_go_round_through_toml_and_into_csv() {
    let src = temp_db();
    ok(&src, &["demo"]);
    let first = src.dir.path().join("first.toml");
    ok(&src, &["export", "--out", first.to_str().unwrap()]);
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.contains("[[partner]]\nid = "), "partners are exported");
    assert!(
        text.contains("\npartner = \"Medical Affairs\"\n"),
        "and metrics name theirs"
    );

    let dst = temp_db();
    let out = ok(&dst, &["import", first.to_str().unwrap()]);
    assert!(out.contains(", 4 partners, "), "{out}");
    assert_eq!(
        ok(&src, &["partner", "list", "--json"]),
        ok(&dst, &["partner", "list", "--json"])
    );

    // A metric naming a partner that is not there, or a KPI not theirs,
    // is named with its line; nothing is imported.
    for (from, to, says) in [
        (
            "partner = \"Medical Affairs\"",
            "partner = \"Medical Afairs\"",
            "partner = \"Medical Afairs\": no [[partner]] of that name",
        ),
        (
            "kpi = \"Time to treatment\"\npartner",
            "kpi = \"Time to treat\"\npartner",
            "Medical Affairs does not answer for `Time to treat`",
        ),
    ] {
        let bad = src.dir.path().join("bad.toml");
        std::fs::write(&bad, text.replacen(from, to, 1)).unwrap();
        let fresh = temp_db();
        let o = saydo(&fresh, &["import", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }

    let dir = src.dir.path().join("csv");
    ok(
        &src,
        &["export", "--format", "csv", "--out", dir.to_str().unwrap()],
    );
    let partners = std::fs::read_to_string(dir.join("partners.csv")).unwrap();
    assert!(
        partners.starts_with("id,name,function,owner,kpis\r\n"),
        "{partners}"
    );
    assert!(partners.contains(",Medical Affairs,clinical education and evidence,Priya Shah,Time to treatment; HCP education reach\r\n"));
    let metrics = std::fs::read_to_string(dir.join("metrics.csv")).unwrap();
    assert!(metrics.lines().next().unwrap().ends_with(",valued,partner"));
}
