//! Who may see and change what in a team book, held by PostgreSQL itself:
//! each role's allowed and forbidden actions tried through saydo and
//! through a raw SQL connection as that role; a region's reader holding no
//! other region's row; the log append-only and unforgeable for everyone.

mod common;

use common::pg::{pg, Pg};
use common::*;
use jiff::civil::date;
use saydo::domain::*;
use saydo::store::sqlite::SqliteStore;
use saydo::store::{Change, Store};
use saydo::team::{self, people::NewMember};
use serde_json::json;
use std::path::PathBuf;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery staple";

fn sync(s: &mut SqliteStore) -> team::Synced {
    team::sync_once(s, "2026-11-24T10:00:00Z").expect("sync")
}

/// A team book of the demo, made by the test's superuser as "Ada Admin",
/// with its people added through saydo (their passwords as SCRAM
/// verifiers) and a password file for their logins.
struct Team {
    url: String,
    /// Login roles are the cluster's: each test's get its database's name.
    suffix: String,
    passfile: PathBuf,
    _dir: tempfile::TempDir,
    _owner_db: TempDb,
    owner: SqliteStore,
    /// Dana's account, its region, and one of Ravi's in another region.
    dana_acct: Account,
    ravi_acct: Account,
    region: String,
}

impl Team {
    fn new(pg: &Pg) -> Team {
        let url = pg.fresh();
        let suffix = url.rsplit('/').next().unwrap().to_string();
        let dir = tempfile::tempdir().unwrap();
        let passfile = dir.path().join("pgpass");
        std::fs::write(&passfile, format!("*:*:*:*:{PASSWORD}\n")).unwrap();
        saydo::files::set_mode(&passfile, 0o600).unwrap();
        let owner_db = temp_db();
        let mut owner = sqlite(&owner_db);
        owner
            .bulk(false, &mut |sink| {
                saydo::demo::generate(sink, 16, TODAY, &default_stages())?;
                Ok(())
            })
            .unwrap();
        team::init(&url, &mut owner, "Ada Admin").unwrap();
        add(
            &mut owner,
            Change::AddPerson {
                name: "Ada Admin".into(),
            },
        );
        sync(&mut owner);
        let accounts = owner.accounts(&Default::default()).unwrap();
        let dana_acct = accounts
            .iter()
            .find(|a| a.owner.as_deref() == Some("Dana Cole"))
            .unwrap()
            .clone();
        let region = dana_acct.region.clone();
        let ravi_acct = accounts
            .iter()
            .find(|a| a.owner.as_deref() == Some("Ravi Menon") && a.region != region)
            .expect("one of Ravi's accounts in another region")
            .clone();
        let mut c = team::connect(&url).unwrap();
        for (name, role, region, supports) in [
            ("Ada Admin", "admin", None, vec![]),
            ("Dana Cole", "director", None, vec![]),
            (
                "Ravi Menon",
                "director",
                Some(ravi_acct.region.clone()),
                vec![],
            ),
            ("Sam Ortiz", "staff", None, vec!["Dana Cole".to_string()]),
            ("Tom Becker", "manager", Some(region.clone()), vec![]),
        ] {
            let who = NewMember {
                login: format!("{}_{suffix}", team::people::login_for(name)),
                name: name.into(),
                role: role.into(),
                region,
                supports,
            };
            assert!(team::people::add_person(&mut c, &who, Some(PASSWORD)).unwrap());
        }
        c.batch_execute(&format!(
            "CREATE ROLE outsider_{suffix} LOGIN PASSWORD '{PASSWORD}'"
        ))
        .unwrap();
        Team {
            url,
            suffix,
            passfile,
            _dir: dir,
            _owner_db: owner_db,
            owner,
            dana_acct,
            ravi_acct,
            region,
        }
    }

    /// This test's login for `base` ("dana_cole").
    fn login(&self, base: &str) -> String {
        format!("{base}_{}", self.suffix)
    }

    /// The team book's URL as `base`'s login, the password from the password file.
    fn url_as(&self, base: &str) -> String {
        let login = self.login(base);
        format!(
            "{}?passfile={}",
            self.url
                .replacen("postgres://postgres@", &format!("postgres://{login}@"), 1),
            self.passfile.display()
        )
    }

