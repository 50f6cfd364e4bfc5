//! The quick-add grammar: accepted lines with what they mean, rejected
//! lines with their exact messages, names resolved against a real store,
//! and a property: no input makes the parser panic.

mod common;

use common::*;
use jiff::civil::date;
use proptest::prelude::*;
use saydo::capture::{parse, plan, Context, Parsed, PlanError, Typed};
use saydo::domain::*;
use saydo::store::{Change, Store};
use uuid::Uuid;

fn ok(line: &str) -> Parsed {
    parse(line, TODAY).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn err(line: &str) -> String {
    match parse(line, TODAY) {
        Ok(p) => panic!("{line} was accepted: {p:?}"),
        Err(e) => {
            assert!(e.span.end <= line.len(), "span inside the line");
            e.message
        }
    }
}

/// The typed account as it sits in `line`.
fn at(line: &str, handle: &str) -> Option<Typed> {
    let start = line.find(&format!("@{handle}")).expect("handle in line");
    Some(Typed {
        text: handle.into(),
        span: start..start + handle.len() + 1,
    })
}

#[test]
fn commit_lines() {
    let line = r#"commit @mercy Send the dosing report to:"Dr Lee" due:fri"#;
    assert_eq!(
        ok(line),
        Parsed::Commit {
            account: at(line, "mercy"),
            what: "Send the dosing report".into(),
            to: "Dr Lee".into(),
            due: date(2026, 11, 27),
            by: None,
            made: None,
            visit: None,
        }
    );
    let line = "commit Call back re: pricing due:+2w by:Lea made:yesterday visit:#12 @stlukes";
    assert_eq!(
        ok(line),
        Parsed::Commit {
            account: at(line, "stlukes"),
            what: "Call back re: pricing".into(),
            to: String::new(),
            due: date(2026, 12, 8),
            by: Some("Lea".into()),
            made: Some(date(2026, 11, 23)),
            visit: Some(12),
        }
    );
    // The account may be left out (the TUI fills in the one in view).
    assert!(matches!(
        ok("commit Send it due:eow"),
        Parsed::Commit { account: None, .. }
    ));
    // Quoted text keeps @ and colons; a URL stays text.
    match ok(r#"commit @m "email @ana: the plan" see https://x.org/a due:tomorrow"#) {
        Parsed::Commit { what, due, .. } => {
            assert_eq!(what, "email @ana: the plan see https://x.org/a");
            assert_eq!(due, date(2026, 11, 25));
        }
        other => panic!("{other:?}"),
    }
    match ok("COMMIT @m Send it DUE:next-fri") {
        Parsed::Commit { due, .. } => assert_eq!(due, date(2026, 12, 4)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn visit_lines() {
    let line = r#"visit @mercy onsite proactive QBR with radiology with:"Dr Lee,Ana Ruiz""#;
    assert_eq!(
        ok(line),
        Parsed::Visit {
            account: at(line, "mercy"),
            kind: VisitKind::OnSite,
            intent: Intent::Proactive,
            on: TODAY,
            theirs: vec!["Dr Lee".into(), "Ana Ruiz".into()],
            ours: vec![],
            notes: "QBR with radiology".into(),
        }
    );
    // Intent first, kind by attribute, words like "call" in the notes stay notes.
    match ok("visit @mercy reactive about the call button kind:call on:-2d us:Dana,Sam") {
        Parsed::Visit {
            kind,
            intent,
            on,
            notes,
            ours,
            ..
        } => {
            assert_eq!(
                (kind, intent, on),
                (VisitKind::Call, Intent::Reactive, date(2026, 11, 22))
            );
            assert_eq!(notes, "about the call button");
            assert_eq!(ours, vec!["Dana", "Sam"]);
        }
        other => panic!("{other:?}"),
    }
    match ok("visit @mercy proactive") {
        Parsed::Visit { kind, notes, .. } => {
            assert_eq!((kind, notes.as_str()), (VisitKind::OnSite, ""))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn measure_and_outcome_lines() {
    let line = r#"measure @mercy door-to-needle 42 on:2026-11-20 note:"from their registry""#;
    match ok(line) {
        Parsed::Measure {
            metric,
            value,
            on,
            note,
            ..
        } => {
            assert_eq!(
                (metric.text.as_str(), value, on),
                ("door-to-needle", 42.0, date(2026, 11, 20))
            );
            assert_eq!(note, "from their registry");
        }
        other => panic!("{other:?}"),
    }
    match ok(r#"measure @mercy "door to needle" -3,5"#) {
        Parsed::Measure { metric, value, .. } => {
            assert_eq!((metric.text.as_str(), value), ("door to needle", -3.5))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        ok("done 17"),
        Parsed::Keep {
            commitment: 17,
            on: TODAY
        }
    );
    assert_eq!(
        ok("kept #17 on:yesterday"),
        Parsed::Keep {
            commitment: 17,
            on: date(2026, 11, 23)
        }
    );
    assert_eq!(
        ok(r#"broken 17 reason:"vendor delay""#),
        Parsed::Break {
            commitment: 17,
            on: TODAY,
            reason: "vendor delay".into()
        }
    );
    assert_eq!(
        ok("broken 17 the part never came"),
        Parsed::Break {
            commitment: 17,
            on: TODAY,
            reason: "the part never came".into()
        }
    );
    assert_eq!(
        ok("drop 17"),
        Parsed::Drop {
            commitment: 17,
            on: TODAY,
            reason: String::new()
        }
    );
    assert_eq!(
        ok(r#"renegotiate 17 due:+2w reason:"their IT window""#),
        Parsed::Renegotiate {
            commitment: 17,
            due: date(2026, 12, 8),
            reason: "their IT window".into(),
            on: TODAY
        }
    );
}

#[test]
fn rejected_lines_say_what_and_how() {
    let cases = [
        ("", "nothing to save; start with commit, visit, measure, done, broken, renegotiate or drop"),
        ("promise", "a commitment needs to say what was promised, e.g. commit @mercy Send the dosing report to:\"Dr Lee\" due:fri"),
        ("comit @mercy x due:fri", "`comit`: not a verb; start with commit, visit, measure, done, broken, renegotiate or drop"),
        ("commit @mercy Send it due:fryday", "`due:fryday`: not a date; try fri, +3d, eow or 2026-12-01"),
        ("commit @mercy Send it due:2026-02-30", "`due:2026-02-30`: no such day: 2026-02-30"),
        ("commit @mercy Send it", "a commitment needs a due date: add due:fri, due:+3d or due:2026-12-01"),
        ("commit @mercy Send it due:fri due:mon", "`due:mon`: due: is given twice; keep one"),
        ("commit @mercy Send it tp:Lee due:fri", "`tp:Lee`: commit takes no tp:, only to:, due:, by:, made:, visit:; quote the word to keep it as text"),
        ("commit @mercy @stlukes x due:fri", "`@stlukes`: one account per line; quote it to keep it as text"),
        ("commit @ x due:fri", "`@`: which account? type its handle after @, e.g. @mercy"),
        ("commit @mercy x due:fri visit:abc", "`visit:abc`: not a visit number; e.g. visit:12"),
        (r#"commit @mercy x to:"Dr Lee due:fri"#, "`to:\"Dr Lee due:fri`: the quote is not closed; add a closing \""),
        ("visit @mercy onsite QBR", "a visit is proactive or reactive: add one of them, e.g. visit @mercy onsite proactive QBR with radiology"),
        ("visit @mercy reactive call kind:call", "`kind:call`: the kind is given twice"),
        ("visit @mercy intent:maybe", "`intent:maybe`: not a intent; one of proactive, reactive"),
        ("measure @mercy", "which metric, and what value? e.g. measure @mercy door-to-needle 42"),
        ("measure @mercy dtn", "`dtn`: what value? add a number, e.g. measure @mercy door-to-needle 42"),
        ("measure @mercy dtn fast", "`fast`: not a number; e.g. 42, 3.5 or -2"),
        ("measure @mercy dtn 42 extra", "`extra`: unexpected here; put a note in note:\"…\""),
        ("done", "`done`: which commitment? add its number, e.g. done 17"),
        ("done x17", "`x17`: not a commitment number; e.g. done 17"),
        ("done 17 on:someday", "`on:someday`: not a date; try fri, +3d, eow or 2026-12-01"),
        ("renegotiate 17", "renegotiate needs the new due date, e.g. renegotiate 17 due:+2w reason:\"customer asked\""),
        ("done 17 by:me", "`by:me`: done takes no by:, only on:; quote the word to keep it as text"),
    ];
    for (line, message) in cases {
        assert_eq!(err(line), message, "line: {line}");
    }
}

#[test]
fn errors_point_at_the_failing_token() {
    let line = "commit @mercy Send it due:fryday";
    let e = parse(line, TODAY).unwrap_err();
    assert_eq!(&line[e.span], "due:fryday");
}

fn portfolio(s: &mut dyn Store) {
    for (name, handle) in [
        ("Mercy General", "mercy"),
        ("Mercer Cancer Centre", "mercer"),
        ("Müller Klinik", "mklinik"),
        ("Hôpital Saint-Éloi", "eloi"),
        ("Lakeside University Hospital", "lakeside"),
    ] {
        add(s, Change::AddAccount(account(name, handle, "Dana Cole")));
    }
    let lake = s.account("lakeside").unwrap().unwrap().num;
    for name in ["Door-to-needle time", "Scanner uptime"] {
        add(
            s,
            Change::AddMetric(Metric {
                id: Uuid::nil(),
                num: 0,
                account: lake,
                name: name.into(),
                words: String::new(),
                kind: MetricKind::Outcome,
                unit: "min".into(),
                direction: Direction::Lower,
                baseline: None,
                proxy: String::new(),
                target: None,
                target_on: None,
                kpi: String::new(),
                moment: None,
                definition: Default::default(),
                voice: Default::default(),
                partner: None,
            }),
        );
    }
}

fn plan_err(s: &dyn Store, line: &str) -> String {
    let ctx = Context {
        today: TODAY,
        me: "Dana Cole",
        account: None,
        visit: None,
    };
    match plan(line, &ctx, s) {
        Err(PlanError::Line(e)) => e.message,
        Err(PlanError::Store(e)) => e.to_string(),
        Ok(p) => panic!("{line} was planned: {p:?}"),
    }
}

fn planned_account(s: &dyn Store, line: &str) -> String {
    let ctx = Context {
        today: TODAY,
        me: "Dana Cole",
        account: None,
        visit: None,
    };
    let p = plan(line, &ctx, s).unwrap_or_else(|e| panic!("{line}: {e}"));
    let num = match p.change {
        Change::AddCommitment(c) => c.account,
        Change::AddVisit(v) => v.account,
        Change::AddMeasurement(m) => s.metric(m.metric).unwrap().unwrap().account,
        other => panic!("{other:?}"),
    };
    s.account_by_num(num).unwrap().unwrap().handle
}

#[test]
fn accounts_resolve_exactly_then_fuzzily_with_accents_folded() {
    let db = temp_db();
    let mut s = sqlite(&db);
    portfolio(&mut s);
    assert_eq!(planned_account(&s, "commit @MERCY x due:fri"), "mercy");
    assert_eq!(planned_account(&s, "commit @lake x due:fri"), "lakeside");
    assert_eq!(planned_account(&s, "commit @muller x due:fri"), "mklinik");
    assert_eq!(planned_account(&s, "commit @hopital x due:fri"), "eloi");
    assert_eq!(planned_account(&s, "commit @lkside x due:fri"), "lakeside");
    let e = plan_err(&s, "commit @merc x due:fri");
    assert!(e.starts_with("`@merc`: several accounts match: "), "{e}");
    assert!(
        e.contains("@mercy (Mercy General)") && e.contains("@mercer (Mercer Cancer Centre)"),
        "{e}"
    );
    assert!(e.ends_with("; type more of the handle"), "{e}");
    assert_eq!(
        plan_err(&s, "commit @zzz x due:fri"),
        "`@zzz`: no account matches; `saydo account list` shows the handles"
    );
    assert_eq!(
        plan_err(&s, "commit x due:fri"),
        "which account? add its @handle, e.g. commit @mercy Send the report due:fri"
    );
    assert_eq!(
        plan_err(&s, "done 99"),
        "there is no commitment #99; `saydo commit list` shows their numbers"
    );
}

#[test]
fn metrics_resolve_within_their_account() {
    let db = temp_db();
    let mut s = sqlite(&db);
    portfolio(&mut s);
    assert_eq!(
        planned_account(&s, "measure @lakeside door-to-needle 42"),
        "lakeside"
    );
    assert_eq!(
        planned_account(&s, "measure @lakeside uptime 99.1"),
        "lakeside"
    );
    assert_eq!(
        plan_err(&s, "measure @lakeside cost 3"),
        "`cost`: not a metric of @lakeside; one of door-to-needle-time, scanner-uptime"
    );
    assert_eq!(
        plan_err(&s, "measure @mercy dtn 3"),
        "`dtn`: @mercy has no success metrics yet; add one with `saydo metric add @mercy NAME`"
    );
}

#[test]
fn the_account_in_view_is_the_default() {
    let db = temp_db();
    let mut s = sqlite(&db);
    portfolio(&mut s);
    let lake = s.account("lakeside").unwrap().unwrap();
    let ctx = Context {
        today: TODAY,
        me: "Dana Cole",
        account: Some(&lake),
        visit: None,
    };
    let p = plan("commit Send the report due:fri", &ctx, &s).unwrap();
    assert_eq!(
        p.preview,
        "commitment at @lakeside · due Fri 27 Nov · by Dana Cole"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_parser_never_panics(line in "\\PC{0,60}") {
        let _ = parse(&line, TODAY);
    }

    #[test]
    fn grammar_shaped_noise_never_panics(
        verb in prop::sample::select(vec!["commit", "visit", "measure", "done", "broken", "renegotiate", "drop", "x"]),
        words in prop::collection::vec(prop::sample::select(vec![
            "@mercy", "@", "due:", "due:fri", "due:+é", "on:\"", "\"", "to:\"Dr Lee\"", "17", "#", "-1", "1e400",
            "kind:call", "intent:", "proactive", "with:,", "é", "东京", "next", "due:next", "re:", "::", "a:b:c",
        ]), 0..8),
    ) {
        let line = format!("{verb} {}", words.join(" "));
        if let Err(e) = parse(&line, TODAY) {
            prop_assert!(e.span.end <= line.len());
            prop_assert!(line.is_char_boundary(e.span.start) && line.is_char_boundary(e.span.end));
            prop_assert!(!e.message.is_empty());
        }
    }
}

#[test]
fn a_value_without_its_metric_asks_which_and_a_typoed_handle_gets_the_handle() {
    let db = temp_db();
    common::ok(&db, &["demo", "--accounts", "2"]);
    let o = saydo(&db, &["add", "measure @mercy 4.2"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("which metric?") && e.contains("@mercy measures"),
        "{e}"
    );
    assert!(e.contains("report-turnaround"), "{e}");
    let e = stderr(&saydo(&db, &["add", "commit @mercyy x due:fri"]));
    assert!(e.contains("did you mean @mercy?"), "{e}");
    let e = stderr(&saydo(&db, &["add", "commit @mercy x due:31-02"]));
    assert!(e.contains("MM-DD"), "{e}");
}
