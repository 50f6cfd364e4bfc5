//! Export and import through the spawned binary on real files: the demo
//! round trip byte for byte, importing twice, and broken files that each
//! give their own message and leave the database as it was.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn export(db: &TempDb, name: &str, extra: &[&str]) -> PathBuf {
    let path = db.dir.path().join(name);
    let mut args = vec!["export", "--out", path.to_str().unwrap()];
    args.extend(extra);
    ok(db, &args);
    path
}

fn import(db: &TempDb, file: &Path) -> std::process::Output {
    saydo(db, &["import", file.to_str().unwrap()])
}

/// A demo book exported once, for the broken-file cases.
fn demo_export() -> (TempDb, String) {
    let src = temp_db();
    ok(&src, &["demo"]);
    let path = export(&src, "book.toml", &[]);
    let text = std::fs::read_to_string(path).unwrap();
    (src, text)
}

#[test]
fn the_demo_goes_round_byte_for_byte_and_a_second_import_adds_nothing() {
    let src = temp_db();
    ok(&src, &["demo"]);
    let first = export(&src, "first.toml", &[]);
    let dst = temp_db();
    let out = import(&dst, &first);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("imported 7 people, 40 accounts, "),
        "{}",
        stdout(&out)
    );
    let second = export(&dst, "second.toml", &[]);
    let (a, b) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert!(a == b, "the export after an import is the same file");
    // The figures agree too.
    assert_eq!(
        ok(&src, &["stats", "--json"]),
        ok(&dst, &["stats", "--json"])
    );

    let before = dump(&dst.path);
    let again = import(&dst, &first);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stdout(&again).starts_with("nothing new"),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains("already there, left as they were: 7 people, 40 accounts"));
    assert_same_dump(&before, &dump(&dst.path), "a second import");
}