    fn raw(&self, login: &str) -> postgres::Client {
        team::connect(&self.url_as(login)).unwrap()
    }

    /// A replica of the team book joined as `login`.
    fn replica(&self, login: &str) -> (TempDb, SqliteStore) {
        let db = temp_db();
        let mut s = sqlite(&db);
        team::join(&self.url_as(login), &mut s).unwrap();
        (db, s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    RenameDanas,
    RenameRavis,
    CommitOnDanas,
    CommitOnRavis,
    AddPerson,
    AddAccountForDana,
    AddPartner,
    IntroduceOnDanas,
}

const ACTS: [Act; 8] = [
    Act::RenameDanas,
    Act::RenameRavis,
    Act::CommitOnDanas,
    Act::CommitOnRavis,
    Act::AddPerson,
    Act::AddAccountForDana,
    Act::AddPartner,
    Act::IntroduceOnDanas,
];

/// Who may do what: (login, [allowed for each of ACTS]). The partners
/// register is the team's: any manager keeps it, whatever their region.
const TABLE: [(&str, [bool; 8]); 5] = [
    (
        "ada_admin",
        [true, true, true, true, true, true, true, true],
    ),
    (
        "dana_cole",
        [true, false, true, false, false, true, false, true],
    ),
    (
        "ravi_menon",
        [false, true, false, true, false, false, false, false],
    ),
    (
        "sam_ortiz",
        [false, false, true, false, false, false, false, true],
    ),
    (
        "tom_becker",
        [true, false, true, false, false, true, true, true],
    ),
];

/// The act as saydo does it on a replica.
fn change(t: &Team, s: &SqliteStore, act: Act, who: &str) -> Change {
    let on = |a: &Account| s.account(&a.handle).unwrap().unwrap();
    let commit = |a: &Account| {
        let a = on(a);
        let mut c = commitment(
            a.num,
            &format!("Promise by {who}"),
            TODAY,
            date(2026, 12, 4),
        );
        c.owner = a.owner.clone().unwrap();
        Change::AddCommitment(c)
    };
    match act {
        Act::RenameDanas | Act::RenameRavis => {
            let mut a = on(if act == Act::RenameDanas {
                &t.dana_acct
            } else {
                &t.ravi_acct
            });
            a.name = format!("{} ({who})", a.name);
            Change::EditAccount(a)
        }
        Act::CommitOnDanas => commit(&t.dana_acct),
        Act::CommitOnRavis => commit(&t.ravi_acct),
        Act::AddPerson => Change::AddPerson {
            name: format!("Hired by {who}"),
        },
        Act::AddAccountForDana => {
            let mut a = account(
                &format!("Clinic of {who}"),
                &format!("clinic-{}", who.replace('_', "-")),
                "Dana Cole",
            );
            a.region = t.region.clone();
            Change::AddAccount(a)
        }
        Act::IntroduceOnDanas => Change::AddIntroduction(Introduction {
            id: Uuid::nil(),
            num: 0,
            account: on(&t.dana_acct).num,
            from: "Dr Lee".into(),
            to_account: None,
            to: format!("Expert for {who}"),
            metric: None,
            why: String::new(),
            status: IntroStatus::Proposed,
            on: TODAY,
            status_on: TODAY,
            follow_up: String::new(),
        }),
        Act::AddPartner => Change::AddPartner(Partner {
            id: Uuid::nil(),
            num: 0,
            name: format!("Supply for {who}"),
            function: "supply chain".into(),
            owner: None,
            kpis: vec!["fill rate".into()],
        }),
    }
}

/// The act as a raw client would insert it into the log: ops written by
/// hand from what the team book holds.
fn raw_ops(t: &Team, c: &mut postgres::Client, act: Act, who: &str) -> serde_json::Value {
    let id_of = |c: &mut postgres::Client, handle: &str| -> Uuid {
        c.query_one(
            "SELECT id FROM saydo.records WHERE tbl = 'accounts' AND data->>'handle' = $1",
            &[&handle],
        )
        .map(|r| r.get(0))
        .unwrap_or_else(|_| Uuid::now_v7())
    };
    let person = |c: &mut postgres::Client, name: &str| -> String {
        c.query_one(
            "SELECT id::text FROM saydo.records WHERE tbl = 'people' AND data->>'name' = $1",
            &[&name],
        )
        .map(|r| r.get(0))
        .unwrap_or_default()
    };
    let new = Uuid::now_v7().to_string();
    match act {
        Act::RenameDanas | Act::RenameRavis => {
            let a = if act == Act::RenameDanas {
                &t.dana_acct
            } else {
                &t.ravi_acct
            };
            json!([{ "t": "accounts", "id": id_of(c, &a.handle), "base": 0,
                     "before": { "name": "?" }, "after": { "name": format!("raw {who}") } }])
        }
        Act::CommitOnDanas | Act::CommitOnRavis => {
            let a = if act == Act::CommitOnDanas {
                &t.dana_acct
            } else {
                &t.ravi_acct
            };
            let owner = person(c, a.owner.as_deref().unwrap());
            json!([{ "t": "commitments", "id": new, "base": 0, "before": null,
                     "after": { "id": new, "account": id_of(c, &a.handle), "owner": owner,
                                "what": format!("raw promise by {who}"), "to_whom": "Dr Lee",
                                "made_on": "2026-11-24", "due_on": "2026-12-04",
                                "status": "open", "resolved_on": null, "reason": "",
                                "visit": null } }])
        }
        Act::AddPerson => {
            json!([{ "t": "people", "id": new, "base": 0, "before": null,
                     "after": { "id": new, "name": format!("Raw hire by {who}") } }])
        }
        Act::AddAccountForDana => {
            let owner = person(c, "Dana Cole");
            json!([{ "t": "accounts", "id": new, "base": 0, "before": null,
                     "after": { "id": new, "name": format!("Raw clinic {who}"),
                                "handle": format!("raw-{}", who.replace('_', "-")),
                                "owner": owner, "region": t.region, "stage": "Onboarding",
                                "stage_since": "2026-11-01", "tags": "[]", "renewal": null,
                                "why": "", "archived": 0 } }])
        }
        Act::IntroduceOnDanas => {
            json!([{ "t": "introductions", "id": new, "base": 0, "before": null,
                     "after": { "id": new, "account": id_of(c, &t.dana_acct.handle),
                                "from_who": "Dr Lee", "to_account": null,
                                "to_who": format!("raw expert {who}"), "metric": null, "why": "",
                                "status": "proposed", "on_date": "2026-11-24",
                                "status_on": "2026-11-24", "follow_up": "" } }])
        }
        Act::AddPartner => {
            json!([{ "t": "partners", "id": new, "base": 0, "before": null,
                     "after": { "id": new, "name": format!("Raw partner {who}"),
                                "function": "", "owner": null, "kpis": "[]" } }])
        }
    }
}

fn raw_insert(c: &mut postgres::Client, ops: &serde_json::Value) -> Result<(), String> {
    c.execute(
        "INSERT INTO saydo.changes (id, label, ops) VALUES ($1, 'raw', $2)",
        &[&Uuid::now_v7(), ops],
    )
    .map(|_| ())
    .map_err(|e| {
        e.as_db_error()
            .map_or(e.to_string(), |d| d.message().to_string())
    })
}

#[test]
fn each_role_may_do_what_it_may_and_nothing_else_through_saydo_and_raw_sql() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    for (login, allowed) in TABLE {
        let (_db, mut s) = t.replica(login);
        let me = s.replica().unwrap().unwrap().me;
        assert_ne!(me, "", "{login}: the replica knows its person");
        let mut raw = t.raw(login);
        for (act, ok) in ACTS.iter().zip(allowed) {
            // Through saydo: taken, or refused with the rule and undone here.
            sync(&mut s);
            let before = common::book_content(&s);
            s.apply(&change(&t, &s, *act, login), TODAY)
                .unwrap_or_else(|e| panic!("{login} {act:?} locally: {e}"));
            let got = sync(&mut s);
            if ok {
                assert_eq!(
                    (got.pushed, got.refused),
                    (1, 0),
                    "{login} {act:?}: {got:?}"
                );
            } else {
                assert_eq!(
                    (got.pushed, got.refused),
                    (0, 1),
                    "{login} {act:?}: {got:?}"
                );
                let refused = s.conflicts().unwrap();
                let last = refused.last().expect("the refused change is kept");
                assert!(
                    last.reason.contains(" is ") && last.reason.len() > 30,
                    "{login} {act:?}: the reason says the rule: {}",
                    last.reason
                );
                assert_same_dump(
                    &before,
                    &common::book_content(&s),
                    &format!("{login} {act:?}: undone locally"),
                );
                // Discarded, the book is the team book's again.
                s.resolve(last.num, false, "2026-11-24T10:01:00Z").unwrap();
            }
            // Through a raw connection as the same role: the same answer.
            let ops = raw_ops(&t, &mut raw, *act, login);
            let r = raw_insert(&mut raw, &ops);
            assert_eq!(r.is_ok(), ok, "{login} {act:?} raw: {r:?}");
        }
        // What no role may do, whatever it is.
        for sql in [
            "UPDATE saydo.changes SET label = 'rewritten'",
            "DELETE FROM saydo.changes",
            "TRUNCATE saydo.changes",
            "UPDATE saydo.records SET data = '{}'",
            "DELETE FROM saydo.records",
            "INSERT INTO saydo.records (id, tbl, data) VALUES (gen_random_uuid(), 'people', '{}')",
            "INSERT INTO saydo.members (login, person, name, role) VALUES ('x', gen_random_uuid(), 'x', 'admin')",
            "UPDATE saydo.members SET role = 'admin'",
            "UPDATE saydo.meta SET value = 'all'",
        ] {
            let e = raw.batch_execute(sql);
            assert!(e.is_err(), "{login}: {sql} must fail");
        }
        // Adding people and changing settings is for admins.
        let r = raw.query_one(
            "SELECT saydo.add_member('mallory', 'Dana Cole', 'admin', NULL, '{}', NULL)",
            &[],
        );
        assert_eq!(r.is_ok(), login == "ada_admin", "{login}: add_member {r:?}");
        let r = raw.execute("SELECT saydo.set_setting('read', 'all')", &[]);
        assert_eq!(
            r.is_ok(),
            login == "ada_admin",
            "{login}: set_setting {r:?}"
        );
        // Everyone reads the whole book by default.
        let n: i64 = raw
            .query_one(
                "SELECT count(*) FROM saydo.records WHERE tbl = 'accounts'",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(n >= 16, "{login} reads every account: {n}");
    }
}

#[test]
fn someone_not_of_the_team_reads_and_writes_nothing() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    let db = temp_db();
    let mut s = sqlite(&db);
    let e = team::join(&t.url_as("outsider"), &mut s).unwrap_err();
    assert!(
        e.to_string().contains("not one of this team book's people"),
        "{e}"
    );
    assert!(s.replica().unwrap().is_none());
    let mut raw = t.raw("outsider");
    for sql in [
        "SELECT * FROM saydo.records",
        "SELECT * FROM saydo.changes",
        "SELECT * FROM saydo.members",
        "INSERT INTO saydo.changes (id, label, ops) VALUES (gen_random_uuid(), 'x', '[]')",
        "SELECT saydo.add_member('outsider', 'Dana Cole', 'admin', NULL, '{}', NULL)",
    ] {
        assert!(raw.batch_execute(sql).is_err(), "outsider: {sql} must fail");
    }
    // A wrong password is refused: the logins are SCRAM's.
    let wrong = t
        .url_as("dana_cole")
        .replace("passfile=", "passfile=/nonexistent");
    assert!(team::connect(&wrong).is_err());
}

#[test]
fn the_log_is_the_servers_word_on_who_and_when_for_every_role() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    for (login, _) in TABLE {
        let mut raw = t.raw(login);
        let id = Uuid::now_v7();
        raw.execute(
            "INSERT INTO saydo.changes (id, author, at, client_at, label, ops) \
             VALUES ($1, 'ada_admin', '2001-01-01', 'whenever', 'forged', '[]'::jsonb)",
            &[&id],
        )
        .unwrap();
        let r = raw
            .query_one(
                "SELECT author, at > now() - interval '1 minute' FROM saydo.changes WHERE id = $1",
                &[&id],
            )
            .unwrap();
        assert_eq!(
            r.get::<_, String>(0),
            t.login(login),
            "the author is the login"
        );
        assert!(r.get::<_, bool>(1), "{login}: the server's time");
    }
}

