//! The team book: one portfolio in PostgreSQL for the whole team, with a
//! full replica in each person's SQLite file. PostgreSQL orders the changes
//! (its log), applies a change pushed twice once (each has a uuid), records
//! who made it and when (its own `session_user` and clock), and wakes the
//! other replicas (LISTEN/NOTIFY). There is no server of ours in between.
//!
//! Sync never runs on the UI thread: `saydo sync` runs it once, and the TUI
//! on a thread of its own with its own connections.

pub mod background;
pub mod history;
pub mod people;
mod pull;
mod push;
pub mod schema;
pub mod tls;

pub use pull::pull;
pub use push::push;

use crate::store::sqlite::{ReplicaState, SqliteStore, TeamRecord};
use crate::store::wire::{Cursor, Pulled};
use crate::store::StoreError;
use postgres::Client;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The team book cannot be reached (offline, refused, dropped).
    #[error("the team book cannot be reached: {0}")]
    Offline(#[source] postgres::Error),
    /// The team book answered with an error.
    #[error("the team book: {}", said_by_server(.0))]
    Server(#[source] postgres::Error),
    #[error(transparent)]
    Local(#[from] StoreError),
    /// Something the person asked for that cannot be done as asked.
    #[error("{0}")]
    Input(String),
}

impl From<postgres::Error> for TeamError {
    fn from(e: postgres::Error) -> Self {
        if e.is_closed() || e.as_db_error().is_none() {
            TeamError::Offline(e)
        } else {
            TeamError::Server(e)
        }
    }
}

pub type Result<T> = std::result::Result<T, TeamError>;

/// The server's own words: postgres::Error alone displays "db error".
fn said_by_server(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// A `postgres://` URL with its password taken out: saydo keeps URLs
/// without one (the password comes from `PGPASSWORD` or `~/.pgpass`).
pub fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((who, host)) if who.contains(':') => {
                let user = who.split(':').next().unwrap_or("");
                format!("{scheme}://{user}@{host}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Connects to the team book at `url`. A password not in the URL comes
/// from `PGPASSWORD` or the standard `~/.pgpass`, as with psql.
pub fn connect(url: &str) -> Result<Client> {
    let split = tls::split(url)?;
    let mut config: postgres::Config = split
        .url
        .parse()
        .map_err(|e| TeamError::Input(format!("{url}: not a PostgreSQL URL ({e})")))?;
    let (mode, connector) = tls::connector(&split)?;
    config.ssl_mode(mode);
    if config.get_password().is_none() {
        if let Some(p) = password_for(&config, split.passfile.as_deref()) {
            config.password(p);
        }
    }
    config.application_name("saydo");
    config.connect_timeout(std::time::Duration::from_secs(5));
    Ok(config.connect(connector)?)
}

fn password_for(config: &postgres::Config, passfile: Option<&str>) -> Option<String> {
    if passfile.is_none() {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Some(p);
        }
    }
    let file = passfile
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("PGPASSFILE").map(std::path::PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
    // As libpq: a password file others can read is not used.
    if crate::files::mode_of(&file).is_some_and(|m| m & 0o077 != 0) {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or("").to_string();
    let user = config.get_user().unwrap_or("").to_string();
    pgpass_lookup(&text, &host, &port, &db, &user)
}

/// The password of the first line of a `.pgpass` file that matches
/// (`*` matches anything; `\:` is a colon).
pub fn pgpass_lookup(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let ok = |pat: &str, v: &str| pat == "*" || pat == v;
        if ok(&fields[0], host)
            && ok(&fields[1], port)
            && ok(&fields[2], db)
            && ok(&fields[3], user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// The team book's schema version (0: none yet).
pub fn schema_version(c: &mut Client) -> Result<i64> {
    let exists: bool = c
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM information_schema.tables \
             WHERE table_schema = 'saydo' AND table_name = 'migrations')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = c
        .query_one("SELECT max(version) FROM saydo.migrations", &[])?
        .get(0);
    Ok(v.unwrap_or(0) as i64)
}

/// Refuses to work with a team book of a newer schema than this saydo
/// knows, or an older one that needs `saydo team migrate`.
pub fn check_version(c: &mut Client) -> Result<i64> {
    let v = schema_version(c)?;
    let known = schema::latest();
    if v == 0 {
        // Its tables are hidden from a login that is not one of the team.
        let there: bool = c
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'saydo')",
                &[],
            )?
            .get(0);
        if there {
            people::whoami(c)?;
        }
        return Err(TeamError::Input(
            "there is no team book there yet; `saydo team init URL` makes one".into(),
        ));
    }
    if v > known {
        return Err(TeamError::Input(format!(
            "the team book is at schema {v}, newer than this saydo knows ({known}): \
             update saydo to sync; this book keeps working locally meanwhile"
        )));
    }
    if v < known {
        return Err(TeamError::Input(format!(
            "the team book is at schema {v} and this saydo writes {known}: \
             `saydo team migrate` brings it up to date (everyone's saydo must be new enough)"
        )));
    }
    Ok(v)
}

/// Brings the team book's schema up to this saydo's, in one transaction.
/// A team book that had no people yet gets the one migrating it (`me`)
/// as its admin: from schema 2 on only the team's people may use it.
pub fn migrate(c: &mut Client, me: &str) -> Result<(i64, i64)> {
    let mut tx = c.transaction()?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS saydo; \
         CREATE TABLE IF NOT EXISTS saydo.migrations (version int PRIMARY KEY, name text NOT NULL, \
         at timestamptz NOT NULL DEFAULT now()); \
         LOCK TABLE saydo.migrations IN EXCLUSIVE MODE;",
    )?;
    let from: Option<i32> = tx
        .query_one("SELECT max(version) FROM saydo.migrations", &[])?
        .get(0);
    let from = from.unwrap_or(0) as i64;
    for m in schema::MIGRATIONS.iter().filter(|m| m.version > from) {
        tx.batch_execute(m.sql)?;
        tx.execute(
            "INSERT INTO saydo.migrations (version, name) VALUES ($1, $2)",
            &[&(m.version as i32), &m.name],
        )?;
    }
    let person = crate::domain::person_id(me);
    tx.execute(
        "INSERT INTO saydo.members (login, person, name, role)          SELECT session_user, COALESCE((SELECT id FROM saydo.records WHERE tbl = 'people'          AND NOT deleted AND lower(data->>'name') = lower($2)), $1), $2, 'admin'          WHERE NOT EXISTS (SELECT 1 FROM saydo.members WHERE role = 'admin')",
        &[&person, &me],
    )?;
    tx.commit()?;
    Ok((from, schema::latest()))
}

/// Makes a team book at `url` from `local`: the schema, then every record
/// of this book as its first content. `local` becomes its first replica.
pub fn init(url: &str, local: &mut SqliteStore, me: &str) -> Result<usize> {
    if local.replica()?.is_some() {
        return Err(TeamError::Input(
            "this book is a replica of a team book already".into(),
        ));
    }
    let mut c = connect(url)?;
    if schema_version(&mut c)? > 0 {
        return Err(TeamError::Input(format!(
            "{}: a team book is there already; `saydo team join` makes a replica of it",
            without_password(url)
        )));
    }
    migrate(&mut c, me)?;
    let mut tx = c.transaction()?;
    // COPY, not a statement per record: a big book goes up in one stream.
    let mut n = 0;
    let mut failed: Option<std::io::Error> = None;
    {
        use std::io::Write;
        let mut w = tx.copy_in(
            "COPY saydo.records (id, tbl, data, version, account, region) FROM STDIN (FORMAT csv)",
        )?;
        let mut place = Placing::default();
        local.each_record(&mut |table, id, fields| {
            if failed.is_none() {
                let (account, region) = place.of(table, id, &fields);
                let data = serde_json::Value::Object(fields)
                    .to_string()
                    .replace('"', "\"\"");
                let account = account.map_or(String::new(), |a| a.to_string());
                let region =
                    region.map_or(String::new(), |r| format!("\"{}\"", r.replace('"', "\"\"")));
                match writeln!(w, "{id},{table},\"{data}\",0,{account},{region}") {
                    Ok(()) => n += 1,
                    Err(e) => failed = Some(e),
                }
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(TeamError::Input(format!("uploading the book: {e}")));
        }
        w.finish()?;
    }
    // The few records on an account through another record's reference.
    tx.batch_execute(
        "UPDATE saydo.records r SET account = saydo.account_of(r.tbl, r.id, r.data) \
         WHERE r.account IS NULL AND r.tbl IN ('renegotiations', 'signal_notes'); \
         UPDATE saydo.records r SET region = a.region FROM saydo.records a \
         WHERE a.id = r.account AND r.tbl IN ('renegotiations', 'signal_notes');",
    )?;
    tx.commit()?;
    let from: i64 = c
        .query_one("SELECT COALESCE(max(seq), 0) FROM saydo.changes", &[])?
        .get(0);
    local.set_replica(&ReplicaState {
        url: without_password(url),
        me: me.to_string(),
        cursor: Cursor {
            from: from.to_string(),
            snapshot: String::new(),
        },
        team_version: schema::latest(),
        last_sync: None,
        last_error: None,
    })?;
    Ok(n)
}

/// Each record's account and region as the upload goes: accounts and
/// metrics come before the records that name them.
#[derive(Default)]
struct Placing {
    regions: std::collections::HashMap<uuid::Uuid, Option<String>>,
    metrics: std::collections::HashMap<uuid::Uuid, uuid::Uuid>,
}

impl Placing {
    fn of(
        &mut self,
        table: &str,
        id: uuid::Uuid,
        fields: &crate::store::wire::Fields,
    ) -> (Option<uuid::Uuid>, Option<String>) {
        let uuid_at = |k: &str| {
            fields
                .get(k)
                .and_then(|v| v.as_str())
                .and_then(|s| uuid::Uuid::parse_str(s).ok())
        };
        let account = match table {
            "people" => return (None, None),
            "accounts" => {
                let region = fields
                    .get("region")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                self.regions.insert(id, region.clone());
                return (Some(id), region);
            }
            "measurements" => uuid_at("metric").and_then(|m| self.metrics.get(&m).copied()),
            _ => uuid_at("account"),
        };
        if table == "metrics" {
            if let Some(a) = account {
                self.metrics.insert(id, a);
            }
        }
        let region = account.and_then(|a| self.regions.get(&a).cloned().flatten());
        (account, region)
    }
}

/// Makes `local` (a new, empty file) a replica of the team book at `url`:
/// one consistent snapshot of every record, then the cursor of that
/// snapshot, so the first pull neither skips nor repeats a change.
pub fn join(url: &str, local: &mut SqliteStore) -> Result<usize> {
    let mut c = connect(url)?;
    let version = check_version(&mut c)?;
    let me = people::whoami(&mut c)?.name;
    let mut tx = c
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    // Numbers commit in order (pull.rs): every change up to the highest
    // this snapshot sees is in it, and none after.
    let upto: i64 = tx
        .query_one("SELECT COALESCE(max(seq), 0) FROM saydo.changes", &[])?
        .get(0);
    let order: Vec<String> = crate::store::migrations::RECORD_TABLES
        .iter()
        .map(|t| t.to_string())
        .collect();
    let records = tx.bind(
        "SELECT tbl, id, data, version FROM saydo.records WHERE NOT deleted \
         ORDER BY array_position($1::text[], tbl), born",
        &[&order],
    )?;
    let log = tx.bind(
        &format!(
            "SELECT {} FROM saydo.changes WHERE seq <= $1 ORDER BY seq",
            pull::LOG_COLUMNS
        ),
        &[&upto],
    )?;
    let state = joined_state(url, me, upto, version);
    // Both streams read from the one snapshot, a batch at a time.
    let tx = std::cell::RefCell::new(tx);
    let failed: std::cell::RefCell<Option<postgres::Error>> = Default::default();
    let fetch = |portal: &postgres::Portal| -> std::result::Result<Vec<postgres::Row>, StoreError> {
        tx.borrow_mut().query_portal(portal, 1000).map_err(|e| {
            let said = StoreError::Backend(format!("the team book: {e}"));
            *failed.borrow_mut() = Some(e);
            said
        })
    };
    let mut rec_batch: std::collections::VecDeque<TeamRecord> = Default::default();
    let mut log_batch: std::collections::VecDeque<Pulled> = Default::default();
    let n = local.load_replica(
        &state,
        &mut || {
            if rec_batch.is_empty() {
                for r in fetch(&records)? {
                    rec_batch.extend(team_record(&r));
                }
            }
            Ok(rec_batch.pop_front())
        },
        &mut || {
            if log_batch.is_empty() {
                for r in fetch(&log)? {
                    let p = pull::change_of(&r).map_err(|e| StoreError::Backend(e.to_string()))?;
                    log_batch.push_back(p);
                }
            }
            Ok(log_batch.pop_front())
        },
    );
    if let Some(e) = failed.into_inner() {
        return Err(e.into());
    }
    let n = n?;
    tx.into_inner().commit()?;
    Ok(n)
}

/// The replica's state once joined: synced up to `upto`.
fn joined_state(url: &str, me: String, upto: i64, version: i64) -> ReplicaState {
    ReplicaState {
        url: without_password(url),
        me,
        cursor: Cursor {
            from: upto.to_string(),
            snapshot: String::new(),
        },
        team_version: version,
        last_sync: None,
        last_error: None,
    }
}

/// A record row of the snapshot; `None` when its data is no JSON object.
fn team_record(r: &postgres::Row) -> Option<TeamRecord> {
    let serde_json::Value::Object(fields) = r.get::<_, serde_json::Value>(2) else {
        return None;
    };
    Some(TeamRecord {
        table: r.get(0),
        id: r.get(1),
        fields,
        version: r.get(3),
    })
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    pub pushed: usize,
    pub refused: usize,
    pub pulled: usize,
}

impl Synced {
    pub fn describe(&self) -> String {
        let mut parts = vec![
            format!("pushed {}", self.pushed),
            format!("pulled {}", self.pulled),
        ];
        if self.refused > 0 {
            parts.push(format!(
                "{} refused (see `saydo team conflicts`)",
                self.refused
            ));
        }
        parts.join(", ")
    }
}

/// Pushes the outbox, then pulls everyone else's changes, once.
pub fn sync(c: &mut Client, local: &mut SqliteStore) -> Result<Synced> {
    if local.replica()?.is_none() {
        return Err(TeamError::Input(
            "this book is not a replica of a team book; `saydo team join URL` or `saydo team init URL`"
                .into(),
        ));
    }
    check_version(c)?;
    people::whoami(c)?;
    let (pushed, refused) = push(c, local)?;
    let pulled = pull(c, local)?;
    Ok(Synced {
        pushed,
        refused,
        pulled,
    })
}

/// Connects to this replica's team book and syncs once, noting the
/// outcome in the replica (for `team status` and the status line).
pub fn sync_once(local: &mut SqliteStore, at: &str) -> Result<Synced> {
    let Some(state) = local.replica()? else {
        return Err(TeamError::Input(
            "this book is not a replica of a team book; `saydo team join URL` or `saydo team init URL`"
                .into(),
        ));
    };
    let result = connect(&state.url).and_then(|mut c| sync(&mut c, local));
    match &result {
        Ok(_) => local.note_sync(at, None)?,
        Err(e) => local.note_sync(at, Some(&e.to_string()))?,
    }
    result
}
