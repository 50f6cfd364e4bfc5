//! A whole-book scan of accounts and their digests on two cores: a
//! second, read-only connection reads the rows on its own thread while
//! the caller's thread decodes the digests and works out the figures.
//! Reading (SQLite, the kernel's copies) was 40 % of `saydo stats` at
//! 100,000 accounts, the rest decoding and adding up; one thread each
//! overlaps the two.
//!
//! Only the reading moves: the rows go over in batches, each digest's
//! bytes copied into one buffer a batch, so the threads share no SQLite
//! connection (SQLite's own mutexes would make them wait on each other)
//! and the caller's closure, which need not be `Send`, stays home.

use super::*;
use std::ops::Range;
use std::sync::mpsc;

/// Below this many accounts a second connection costs more than it saves
/// (its opening parses the schema again: about a millisecond).
pub(super) const FROM_ACCOUNTS: i64 = 4_000;

/// Rows a batch: big enough that the channel is no cost, small enough
/// that the first figures start at once.
pub(super) const BATCH: usize = 512;

/// What takes each account and its digest's bytes, if it has a digest.
pub(super) type Consume<'a> = dyn FnMut(Account, Option<&[u8]>) -> Result<()> + 'a;

struct Batch {
    rows: Vec<(Account, Option<Range<usize>>)>,
    bodies: Vec<u8>,
}

/// A second connection onto `conn`'s file, when a scan of `q` is worth
/// one: a file on disk, writable (a read-only book is opened immutable,
/// which a second connection could not share), outside any transaction
/// (a second connection would not see what it has written) and big.
pub(super) fn second_reader(
    conn: &Connection,
    q: &AccountQuery,
    from_accounts: i64,
) -> Result<Option<Connection>> {
    if !conn.is_autocommit() || conn.is_readonly(rusqlite::MAIN_DB)? {
        return Ok(None);
    }
    if q.limit.is_some_and(|n| (n as i64) < from_accounts) {
        return Ok(None);
    }
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let last: Option<i64> = conn.query_row("SELECT max(num) FROM accounts", [], |r| r.get(0))?;
    if last.unwrap_or(0) < from_accounts {
        return Ok(None);
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    // Any trouble opening it and the scan runs on one thread, as before.
    let Ok(reader) = Connection::open_with_flags(path, flags) else {
        return Ok(None);
    };
    // Each page is read once, in order: a small cache is enough, and the
    // scan's memory stays what it was on one thread.
    if reader.busy_timeout(BUSY_TIMEOUT).is_err()
        || reader.pragma_update(None, "cache_size", -256).is_err()
    {
        return Ok(None);
    }
    Ok(Some(reader))
}

/// Runs `sql` on `reader` in a thread of its own, each row read as an
/// account by `row` with the digest's bytes from the column after the
/// account's, and hands them to `consume` in order on this thread.
pub(super) fn pipelined(
    reader: Connection,
    sql: &str,
    params: &[Value],
    row: fn(&Row) -> rusqlite::Result<Account>,
    batch: usize,
    consume: &mut Consume,
) -> Result<()> {
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<Result<Batch>>(4);
        let reading = s.spawn(move || {
            if let Err(e) = read(&reader, sql, params, row, batch, &tx) {
                // The receiver may have stopped already; then so may we.
                let _ = tx.send(Err(e));
            }
        });
        let consumed = (|| {
            for batch in rx.iter() {
                let batch = batch?;
                for (account, body) in batch.rows {
                    consume(account, body.map(|b| &batch.bodies[b]))?;
                }
            }
            Ok(())
        })();
        // Dropping the receiver ends the reading thread at its next send.
        drop(rx);
        if reading.join().is_err() {
            return Err(StoreError::Backend("the reading thread failed".into()));
        }
        consumed
    })
}