/// Every uuid of a record in another region than `region`, in the team book.
fn other_regions(t: &Team, region: &str) -> Vec<String> {
    let mut c = team::connect(&t.url).unwrap();
    c.query(
        "SELECT id::text FROM saydo.records WHERE region IS DISTINCT FROM $1 AND region IS NOT NULL",
        &[&region],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// Everything in a SQLite file, as text: records, log, outbox, history.
fn everything(db: &TempDb) -> String {
    dump(&db.path)
}

#[test]
fn a_region_reader_holds_no_row_of_another_region_after_join_and_every_sync() {
    let Some(pg) = pg() else { return };
    let mut t = Team::new(pg);
    let mut admin = team::connect(&t.url_as("ada_admin")).unwrap();
    team::people::set_reading(&mut admin, "region").unwrap();
    assert_eq!(team::people::reading(&mut admin).unwrap(), "region");
    let ravi_region = t.ravi_acct.region.clone();
    let (db, mut ravi) = t.replica("ravi_menon");
    let foreign = other_regions(&t, &ravi_region);
    assert!(!foreign.is_empty());
    let check = |db: &TempDb, when: &str| {
        let all = everything(db);
        for id in &foreign {
            assert!(
                !all.contains(id.as_str()),
                "{when}: {id} of another region is here"
            );
        }
    };
    check(&db, "after join");
    let accounts = ravi.accounts(&Default::default()).unwrap();
    assert!(!accounts.is_empty());
    assert!(
        accounts.iter().all(|a| a.region == ravi_region),
        "only {ravi_region}'s accounts"
    );

    // The owner changes accounts everywhere; Ravi's replica gets his region's.
    let dana = t.owner.account(&t.dana_acct.handle).unwrap().unwrap();
    let mut c = commitment(dana.num, "Elsewhere", TODAY, date(2026, 12, 4));
    c.owner = "Dana Cole".into();
    add(&mut t.owner, Change::AddCommitment(c));
    let theirs = t.owner.account(&t.ravi_acct.handle).unwrap().unwrap();
    let mut c = commitment(theirs.num, "In Ravi's region", TODAY, date(2026, 12, 4));
    c.owner = "Ravi Menon".into();
    add(&mut t.owner, Change::AddCommitment(c));
    let got = sync(&mut t.owner);
    assert_eq!(got.pushed, 2, "{got:?}");
    let got = sync(&mut ravi);
    assert_eq!(got.pulled, 1, "only his region's change: {got:?}");
    let foreign = other_regions(&t, &ravi_region);
    let all = everything(&db);
    assert!(all.contains("In Ravi's region"));
    assert!(!all.contains("Elsewhere"));
    for id in &foreign {
        assert!(!all.contains(id.as_str()), "after sync: {id}");
    }

    // Moving an account to another region, or one change over two regions,
    // would leave rows behind on replicas: refused, kept for the author.
    let mut moved = theirs.clone();
    moved.region = t.region.clone();
    add(&mut t.owner, Change::EditAccount(moved));
    let got = sync(&mut t.owner);
    assert_eq!(got.refused, 1, "{got:?}");
    let why = &t.owner.conflicts().unwrap()[0].reason;
    assert!(why.contains("reads by region"), "{why}");
}

#[test]
fn the_command_line_adds_people_lists_them_and_a_replica_is_its_person() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    // The owner's replica on the command line: an admin adds Priya.
    let owner_db = temp_db();
    ok(&owner_db, &["team", "join", &t.url]);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"));
    cmd.args([
        "team",
        "add-person",
        "Priya Shah",
        "--role",
        "staff",
        "--supports",
        "Ravi Menon",
        "--password-stdin",
        "--login",
        &t.login("priya_shah"),
    ])
    .env("SAYDO_DB", &owner_db.path)
    .env("SAYDO_CONFIG", owner_db.dir.path().join("config.toml"))
    .env("SAYDO_TODAY", TODAY.to_string())
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{PASSWORD}").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("added Priya Shah as staff"), "{said}");
    assert!(!said.contains(PASSWORD) && !stderr(&out).contains(PASSWORD));

    let listed = ok(&owner_db, &["team", "people"]);
    assert!(listed.contains(&t.login("priya_shah")), "{listed}");
    assert!(listed.contains("Ravi Menon"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&owner_db, &["team", "people", "--json"])).unwrap();
    let priya = json
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["login"] == t.login("priya_shah").as_str())
        .unwrap();
    assert_eq!(priya["role"], "staff");
    assert_eq!(priya["supports"], json!(["Ravi Menon"]));

    // Priya's replica knows her as Priya, whatever $USER says.
    let priya_db = temp_db();
    ok(&priya_db, &["team", "join", &t.url_as("priya_shah")]);
    let status = ok(&priya_db, &["team", "status"]);
    assert!(status.contains("me         Priya Shah"), "{status}");
    // A refused change is shown to her with its reason.
    ok(
        &priya_db,
        &[
            "add",
            &format!("commit @{} Hers to make due:fri", t.dana_acct.handle),
        ],
    );
    let synced = ok(&priya_db, &["sync"]);
    assert!(synced.contains("1 refused"), "{synced}");
    let conflicts = ok(&priya_db, &["team", "conflicts"]);
    assert!(
        conflicts.contains("director they do not support"),
        "{conflicts}"
    );

    // Settings: staff may not change them; the admin may.
    let out = saydo(&priya_db, &["team", "settings", "--reading", "region"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("only an admin"), "{}", stderr(&out));
    let said = ok(&owner_db, &["team", "settings", "--reading", "region"]);
    assert!(said.contains("reading: region"), "{said}");
}

#[test]
fn the_team_screen_shows_a_change_the_rules_refused_with_what_it_held() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    let (db, mut sam) = t.replica("sam_ortiz");
    let mut a = sam.account(&t.ravi_acct.handle).unwrap().unwrap();
    a.name = "Renamed by staff".into();
    add(&mut sam, Change::EditAccount(a));
    assert_eq!(sync(&mut sam).refused, 1);
    drop(sam);
    let mut app = common::tui::started_app(&db, "whoever");
    app.tick();
    common::tui::key(&mut app, saydo::key::KeyCode::Char('Y'));
    let s = common::tui::screen(&app);
    assert!(s.contains("Sam Ortiz is staff"), "{s}");
    assert!(s.contains("it held: name: Renamed by staff"), "{s}");
    assert!(s.contains("refused by the team's rules"), "{s}");
    common::tui::key(&mut app, saydo::key::KeyCode::Char('t'));
    let s = common::tui::screen(&app);
    assert!(s.contains("No conflicts"), "{s}");
    assert_eq!(
        app.store
            .account(&t.ravi_acct.handle)
            .unwrap()
            .unwrap()
            .name,
        t.ravi_acct.name,
        "the team book's name stands"
    );
}

