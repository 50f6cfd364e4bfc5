//! The team book on a real PostgreSQL: init, join, sync, conflicts, and the
//! traps of a shared log (out-of-order commits, pushes retried).

mod common;

use common::pg::pg;
use common::*;
use jiff::civil::date;
use saydo::domain::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, CommitmentQuery, Store};
use saydo::team;

use common::book_content as content;

fn sync(s: &mut SqliteStore) -> team::Synced {
    team::sync_once(s, "2026-11-24T10:00:00Z").expect("sync")
}

/// A demo book made a team book, and a second replica joined to it.
fn team_of_two(url: &str) -> (TempDb, SqliteStore, TempDb, SqliteStore) {
    let (da, db) = (temp_db(), temp_db());
    let mut a = sqlite(&da);
    a.bulk(false, &mut |sink| {
        saydo::demo::generate(sink, 6, TODAY, &default_stages())?;
        Ok(())
    })
    .unwrap();
    let n = team::init(url, &mut a, "Dana Cole").unwrap();
    assert!(n > 100, "{n} records uploaded");
    let mut b = sqlite(&db);
    assert_eq!(team::join(url, &mut b).unwrap(), n);
    (da, a, db, b)
}

fn first_open(s: &SqliteStore) -> Commitment {
    s.commitments(&CommitmentQuery {
        status: Some(Status::Open),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .find(|c| c.due() >= TODAY)
    .expect("an open commitment due ahead")
}

#[test]
fn a_joined_replica_equals_the_first_and_changes_flow_both_ways() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (da, mut a, db, mut b) = team_of_two(&url);
    assert_same_dump(&content(&a), &content(&b), "the joined replica is the book");
    assert_digests_kept(&db.path);

    // A commitment typed in A reaches B; one kept in B reaches A.
    let mercy = a.account("mercy").unwrap().unwrap();
    let c = add(
        &mut a,
        Change::AddCommitment(commitment(
            mercy.num,
            "Send the new dosing report",
            TODAY,
            date(2026, 12, 4),
        )),
    );
    assert_eq!(a.waiting().unwrap().changes, 1);
    assert_eq!(sync(&mut a).pushed, 1);
    assert_eq!(a.waiting().unwrap().changes, 0);
    let got = sync(&mut b);
    assert_eq!(got.pulled, 1, "{got:?}");
    let in_b = b
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .find(|x| x.what == "Send the new dosing report")
        .expect("the commitment arrived");
    add(
        &mut b,
        Change::Keep {
            commitment: in_b.num,
            on: TODAY,
        },
    );
    sync(&mut b);
    sync(&mut a);
    assert_eq!(a.commitment(c).unwrap().unwrap().status, Status::Kept);
    assert_same_dump(&content(&a), &content(&b), "the replicas");

    // Undo syncs as an ordinary change: A takes its commitment back.
    assert!(a.undo().unwrap().unwrap().starts_with("add commitment"));
    sync(&mut a);
    sync(&mut b);
    assert!(b.commitment(in_b.num).unwrap().is_none());
    assert_same_dump(&content(&a), &content(&b), "the replicas");
    // What each replica pulled is in its figures' digests too.
    assert_digests_kept(&da.path);
    assert_digests_kept(&db.path);
}

#[test]
fn fields_changed_on_one_side_merge_and_the_same_field_is_a_conflict() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, mut b) = team_of_two(&url);
    let ca = first_open(&a);
    let cb = b
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .find(|x| x.id == ca.id)
        .unwrap();

    // Different fields: both kept.
    let mut ea = ca.clone();
    ea.what = "Send the dosing report (v2)".into();
    add(&mut a, Change::EditCommitment(ea));
    let mut eb = cb.clone();
    eb.to_whom = "Dr Helen Lee".into();
    add(&mut b, Change::EditCommitment(eb));
    sync(&mut a);
    let got = sync(&mut b);
    assert_eq!((got.pushed, got.refused), (1, 0), "{got:?}");
    let got = sync(&mut a);
    assert_eq!(got.pulled, 1, "{got:?}");
    let merged = a.commitment(ca.num).unwrap().unwrap();
    assert_eq!(merged.what, "Send the dosing report (v2)");
    assert_eq!(merged.to_whom, "Dr Helen Lee");
    assert_same_dump(&content(&a), &content(&b), "the replicas");

    // Two outcomes for one commitment: the second is refused, not lost.
    add(
        &mut a,
        Change::Keep {
            commitment: ca.num,
            on: TODAY,
        },
    );
    add(
        &mut b,
        Change::Break {
            commitment: cb.num,
            on: TODAY,
            reason: "part on backorder".into(),
        },
    );
    sync(&mut a);
    let got = sync(&mut b);
    assert_eq!(got.refused, 1, "{got:?}");
    let conflicts = b.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let clash = conflicts[0]
        .clashes
        .iter()
        .find(|k| k.field == "status")
        .expect("the status clashes");
    assert_eq!(clash.mine, "broken");
    assert_eq!(clash.theirs, "kept");
    assert!(!clash.who.is_empty(), "who changed it: {clash:?}");
    // After the pull, B shows the team book's outcome; B's pick syncs.
    assert_eq!(b.commitment(cb.num).unwrap().unwrap().status, Status::Kept);
    b.resolve(conflicts[0].num, true, "2026-11-24T11:00:00Z")
        .unwrap();
    assert!(b.conflicts().unwrap().is_empty());
    assert_eq!(sync(&mut b).pushed, 1);
    sync(&mut a);
    assert_eq!(
        a.commitment(ca.num).unwrap().unwrap().status,
        Status::Broken
    );
    assert_same_dump(&content(&a), &content(&b), "the replicas");
}