fn read(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    row: fn(&Row) -> rusqlite::Result<Account>,
    size: usize,
    tx: &mpsc::SyncSender<Result<Batch>>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    let fresh = || Batch {
        rows: Vec::with_capacity(size),
        bodies: Vec::with_capacity(size * 256),
    };
    let mut batch = fresh();
    while let Some(r) = rows.next()? {
        let account = row(r)?;
        let body = match r.get_ref(super::digests::BODY)? {
            ValueRef::Blob(b) => {
                let at = batch.bodies.len();
                batch.bodies.extend_from_slice(b);
                Some(at..batch.bodies.len())
            }
            _ => None,
        };
        batch.rows.push((account, body));
        if batch.rows.len() == size && tx.send(Ok(std::mem::replace(&mut batch, fresh()))).is_err()
        {
            return Ok(());
        }
    }
    if !batch.rows.is_empty() {
        let _ = tx.send(Ok(batch));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::digests::{account_reader, each, scan_sql};
    use super::*;
    use crate::domain::digest::Digest;
    use crate::store::Store;

    fn demo_book(dir: &std::path::Path) -> SqliteStore {
        let mut store = SqliteStore::open(&dir.join("book.db")).unwrap();
        store
            .bulk(false, &mut |sink| {
                let today = jiff::civil::date(2026, 11, 24);
                crate::demo::generate(sink, 40, today, &crate::domain::default_stages())?;
                Ok(())
            })
            .unwrap();
        store
    }

    type Seen = Vec<(i64, String, Option<String>, bool, Vec<u8>)>;

    fn on_one_thread(conn: &Connection, q: &AccountQuery) -> Seen {
        let mut seen = Seen::new();
        each(conn, q, &mut |a, d| {
            seen.push((a.num, a.name, a.owner, a.key_dates.is_empty(), d.encode()));
            Ok(())
        })
        .unwrap();
        seen
    }

    fn on_two(conn: &Connection, q: &AccountQuery, batch: usize) -> Seen {
        let filter = super::super::account_filter(q);
        let reader = second_reader(conn, q, 0).unwrap().expect("a second reader");
        let mut seen = Seen::new();
        let sql = scan_sql(q, &filter);
        let mut names = if q.figures_only {
            crate::domain::digest::Names::figures_only()
        } else {
            crate::domain::digest::Names::default()
        };
        pipelined(
            reader,
            &sql,
            &filter.params,
            account_reader(q),
            batch,
            &mut |a, body| {
                let d = Digest::decode_sharing(body.unwrap(), &mut names).unwrap();
                seen.push((a.num, a.name, a.owner, a.key_dates.is_empty(), d.encode()));
                Ok(())
            },
        )
        .unwrap();
        seen
    }

    #[test]
    fn two_threads_read_what_one_reads_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_book(dir.path());
        let owner = AccountQuery {
            owner: Some("Dana Cole".into()),
            ..Default::default()
        };
        for q in [
            AccountQuery::default(),
            AccountQuery::lean(),
            AccountQuery::sums(),
            AccountQuery::figures(),
            owner,
        ] {
            let one = on_one_thread(&store.conn, &q);
            assert!(one.len() > 5, "{}", one.len());
            // Batches of one, of a few, and one batch for all.
            for batch in [1, 7, 1000] {
                // Not assert_eq!: a failure would print every digest.
                assert!(on_two(&store.conn, &q, batch) == one, "batch {batch}");
            }
        }
    }

    #[test]
    fn a_small_book_or_an_open_transaction_reads_on_one_thread() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = demo_book(dir.path());
        let q = AccountQuery::default();
        assert!(second_reader(&store.conn, &q, FROM_ACCOUNTS)
            .unwrap()
            .is_none());
        assert!(second_reader(&store.conn, &q, 0).unwrap().is_some());
        let few = AccountQuery {
            limit: Some(10),
            ..Default::default()
        };
        assert!(second_reader(&store.conn, &few, 20).unwrap().is_none());
        assert!(second_reader(&store.conn, &q, 20).unwrap().is_some());
        let tx = store.conn.transaction().unwrap();
        assert!(second_reader(&tx, &q, 0).unwrap().is_none());
    }

    #[test]
    fn a_failure_while_consuming_stops_the_reading_and_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_book(dir.path());
        let q = AccountQuery::default();
        let filter = super::super::account_filter(&q);
        let reader = second_reader(&store.conn, &q, 0).unwrap().unwrap();
        let mut n = 0;
        let got = pipelined(
            reader,
            &scan_sql(&q, &filter),
            &filter.params,
            account_reader(&q),
            2,
            &mut |_, _| {
                n += 1;
                if n == 3 {
                    return Err(StoreError::Backend("stop here".into()));
                }
                Ok(())
            },
        );
        assert!(matches!(got, Err(StoreError::Backend(m)) if m == "stop here"));
        assert_eq!(n, 3);
    }

    #[test]
    fn a_failure_while_reading_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_book(dir.path());
        let q = AccountQuery::default();
        let reader = second_reader(&store.conn, &q, 0).unwrap().unwrap();
        let got = pipelined(
            reader,
            "SELECT nothing FROM nowhere",
            &[],
            account_reader(&q),
            2,
            &mut |_, _| Ok(()),
        );
        assert!(got.is_err());
    }
}