#[test]
fn a_team_book_of_schema_1_moves_to_2_with_its_records_placed_and_its_owner_as_admin() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let mut c = team::connect(&url).unwrap();
    let first = &team::schema::MIGRATIONS[0];
    c.batch_execute(&format!(
        "CREATE SCHEMA saydo; CREATE TABLE saydo.migrations (version int PRIMARY KEY, \
         name text NOT NULL, at timestamptz NOT NULL DEFAULT now()); {} \
         INSERT INTO saydo.migrations (version, name) VALUES (1, 'v1');",
        first.sql
    ))
    .unwrap();
    let (acct, metric, m, dana) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    c.execute(
        "INSERT INTO saydo.records (id, tbl, data) VALUES \
         ($4::text::uuid, 'people', jsonb_build_object('id', $4::text, 'name', 'Dana Cole')), \
         ($1::text::uuid, 'accounts', jsonb_build_object('id', $1::text, 'owner', $4::text, 'region', 'Nordics')), \
         ($2::text::uuid, 'metrics', jsonb_build_object('id', $2::text, 'account', $1::text)), \
         ($3::text::uuid, 'measurements', jsonb_build_object('id', $3::text, 'metric', $2::text))",
        &[
            &acct.to_string(),
            &metric.to_string(),
            &m.to_string(),
            &dana.to_string(),
        ],
    )
    .unwrap();
    let ops = json!([{ "t": "measurements", "id": m, "before": null, "after": {} }]);
    c.execute(
        "INSERT INTO saydo.changes (id, label, ops) VALUES ($1, 'v1 change', $2)",
        &[&Uuid::now_v7(), &ops],
    )
    .unwrap();
    assert_eq!(
        team::migrate(&mut c, "Dana Cole").unwrap(),
        (1, team::schema::latest())
    );
    let placed: Vec<(String, Option<Uuid>, Option<String>)> = c
        .query(
            "SELECT tbl, account, region FROM saydo.records ORDER BY born",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        placed,
        vec![
            ("people".into(), None, None),
            ("accounts".into(), Some(acct), Some("Nordics".into())),
            ("metrics".into(), Some(acct), Some("Nordics".into())),
            ("measurements".into(), Some(acct), Some("Nordics".into())),
        ]
    );
    let regions: Vec<String> = c
        .query_one("SELECT regions FROM saydo.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(regions, vec!["Nordics".to_string()]);
    let admin = team::people::whoami(&mut c).unwrap();
    assert_eq!(
        (admin.name.as_str(), admin.role.as_str()),
        ("Dana Cole", "admin")
    );
    // The log is append-only again after its one placing.
    assert!(c.batch_execute("DELETE FROM saydo.changes").is_err());
}