#[test]
fn an_edit_of_a_record_someone_removed_is_a_conflict() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, mut b) = team_of_two(&url);
    let ca = first_open(&a);
    let num_b = b
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .find(|x| x.id == ca.id)
        .unwrap()
        .num;
    add(
        &mut a,
        Change::Remove(saydo::store::Record::Commitment(ca.num)),
    );
    let mut e = b.commitment(num_b).unwrap().unwrap();
    e.what = "Still wanted".into();
    add(&mut b, Change::EditCommitment(e));
    sync(&mut a);
    let got = sync(&mut b);
    assert_eq!(got.refused, 1, "{got:?}");
    let c = &b.conflicts().unwrap()[0];
    assert!(c.reason.contains("removed"), "{}", c.reason);
    // Theirs: the removal stands everywhere.
    b.resolve(c.num, false, "2026-11-24T11:00:00Z").unwrap();
    assert!(b.commitment(num_b).unwrap().is_none());
    assert_same_dump(&content(&a), &content(&b), "the replicas");
}

#[test]
fn a_push_retried_after_a_lost_answer_applies_once() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, mut b) = team_of_two(&url);
    let mercy = a.account("mercy").unwrap().unwrap();
    add(
        &mut a,
        Change::AddCommitment(commitment(mercy.num, "Once only", TODAY, date(2026, 12, 4))),
    );
    let waiting = a.outbox(10).unwrap();
    let mut c = team::connect(&url).unwrap();
    team::push(&mut c, &mut a).unwrap();
    // The answer "taken" was lost: the outbox still holds it.
    let db = rusqlite::Connection::open(&_da.path).unwrap();
    db.execute("UPDATE outbox SET pushed = NULL", []).unwrap();
    assert_eq!(a.outbox(10).unwrap(), waiting);
    team::push(&mut c, &mut a).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM saydo.changes WHERE id = $1",
            &[&waiting[0].id],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    sync(&mut a);
    sync(&mut b);
    let once = b
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .into_iter()
        .filter(|x| x.what == "Once only")
        .count();
    assert_eq!(once, 1);
}

