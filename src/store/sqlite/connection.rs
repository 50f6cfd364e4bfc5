//! The book's file: opening it (read-only where it cannot be written),
//! its schema migrations, and the transaction each write runs in.

use super::*;

/// Whether this process may write `path` and create its side files beside
/// it (SQLite's -wal and -shm). The folder is tried with a probe file.
pub(super) fn writable(path: &Path) -> bool {
    if !path.exists() {
        return true;
    }
    if std::fs::OpenOptions::new().write(true).open(path).is_err() {
        return false;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let probe = dir.join(format!(".saydo-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// A file path as an SQLite URI, read-only and immutable (nothing can
/// change it under us, and no side file is needed).
pub(super) fn read_only_uri(path: &Path) -> String {
    let mut p = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => p.push_str("%25"),
            '?' => p.push_str("%3f"),
            '#' => p.push_str("%23"),
            c => p.push(c),
        }
    }
    format!("file:{p}?mode=ro&immutable=1")
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_at_version(path, i64::MAX)
    }

    /// Opens and migrates only up to `version`: for tests of migrations on
    /// files made by an older saydo.
    pub fn open_at_version(path: &Path, version: i64) -> Result<Self> {
        if !writable(path) {
            return Self::open_read_only(path);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::private_dir(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        // SQLite gives its -wal and -shm files the mode of the database
        // file, so a database created 0600 keeps all three private.
        crate::files::touch_private(path)
            .map_err(|e| StoreError::Backend(format!("cannot create {}: {e}", path.display())))?;
        let conn = Connection::open(path)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        let prepare = |conn: Connection| -> Result<Self> {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            set_wal(&conn)?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            let mut store = SqliteStore {
                conn,
                read_only: false,
            };
            store.migrate(SQLITE, version)?;
            digests::renew_if_stale(&mut store.conn)?;
            Ok(store)
        };
        prepare(conn).map_err(|e| match e {
            StoreError::Backend(m) => StoreError::Backend(format!("{}: {m}", path.display())),
            StoreError::Sqlite(e) => StoreError::Backend(format!("{}: {e}", path.display())),
            other => other,
        })
    }

    /// Opens a book this process may not write: at once, for reading.
    pub(super) fn open_read_only(path: &Path) -> Result<Self> {
        let shown = path.display();
        let conn = Connection::open_with_flags(
            read_only_uri(path),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| StoreError::Backend(format!("cannot open {shown}: {e}")))?;
        let store = SqliteStore {
            conn,
            read_only: true,
        };
        let have = store.schema_version().unwrap_or(0);
        let want = SQLITE.last().map_or(0, |m| m.version);
        if have < want {
            return Err(StoreError::Input(crate::rules::Refusal::new(format!(
                "{shown} is read-only and was made by an older saydo (schema {have} of {want}); \
                 open it once with write access to bring it up to date"
            ))));
        }
        Ok(store)
    }

    /// Refuses a write on a read-only book, saying why.
    pub(super) fn writes(&self) -> Result<()> {
        if self.read_only {
            return input(
                "this book is read-only (its file or folder is not writable by you): lists, stats \
                 and exports work; writing needs write access to the file and its folder",
            );
        }
        Ok(())
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM migrations",
            [],
            |r| r.get(0),
        )?)
    }

    pub(super) fn migrate(&mut self, migrations: &[Migration], up_to: i64) -> Result<()> {
        let current: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM migrations",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        if migrations
            .iter()
            .all(|m| m.version <= current || m.version > up_to)
        {
            return Ok(());
        }
        // Another process may be migrating too: decide again under the lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        )?;
        let current: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM migrations",
            [],
            |r| r.get(0),
        )?;
        for m in migrations
            .iter()
            .filter(|m| m.version > current && m.version <= up_to)
        {
            tx.execute_batch(m.sql).map_err(|e| {
                StoreError::Backend(format!("migration {} ({}) failed: {e}", m.version, m.name))
            })?;
            tx.execute(
                "INSERT INTO migrations (version, name) VALUES (?1, ?2)",
                params![m.version, m.name],
            )?;
        }
        // Digests came with migration 9: a book made before has them worked
        // out once, in the same transaction.
        if current < digests::SINCE_VERSION && up_to >= digests::SINCE_VERSION {
            digests::refresh(&tx, None)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub(super) fn write(
        &mut self,
        f: impl FnOnce(&Transaction, &mut Recorder) -> Result<Applied>,
    ) -> Result<Applied> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut rec = Recorder::new(&tx)?;
        let applied = f(&tx, &mut rec)?;
        rec.finish(&tx, &applied.label)?;
        tx.commit()?;
        Ok(applied)
    }
}

pub(super) fn set_wal(conn: &Connection) -> Result<()> {
    // Switching to WAL needs a moment of exclusive access; a second process
    // opening the same new file can make it busy, so try a few times.
    let mut last = None;
    for attempt in 0..50 {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(StoreError::Backend(format!(
                    "the database would not switch to WAL mode (it is in {mode} mode)"
                )))
            }
            // Only a busy file is worth another try; anything else is final.
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                last = Some(e)
            }
            Err(e) => return Err(e.into()),
        }
        std::thread::sleep(Duration::from_millis(20 + attempt * 5));
    }
    Err(last
        .map(StoreError::from)
        .unwrap_or_else(|| StoreError::Backend("busy".into())))
}