#[test]
fn one_account_exports_alone_and_imports_into_another_book() {
    let src = temp_db();
    ok(&src, &["demo"]);
    let file = export(&src, "mercy.toml", &["--account", "@mercy"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches("[[account]]").count(), 1);
    assert!(
        !text.contains("[[person]]"),
        "people come with a whole book only"
    );
    let dst = temp_db();
    ok(
        &dst,
        &["account", "add", "Other Clinic", "--handle", "other"],
    );
    let out = import(&dst, &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Everything about the account came along, figures and all (its
    // number differs: the other book had an account first).
    fn without_local_numbers(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for k in ["num", "account", "metric", "visit", "moment"] {
                    if m.get(k).is_some_and(|x| x.is_number() || x.is_null()) {
                        m.remove(k);
                    }
                }
                m.values_mut().for_each(without_local_numbers);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(without_local_numbers),
            _ => {}
        }
    }
    let show = |db: &TempDb| {
        let mut v: serde_json::Value =
            serde_json::from_str(&ok(db, &["account", "show", "@mercy", "--json"])).unwrap();
        without_local_numbers(&mut v);
        v
    };
    let (a, b) = (show(&src), show(&dst));
    assert!(a.to_string().contains("Mercy General Hospital"));
    assert_eq!(a, b);
}

/// Imports `text` into a fresh book with one account in it; the message,
/// after checking that nothing changed.
fn refused(text: &str) -> String {
    let db = temp_db();
    ok(&db, &["account", "add", "Keep Me", "--handle", "keep"]);
    let before = dump(&db.path);
    let file = db.dir.path().join("broken.toml");
    std::fs::write(&file, text).unwrap();
    let out = import(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert_same_dump(&before, &dump(&db.path), "a refused import");
    let err = stderr(&out);
    assert!(err.contains("nothing imported"), "{err}");
    err
}

#[test]
fn a_file_cut_anywhere_imports_nothing() {
    let (_src, text) = demo_export();
    // Deterministic "random" offsets across the file, on char boundaries.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..12 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut at = (x % text.len() as u64) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let err = refused(&text[..at]);
        assert!(
            err.contains("cut short") || err.contains("expected"),
            "cut at {at}: {err}"
        );
    }
    // Cut exactly between two records: still caught.
    let at = text.rfind("\n[[commitment]]").unwrap();
    let err = refused(&text[..at]);
    assert!(
        err.contains("the file stops before its closing [[end]] record: it was cut short"),
        "{err}"
    );
}

#[test]
fn wrong_types_unknown_handles_duplicate_ids_and_impossible_dates() {
    let (_src, text) = demo_export();
    // A value that is not a number, with its line and column.
    let line_of = |t: &str, needle: &str| t[..t.find(needle).unwrap()].matches('\n').count() + 1;
    let first_value = text.find("\nvalue = ").unwrap() + 1;
    let line_end = first_value + text[first_value..].find('\n').unwrap();
    let bad = format!(
        "{}value = \"fifty\"{}",
        &text[..first_value],
        &text[line_end..]
    );
    let err = refused(&bad);
    let line = line_of(&bad, "value = \"fifty\"");
    assert!(
        err.contains(&format!(
            ":{line}:9: [[measurement]]: invalid type: string \"fifty\", expected f64"
        )),
        "{err}"
    );

    let bad = text.replacen("account = \"mercy\"", "account = \"nowhere\"", 1);
    let err = refused(&bad);
    assert!(
        err.contains(
            "account = \"nowhere\": no account has this handle, here or earlier in the file"
        ),
        "{err}"
    );

    // The second visit takes the first one's id.
    let ids: Vec<&str> = text
        .split("[[visit]]\nid = ")
        .skip(1)
        .take(2)
        .map(|s| &s[..38])
        .collect();
    let bad = text.replacen(ids[1], ids[0], 1);
    let err = refused(&bad);
    assert!(
        err.contains("an earlier [[visit]] in this file has the same id; ids must be unique"),
        "{err}"
    );

    let due = text.find("\ndue = ").unwrap() + 1;
    let end = due + text[due..].find('\n').unwrap();
    let bad = format!("{}due = 2026-02-30{}", &text[..due], &text[end..]);
    let err = refused(&bad);
    assert!(err.contains("[[commitment]]: invalid date"), "{err}");

    let bad = text.replacen("layer = \"physician\"", "layer = \"surgeon\"", 1);
    let err = refused(&bad);
    assert!(
        err.contains("layer = \"surgeon\": not a layer; one of physician, nursing"),
        "{err}"
    );

    let bad = text.replacen("[[moment]]", "[[moments]]", 1);
    assert!(refused(&bad).contains("[[moments]]: not a kind of record"));

    let err = refused("name = \"not an export\"\n");
    assert!(err.contains("not a saydo file"), "{err}");

    // Problems are all listed, not just the first.
    let bad = text
        .replacen("layer = \"physician\"", "layer = \"surgeon\"", 1)
        .replacen("severity = \"", "severity = \"x", 1);
    let err = refused(&bad);
    assert!(
        err.contains("not a layer") && err.contains("not a severity"),
        "{err}"
    );
}

#[test]
fn an_export_that_fails_leaves_no_file_behind() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let missing = db.dir.path().join("no-such-folder").join("book.toml");
    let out = saydo(&db, &["export", "--out", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-folder"), "{}", stderr(&out));
    let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_account_brief_and_a_portfolio_report_in_markdown() {
    let db = temp_db();
    common::tui::fixture(&db);
    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    for line in [
        "# Mercy General Hospital (@mercy)",
        "> Every patient treated the day they are diagnosed",
        // One kept on time, one broken, one open and overdue: 1 of 3.
        "- Say/do: 33% (1 of 3 kept on time)",
        "- Open commitments: 2 · overdue: 1",
        "### Physician",
        "- **Dr Helen Lee** — Head of Radiology · lee@mercy.example",
        "| Door-to-needle time | Drug within 45 minutes of arrival | 62 min | 79 min | 45 min by Fri 1 Jan 2027 |",
        "| Train the night shift |",
    ] {
        assert!(brief.contains(line), "{line:?} in\n{brief}");
    }
    let report = ok(&db, &["export", "--format", "md"]);
    assert!(
        report.contains("| Dana Cole | 2 | 33% (1 of 3 kept on time) |"),
        "{report}"
    );
    assert!(
        report.contains("| Müller Klinik (@muller) | Dana Cole |"),
        "{report}"
    );
    let file = db.dir.path().join("brief.md");
    ok(
        &db,
        &[
            "export",
            "--format",
            "md",
            "--account",
            "@mercy",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(file).unwrap(), brief);
}

#[test]
fn csv_files_one_per_kind_for_spreadsheets() {
    let db = temp_db();
    common::tui::fixture(&db);
    let dir = db.dir.path().join("csv");
    let out = ok(
        &db,
        &["export", "--format", "csv", "--out", dir.to_str().unwrap()],
    );
    assert!(out.starts_with("wrote people.csv, accounts.csv"), "{out}");
    let accounts = std::fs::read_to_string(dir.join("accounts.csv")).unwrap();
    let mut lines = accounts.lines();
    assert_eq!(
        lines.next(),
        Some("id,handle,name,owner,region,tags,stage,stage_since,renewal,why,archived,visit_every_days,stage_days,paused_until,key_dates,renewals")
    );
    assert_eq!(accounts.lines().count(), 4, "a header and three accounts");
    assert!(accounts.contains(",stlukes,St Luke's Cancer Centre,Ravi Menon,UK & Ireland,"));
    let commitments = std::fs::read_to_string(dir.join("commitments.csv")).unwrap();
    assert!(commitments.contains(",mercy,Train the night shift,Dr Lee,Dana Cole,2026-11-01,2026-11-20,2026-11-20,,open,,,0"), "{commitments}");
    let out = saydo(&db, &["export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("name a folder with --out DIR"));
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_its_line() {
    let db = temp_db();
    let f = db.dir.path().join("latin1.toml");
    std::fs::write(
        &f,
        b"saydo = 1\n[[person]]\nid = \"x\"\nname = \"M\xfcller\"\n",
    )
    .unwrap();
    let out = saydo(&db, &["import", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(e.contains("latin1.toml:4:1: not UTF-8 text"), "{e}");
}

#[test]
fn the_portfolio_report_is_a_business_review() {
    let db = temp_db();
    common::tui::fixture(&db);
    let report = ok(&db, &["export", "--format", "md"]);
    for line in [
        "## Trend",
        "| Dana Cole | 33% (1 of 3 kept on time) |",
        "## Account reviews",
        "### Mercy General Hospital (@mercy) · Dana Cole",
        "- Say/do: 33% (1 of 3 kept on time) — before:",
        "- Kept in the period: #1 Send the dosing report (on time,",
        "- Broken in the period: #2 Fix the detector (",
        "- Signals in the period:",
        "  - Door-to-needle time: ",
        "- Metrics:",
    ] {
        assert!(report.contains(line), "{line:?} in\n{report}");
    }
}

#[test]
fn the_calendar_is_valid_rfc_5545_with_every_due_commitment_and_renewal() {
    use icalendar::Component;
    let db = temp_db();
    common::tui::fixture(&db);
    let text = ok(&db, &["export", "--format", "ics"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(
        text.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
        "folded at 75 octets"
    );
    let cal: icalendar::Calendar = text.parse().expect("parses back as iCalendar");
    let events: Vec<&icalendar::Event> =
        cal.components.iter().filter_map(|c| c.as_event()).collect();
    let summaries: Vec<String> = events
        .iter()
        .filter_map(|e| e.get_summary().map(str::to_string))
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s == "Due: Share the benchmark (@mercy)"),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|s| s == "Due: Train the night shift (@mercy)"),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("Renewal: Mercy General Hospital")),
        "{summaries:?}"
    );
    assert!(
        !summaries
            .iter()
            .any(|s| s.contains("Send the dosing report")),
        "kept ones are not due"
    );
    // UIDs are the records' own: importing again updates, never doubles.
    let uids: std::collections::HashSet<_> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), events.len());
    // One account's calendar has only its events, and a file keeps the same text.
    let mine = ok(&db, &["export", "--format", "ics", "--account", "@stlukes"]);
    assert!(!mine.contains("@mercy"), "{mine}");
    let file = db.dir.path().join("saydo.ics");
    ok(
        &db,
        &["export", "--format", "ics", "--out", file.to_str().unwrap()],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_crm_csv_of_accounts_then_contacts_imports_all_or_nothing() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(
        &accounts,
        "Account Name,Account Owner,Billing Country,Industry,Renewal Date,Website\r\n\
         Klinikum Nord,Dana Cole,Germany,Oncology,2027-03-31,https://nord.example\r\n\
         \"Hôpital Saint-Jean, Lyon\",Dana Cole,France,Radiology,,\r\n",
    )
    .unwrap();
    let said = ok(&db, &["import", accounts.to_str().unwrap(), "--dry-run"]);
    assert!(
        said.contains("2 accounts would be made (dry run: nothing written)"),
        "{said}"
    );
    assert!(said.contains("@klinikum-nord (Klinikum Nord)"), "{said}");
    assert!(
        ok(&db, &["account", "list"]).lines().count() <= 1,
        "nothing written"
    );
    let said = ok(&db, &["import", accounts.to_str().unwrap()]);
    assert!(said.contains("imported 2 accounts"), "{said}");
    let shown = ok(&db, &["account", "show", "@klinikum-nord", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["account"]["region"], "Germany");
    assert_eq!(v["account"]["renewal"], "2027-03-31");

    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        "First Name,Last Name,Job Title,Email,Company Name\n\
         Anna,Weber,Head of Oncology,weber@nord.example,Klinikum Nord\n\
         Luc,Martin,CIO,martin@sj.example,\"Hôpital Saint-Jean, Lyon\"\n",
    )
    .unwrap();
    let said = ok(&db, &["import", contacts.to_str().unwrap()]);
    assert!(said.contains("imported 2 stakeholders"), "{said}");
    assert!(ok(&db, &["stakeholder", "list", "@klinikum-nord"]).contains("Anna Weber"));

    // One bad line: nothing of the file, every problem with line and column.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Account Name,Renewal Date\nGood Clinic,2027-01-01\nBad Clinic,31-31\nKlinikum Nord,\n",
    )
    .unwrap();
    let o = saydo(&db, &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("bad.csv:3:2: renewal"), "{e}");
    assert!(e.contains("bad.csv:4:1: @klinikum-nord is taken"), "{e}");
    assert!(
        !ok(&db, &["account", "list"]).contains("Good Clinic"),
        "all or nothing"
    );
    // A header it does not know is named with --map.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "Hospital,KAM\nSankt Georg,Dana Cole\n").unwrap();
    let o = saydo(&db, &["import", odd.to_str().unwrap()]);
    assert!(stderr(&o).contains("--map name=HEADER"), "{}", stderr(&o));
    let said = ok(
        &db,
        &[
            "import",
            odd.to_str().unwrap(),
            "--map",
            "name=Hospital,owner=KAM",
        ],
    );
    assert!(said.contains("imported 1 account"), "{said}");
}

#[test]
fn the_brief_tells_the_stages_moments_promises_settled_and_signals_noted() {
    let db = temp_db();
    common::tui::fixture(&db);
    ok(
        &db,
        &["stage", "set", "@mercy", "adoption", "--on", "2026-11-02"],
    );
    let brief = ok(&db, &["export", "--format", "md", "--account", "@mercy"]);
    for line in [
        "## Stages",
        "- Implementation: from Mon 1 Jun 2026 · 154 days",
        "- Adoption: from Mon 2 Nov 2026 · 22 days so far",
        "## Moments of truth",
        "## Kept and broken in the last",
        "broken #",
    ] {
        assert!(brief.contains(line), "{line:?} in\n{brief}");
    }
    // The account's overview shows the same way through the stages.
    let mut app = common::tui::app_on(&db, "Dana Cole");
    app.reload();
    let mercy = app
        .store
        .account("mercy")
        .unwrap()
        .expect("the fixture's Mercy");
    app.open_account(mercy.num, saydo::app::account::Tab::Overview);
    let s = common::tui::screen(&app);
    assert!(
        s.contains("Implementation 154d → Adoption 22d (now)"),
        "{s}"
    );
}

#[test]
fn key_dates_go_round_and_a_bad_one_is_named() {
    let (_src, text) = demo_export();
    let kd = text
        .lines()
        .find(|l| l.starts_with("key_dates = { contract = "))
        .unwrap_or_else(|| panic!("the demo's accounts have key dates"));
    assert!(
        kd.contains(", kickoff = ") && kd.contains(", go-live = "),
        "{kd}"
    );
    let bad = text.replacen("key_dates = { contract = ", "key_dates = { fri = ", 1);
    let err = refused(&bad);
    assert!(err.contains("`fri`: that is already a date word"), "{err}");
    let bad = text.replacen(
        "key_dates = { contract = ",
        "key_dates = { contract = \"soon\", x = ",
        1,
    );
    assert!(refused(&bad).contains("[[account]]"));
}

#[test]
fn a_crm_contacts_layer_is_read_against_the_configs_layers() {
    let db = temp_db();
    std::fs::write(
        db.dir.path().join("config.toml"),
        "layers = [\"payer\", \"physician\", \"other\"]\n",
    )
    .unwrap();
    ok(
        &db,
        &[
            "account",
            "add",
            "Klinikum Nord",
            "--handle",
            "klinikum-nord",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        "First Name,Last Name,Department,Company Name\n\
         Nordic,Fund,Payer,Klinikum Nord\n\
         Anna,Weber,MD,Klinikum Nord\n\
         Ben,Roth,Nursing,Klinikum Nord\n",
    )
    .unwrap();
    ok(&db, &["import", contacts.to_str().unwrap()]);
    let list = ok(&db, &["stakeholder", "list", "@klinikum-nord"]);
    let layer_of = |name: &str| {
        list.lines()
            .find(|l| l.contains(name))
            .and_then(|l| l.split('\t').nth(2))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(layer_of("Nordic Fund"), "payer", "{list}");
    assert_eq!(layer_of("Anna Weber"), "physician", "{list}");
    // A layer the config does not name is `other`.
    assert_eq!(layer_of("Ben Roth"), "other", "{list}");
}