#[test]
fn no_pull_skips_a_change_that_commits_after_a_later_one() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (da, mut a, _db, mut b) = team_of_two(&url);
    let mercy = a.account("mercy").unwrap().unwrap();

    // A first pusher takes its number and holds its transaction open.
    let mut held = team::connect(&url).unwrap();
    let mut tx = held.transaction().unwrap();
    let early = uuid::Uuid::now_v7();
    let early_seq: i64 = tx
        .query_one(
            "INSERT INTO saydo.changes (id, label, ops) VALUES ($1, 'held open', '[]'::jsonb) RETURNING seq",
            &[&early],
        )
        .unwrap()
        .get(0);

    // A second pusher, meanwhile, on its own thread.
    add(
        &mut a,
        Change::AddCommitment(commitment(
            mercy.num,
            "Pushed second",
            TODAY,
            date(2026, 12, 4),
        )),
    );
    drop(a);
    let path = da.path.clone();
    let second = std::thread::spawn(move || {
        let mut a = SqliteStore::open(&path).unwrap();
        team::sync_once(&mut a, "2026-11-24T10:00:00Z").unwrap()
    });
    // B pulls while the first is still open: nothing may pass it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(sync(&mut b).pulled, 0, "nothing committed yet");
    tx.commit().unwrap();
    assert_eq!(second.join().unwrap().pushed, 1);
    sync(&mut b);
    let mut c = team::connect(&url).unwrap();
    let log: Vec<(i64, String)> = c
        .query("SELECT seq, label FROM saydo.changes ORDER BY seq", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0], (early_seq, "held open".to_string()), "{log:?}");
    assert!(b
        .commitments(&CommitmentQuery::default())
        .unwrap()
        .iter()
        .any(|x| x.what == "Pushed second"));
    let cursor = b.replica().unwrap().unwrap().cursor.from;
    assert_eq!(cursor, log[1].0.to_string(), "B is past both");
    assert_eq!(sync(&mut b).pulled, 0);
}

