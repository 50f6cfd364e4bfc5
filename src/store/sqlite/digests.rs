//! Each account's digest ([`crate::domain::digest`]), kept in the same
//! transaction as every change to the account's records: the change log
//! ([`super::changes::note`]) names the accounts a change touched, and
//! their digests are worked out again from the records as the
//! transaction sees them. A change that reaches beyond accounts (a
//! person renamed, a bulk load) works out every digest again.

use super::*;
use crate::domain::digest::Digest;
use crate::store::AccountRecords;
use std::collections::BTreeSet;

/// Whether this file has the table (a file opened at an older version,
/// in the migration tests, has none).
fn kept(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'digests'")?
        .exists([])?)
}

fn store(conn: &Connection, account: i64, d: &Digest) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO digests (account, body) VALUES (?1, ?2)")?
        .execute(params![account, d.encode()])?;
    Ok(())
}

/// One account's records, read with `conn` (inside a transaction: as it
/// sees them).
pub(super) fn records_of(conn: &Connection, account: Account) -> Result<AccountRecords> {
    let num = account.num;
    let mut metrics = Vec::new();
    let mut noted = Vec::new();
    for m in read_metrics(conn, Some(num))? {
        let ms = read_measurements(conn, m.num)?;
        for n in read_signal_notes(conn, Some(m.num))? {
            noted.push((n.metric, n.rule, n.on));
        }
        metrics.push((m, ms));
    }
    Ok(AccountRecords {
        noted,
        commitments: read_commitments(
            conn,
            &CommitmentQuery {
                account: Some(num),
                ..Default::default()
            },
        )?,
        visits: read_visits(
            conn,
            &VisitQuery {
                account: Some(num),
                ..Default::default()
            },
        )?,
        metrics,
        account,
    })
}

/// Brings the digests of `accounts` up to date (`None`: of every account).
pub(super) fn refresh(tx: &Connection, accounts: Option<&BTreeSet<i64>>) -> Result<()> {
    if !kept(tx)? {
        return Ok(());
    }
    match accounts {
        Some(nums) => {
            for n in nums {
                match account_by_num(tx, *n)? {
                    Some(a) => store(tx, *n, &records_of(tx, a)?.digest())?,
                    None => {
                        tx.prepare_cached("DELETE FROM digests WHERE account = ?1")?
                            .execute([n])?;
                    }
                }
            }
            Ok(())
        }
        None => {
            tx.execute("DELETE FROM digests", [])?;
            let all = AccountQuery {
                include_archived: true,
                ..Default::default()
            };
            stream::each_account(tx, &all, &mut |rec| {
                store(tx, rec.account.num, &rec.digest())
            })
        }
    }
}

/// Works every digest out again when they are of another encoding than
/// this saydo's (one made by an older or newer saydo): they would be
/// refused one by one and worked out from the records at every read.
pub(super) fn renew_if_stale(conn: &mut Connection) -> Result<()> {
    if !kept(conn)? {
        return Ok(());
    }
    let stale = |c: &Connection| -> Result<bool> {
        let mut stmt = c.prepare_cached("SELECT body FROM digests LIMIT 1")?;
        let mut rows = stmt.query([])?;
        let Some(row) = rows.next()? else {
            return Ok(false);
        };
        Ok(match row.get_ref(0)? {
            ValueRef::Blob(b) => b.first() != Some(&crate::domain::digest::VERSION),
            _ => true,
        })
    };
    if !stale(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if stale(&tx)? {
        refresh(&tx, None)?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema version that brought digests.
pub(super) const SINCE_VERSION: i64 = 9;

/// One account's digest, as kept (or worked out when it is not).
pub(super) fn one(conn: &Connection, account: Account) -> Result<Digest> {
    if kept(conn)? {
        let body: Option<Vec<u8>> = conn
            .prepare_cached("SELECT body FROM digests WHERE account = ?1")?
            .query_row([account.num], |r| r.get(0))
            .optional()?;
        if let Some(d) = body.as_deref().and_then(Digest::decode) {
            return Ok(d);
        }
    }
    Ok(records_of(conn, account)?.digest())
}

/// Every account the query selects with its digest, by number; one whose
/// digest is missing or unreadable has it worked out from its records.
pub(super) fn each(
    conn: &Connection,
    q: &AccountQuery,
    f: &mut dyn FnMut(Account, Digest) -> Result<()>,
) -> Result<()> {
    if !kept(conn)? {
        return stream::each_account(conn, q, &mut |rec| {
            let d = rec.digest();
            f(rec.account, d)
        });
    }
    let filter = super::account_filter(q);
    let sql = scan_sql(q, &filter);
    let row = account_reader(q);
    let mut names = if q.figures_only {
        crate::domain::digest::Names::figures_only()
    } else {
        crate::domain::digest::Names::default()
    };
    if let Some(reader) = scan::second_reader(conn, q, scan::FROM_ACCOUNTS)? {
        let batch = scan::BATCH;
        return scan::pipelined(reader, &sql, &filter.params, row, batch, &mut |a, body| {
            let d = body.and_then(|b| Digest::decode_sharing(b, &mut names));
            digest_or_records(conn, a, d, f)
        });
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(filter.params.iter()))?;
    while let Some(r) = rows.next()? {
        let account = row(r)?;
        let d = match r.get_ref(BODY)? {
            ValueRef::Blob(b) => Digest::decode_sharing(b, &mut names),
            _ => None,
        };
        digest_or_records(conn, account, d, f)?;
    }
    Ok(())
}

/// Where a scan's row holds the digest: after the account's columns.
pub(super) const BODY: usize = const { super::rows::width(ACCOUNT_COLS) };

fn digest_or_records(
    conn: &Connection,
    account: Account,
    d: Option<Digest>,
    f: &mut dyn FnMut(Account, Digest) -> Result<()>,
) -> Result<()> {
    let d = match d {
        Some(d) => d,
        None => records_of(conn, account.clone())?.digest(),
    };
    f(account, d)
}

/// The account as much of it as the query asks for.
pub(super) fn account_reader(q: &AccountQuery) -> fn(&Row) -> rusqlite::Result<Account> {
    if q.terms_only {
        terms_row
    } else if q.lean {
        lean_account_row
    } else {
        account_row
    }
}

/// Accounts with their digests, in the table's own order: through an
/// index on `archived`, SQLite would look up each row and sort them all
/// in a temporary file.
pub(super) fn scan_sql(q: &AccountQuery, filter: &super::reads::Filter) -> String {
    let limit = q.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    let mut cols = ACCOUNT_COLS.replacen(
        " FROM accounts a",
        ", d.body FROM accounts a NOT INDEXED",
        1,
    );
    // Columns left unread keep their places, as empty text. Each is
    // replaced at its first mention; "a.stage," carries its comma so that
    // it can never be taken for the start of "a.stage_since".
    let mut unread = Vec::new();
    if q.lean || q.terms_only {
        unread.extend([
            "a.why",
            "a.key_dates",
            "a.renewals",
            "a.answers",
            "a.assessments",
        ]);
    }
    if q.terms_only {
        unread.extend([
            "a.id", "a.name", "a.handle", "a.region", "a.tags", "a.stage,",
        ]);
    }
    for c in unread {
        let empty = if c.ends_with(',') { "''," } else { "''" };
        cols = cols.replacen(c, empty, 1);
    }
    format!(
        "SELECT {cols} LEFT JOIN digests d ON d.account = a.num{} ORDER BY a.num{limit}",
        filter.sql()
    )
}