#[test]
fn a_team_book_of_schema_2_gains_the_partners_register_kept_by_managers_and_admins() {
    let Some(pg) = pg() else { return };
    let url = pg.fresh();
    let mut c = team::connect(&url).unwrap();
    let mut sql = String::from(
        "CREATE SCHEMA saydo; CREATE TABLE saydo.migrations (version int PRIMARY KEY, \
         name text NOT NULL, at timestamptz NOT NULL DEFAULT now());",
    );
    for m in &team::schema::MIGRATIONS[..2] {
        sql.push_str(m.sql);
        sql.push_str(&format!(
            "\nINSERT INTO saydo.migrations (version, name) VALUES ({}, 'v{}');",
            m.version, m.version
        ));
    }
    c.batch_execute(&sql).unwrap();
    assert_eq!(
        team::migrate(&mut c, "Ada Admin").unwrap(),
        (2, team::schema::latest())
    );
    let ops = |name: &str| {
        let id = Uuid::now_v7().to_string();
        json!([{ "t": "partners", "id": id, "base": 0, "before": null,
                 "after": { "id": id, "name": name, "function": "", "owner": null, "kpis": "[]" } }])
    };
    // The one who migrated is the admin: the register takes their partner,
    // and a second of the same name (any case) is refused, never doubled.
    raw_insert(&mut c, &ops("Supply")).unwrap();
    let e = raw_insert(&mut c, &ops("supply")).unwrap_err();
    assert!(e.contains("records_partner"), "{e}");
    let e = raw_insert(
        &mut c,
        &json!([{ "t": "partners", "id": Uuid::now_v7(), "base": 0,
        "before": null, "after": { "function": "x" } }]),
    )
    .unwrap_err();
    assert_eq!(e, "a partner needs its name");
}

#[test]
fn a_replica_made_by_join_is_private() {
    let Some(pg) = pg() else { return };
    let t = Team::new(pg);
    let (db, s) = t.replica("dana_cole");
    drop(s);
    assert_eq!(saydo::files::mode_of(&db.path), Some(0o600));
}