#[test]
fn the_command_line_inits_joins_syncs_and_reports() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (da, db) = (temp_db(), temp_db());
    ok(&da, &["demo", "--accounts", "4"]);
    let said = ok(&da, &["team", "init", &url]);
    assert!(said.contains("made the team book"), "{said}");
    let said = ok(&db, &["team", "join", &url]);
    assert!(said.contains("joined the team book"), "{said}");
    ok(&da, &["add", "commit @mercy Call them back due:fri"]);
    let status = ok(&da, &["team", "status", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["waiting"], 1, "{v}");
    let said = ok(&da, &["sync"]);
    assert!(said.starts_with("synced: pushed 1, pulled 0"), "{said}");
    let said = ok(&db, &["sync"]);
    assert!(said.starts_with("synced: pushed 0, pulled 1"), "{said}");
    let list = ok(&db, &["commit", "list"]);
    assert!(list.contains("Call them back"), "{list}");
    assert_eq!(ok(&db, &["team", "conflicts"]).trim(), "no conflicts");

    // The audit: who changed what and when, from the team book's log.
    let audit = ok(&db, &["history", "@mercy"]);
    assert!(
        audit.contains("postgres"),
        "the author, as the server knows it: {audit}"
    );
    assert!(audit.contains("add commitment"), "{audit}");
    assert!(
        audit.contains("commitment what: null → \"Call them back\""),
        "{audit}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&db, &["history", "@mercy", "--json"])).unwrap();
    assert_eq!(v[0]["author"], "postgres", "{v}");
    // A book of its own shows its own changes.
    let solo = temp_db();
    ok(&solo, &["demo", "--accounts", "2"]);
    ok(&solo, &["add", "commit @mercy Alone due:fri"]);
    let own = ok(&solo, &["history", "@mercy"]);
    assert!(own.contains("add commitment"), "{own}");

    // A password in the URL is refused before anything connects.
    let out = saydo(&db, &["team", "join", "postgres://dana:secret@127.0.0.1/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("PGPASSWORD"), "{}", stderr(&out));
    // Demo and import on a replica are refused with a message.
    let out = saydo(&db, &["demo", "--force"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("replica"), "{}", stderr(&out));
}

#[test]
fn pgpass_lines_are_matched_as_psql_does() {
    let text = "# comment\nother:5432:*:dana:nope\n127.0.0.1:*:team:dana:s\\:ecret\n";
    assert_eq!(
        team::pgpass_lookup(text, "127.0.0.1", "5433", "team", "dana").as_deref(),
        Some("s:ecret")
    );
    assert_eq!(
        team::pgpass_lookup(text, "127.0.0.1", "5433", "team", "ravi"),
        None
    );
    assert_eq!(
        team::without_password("postgres://dana:secret@host/db"),
        "postgres://dana@host/db"
    );
}

#[test]
fn a_saydo_too_old_for_the_team_book_says_so_and_keeps_working_locally() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, _b) = team_of_two(&url);
    let mut c = team::connect(&url).unwrap();
    c.execute(
        "INSERT INTO saydo.migrations (version, name) VALUES (99, 'from a newer saydo')",
        &[],
    )
    .unwrap();
    let mercy = a.account("mercy").unwrap().unwrap();
    add(
        &mut a,
        Change::AddCommitment(commitment(
            mercy.num,
            "Offline meanwhile",
            TODAY,
            date(2026, 12, 4),
        )),
    );
    let e = team::sync_once(&mut a, "2026-11-24T10:00:00Z").unwrap_err();
    assert!(e.to_string().contains("newer than this saydo knows"), "{e}");
    assert_eq!(a.waiting().unwrap().changes, 1, "kept, to push later");
    assert!(a.replica().unwrap().unwrap().last_error.is_some());
    // An older team book is moved on only when asked.
    c.execute("DELETE FROM saydo.migrations WHERE version = 99", &[])
        .unwrap();
    let now = team::schema::latest();
    assert_eq!(team::migrate(&mut c, "Dana Cole").unwrap(), (now, now));
    assert_eq!(sync(&mut a).pushed, 1);
}

#[test]
fn tls_is_used_and_verify_full_checks_the_certificate() {
    let Some(pg) = pg() else { return };
    let Some(ca) = pg.ca() else { return };
    let url = pg.fresh();
    let on_tls = |u: &str| -> Result<bool, String> {
        let mut c = team::connect(u).map_err(|e| e.to_string())?;
        Ok(c.query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0))
    };
    let by_name = url.replace("127.0.0.1", "localhost");
    let full = format!("{by_name}?sslmode=verify-full&sslrootcert={}", ca.display());
    assert_eq!(on_tls(&full), Ok(true), "verify-full against the test CA");
    assert_eq!(on_tls(&format!("{url}?sslmode=require")), Ok(true));
    assert_eq!(on_tls(&format!("{url}?sslmode=disable")), Ok(false));
    // Another CA: refused, never connected unchecked.
    let other = temp_db();
    let other_ca = other.dir.path().join("other.crt");
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(other.dir.path().join("other.key"))
        .arg("-out")
        .arg(&other_ca)
        .args(["-days", "1", "-subj", "/CN=someone else"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let wrong = format!(
        "{by_name}?sslmode=verify-full&sslrootcert={}",
        other_ca.display()
    );
    let e = on_tls(&wrong).unwrap_err();
    assert!(
        e.contains("cannot be reached") || e.contains("certificate"),
        "{e}"
    );
    // The whole round through TLS: init and join.
    let (da, db) = (temp_db(), temp_db());
    ok(&da, &["demo", "--accounts", "2"]);
    ok(&da, &["team", "init", &full]);
    ok(&db, &["team", "join", &full]);
    ok(&da, &["add", "commit @mercy Over TLS due:fri"]);
    ok(&da, &["sync"]);
    ok(&db, &["sync"]);
    assert!(ok(&db, &["commit", "list"]).contains("Over TLS"));
}

#[test]
fn the_log_is_append_only_and_its_author_and_time_are_the_servers() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, _b) = team_of_two(&url);
    let mercy = a.account("mercy").unwrap().unwrap();
    add(
        &mut a,
        Change::AddCommitment(commitment(mercy.num, "Logged", TODAY, date(2026, 12, 4))),
    );
    sync(&mut a);
    let mut c = team::connect(&url).unwrap();
    for sql in [
        "UPDATE saydo.changes SET label = 'rewritten'",
        "DELETE FROM saydo.changes",
        "TRUNCATE saydo.changes",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert!(
            e.to_string().contains("append-only") || format!("{e:?}").contains("append-only"),
            "{sql}: {e:?}"
        );
    }
    // A raw insert that forges who and when records the server's instead.
    c.execute(
        "INSERT INTO saydo.changes (id, author, at, label, ops) \
         VALUES ($1, 'someone else', '2001-01-01', 'forged', '[]'::jsonb)",
        &[&uuid::Uuid::now_v7()],
    )
    .unwrap();
    let r = c
        .query_one(
            "SELECT author, at > now() - interval '1 minute' FROM saydo.changes WHERE label = 'forged'",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "postgres");
    assert!(r.get::<_, bool>(1), "the server's time");
}

#[test]
fn a_team_book_url_as_db_says_how_to_make_its_replica() {
    let db = TempDb {
        path: "postgres://dana@db.example/cx".into(),
        dir: tempfile::tempdir().unwrap(),
    };
    let out = saydo(&db, &["account", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(e.contains("team join postgres://dana@db.example/cx"), "{e}");
    assert!(e.contains("team-db-example-cx.db"), "{e}");
}

#[test]
fn partners_and_the_metrics_aligned_with_them_travel_between_replicas() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, mut b) = team_of_two(&url);
    let names = |s: &SqliteStore| -> Vec<String> {
        s.partners().unwrap().into_iter().map(|p| p.name).collect()
    };
    assert_eq!(names(&b), names(&a), "the demo's register is joined");
    add(
        &mut a,
        Change::AddPartner(Partner {
            id: uuid::Uuid::nil(),
            num: 0,
            name: "Supply".into(),
            function: "supply chain".into(),
            owner: Some("Priya Shah".into()),
            kpis: vec!["fill rate".into()],
        }),
    );
    let supply = a
        .partners()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Supply")
        .unwrap();
    let mut m = a.metrics(None).unwrap().remove(0);
    m.partner = Some(supply.num);
    m.kpi = "fill rate".into();
    add(&mut a, Change::EditMetric(m.clone()));
    sync(&mut a);
    sync(&mut b);
    let theirs = b
        .partners()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Supply")
        .expect("pulled");
    assert_eq!(theirs.id, supply.id);
    assert_eq!(theirs.owner.as_deref(), Some("Priya Shah"));
    let bm = b
        .metrics(None)
        .unwrap()
        .into_iter()
        .find(|x| x.id == m.id)
        .unwrap();
    assert_eq!(
        bm.partner,
        Some(theirs.num),
        "named by its id, held by b's number"
    );
    // Removed on b: a's metric serves no partner any more, its KPI's name kept.
    add(
        &mut b,
        Change::Remove(saydo::store::Record::Partner(theirs.num)),
    );
    sync(&mut b);
    sync(&mut a);
    assert!(!names(&a).contains(&"Supply".to_string()));
    let am = a.metric(m.num).unwrap().unwrap();
    assert_eq!((am.partner, am.kpi.as_str()), (None, "fill rate"));
}

#[test]
fn introductions_travel_between_replicas_with_their_metric() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let (_da, mut a, _db, mut b) = team_of_two(&url);
    let mercy = a.account("mercy").unwrap().unwrap();
    let metric = a.metrics(Some(mercy.num)).unwrap().remove(0);
    add(
        &mut a,
        Change::AddIntroduction(Introduction {
            id: uuid::Uuid::nil(),
            num: 0,
            account: mercy.num,
            from: "Jonas Berg".into(),
            to_account: Some("stlukes".into()),
            to: "Dr Okafor".into(),
            metric: Some(metric.num),
            why: "they reached it".into(),
            status: IntroStatus::Proposed,
            on: TODAY,
            status_on: TODAY,
            follow_up: String::new(),
        }),
    );
    sync(&mut a);
    sync(&mut b);
    let bm = b.account("mercy").unwrap().unwrap();
    let got = b.introductions(Some(bm.num)).unwrap();
    let x = got.iter().find(|x| x.to == "Dr Okafor").expect("pulled");
    let theirs = b.metrics(Some(bm.num)).unwrap();
    let named = theirs.iter().find(|m| Some(m.num) == x.metric).unwrap();
    assert_eq!(named.id, metric.id, "its metric, by id");
    assert_eq!(x.to_account.as_deref(), Some("stlukes"));
}
