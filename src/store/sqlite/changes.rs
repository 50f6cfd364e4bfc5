//! Which accounts each committed change touched, kept beside the data in
//! the same transaction, so that another process showing the book brings
//! just those accounts up to date instead of reading everything again.

use super::*;
use std::collections::BTreeSet;

/// The schema version that brought the change log (a file opened at an
/// older version, in the migration tests, has none).
pub(super) const SINCE_VERSION: i64 = 5;

/// How many changes are remembered; a reader further behind than that
/// reads everything again.
const KEPT: i64 = 10_000;

/// A row a change wrote: its table, number and images before and after.
pub(super) type Touched<'a> = (&'a str, i64, Option<&'a str>, Option<&'a str>);

/// The accounts `rows` belong to; `None` when a change reaches beyond
/// accounts.
pub(super) fn accounts_of(tx: &Connection, rows: &[Touched]) -> Result<Option<BTreeSet<i64>>> {
    let mut out = BTreeSet::new();
    for (table, num, before, after) in rows {
        let images: Vec<serde_json::Map<String, serde_json::Value>> = [before, after]
            .into_iter()
            .flatten()
            .filter_map(|i| serde_json::from_str(i).ok())
            .collect();
        let field = |name: &str| -> Vec<i64> {
            images
                .iter()
                .filter_map(|m| m.get(name).and_then(|v| v.as_i64()))
                .collect()
        };
        let parent = |sql: &str, nums: Vec<i64>| -> Result<Vec<i64>> {
            let mut found = Vec::new();
            for n in nums {
                // A parent removed in the same change is a row of its own.
                if let Some(a) = tx.query_row(sql, [n], |r| r.get::<_, i64>(0)).optional()? {
                    found.push(a);
                }
            }
            Ok(found)
        };
        match *table {
            // A new person belongs to no account yet; a person changed
            // shows on every account they own.
            "people" if before.is_none() => {}
            "people" => return Ok(None),
            "accounts" => {
                out.insert(*num);
            }
            "measurements" | "signal_notes" => out.extend(parent(
                "SELECT account FROM metrics WHERE num = ?1",
                field("metric"),
            )?),
            "renegotiations" => out.extend(parent(
                "SELECT account FROM commitments WHERE num = ?1",
                field("commitment"),
            )?),
            _ => out.extend(field("account")),
        }
    }
    Ok(Some(out))
}

/// Records that `accounts` changed (`None`: anything may have), and
/// brings their digests up to date.
pub(super) fn note(tx: &Connection, accounts: Option<&BTreeSet<i64>>) -> Result<()> {
    // The same accounts' digests, in the same transaction.
    super::digests::refresh(tx, accounts)?;
    match accounts {
        None => {
            tx.execute("INSERT INTO changes (account) VALUES (NULL)", [])?;
        }
        Some(nums) => {
            let mut stmt = tx.prepare_cached("INSERT INTO changes (account) VALUES (?1)")?;
            for n in nums {
                stmt.execute([n])?;
            }
        }
    }
    // By the log's own numbers: a change that touched no account inserts
    // nothing, and the last row inserted is then another table's.
    tx.prepare_cached("DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ?1")?
        .execute([KEPT])?;
    Ok(())
}

/// The latest change's number (0 before any).
pub(super) fn mark(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// What changed after change `seq`.
pub(super) fn since(conn: &Connection, seq: i64) -> Result<crate::store::Changed> {
    let upto = mark(conn)?;
    let oldest: Option<i64> = conn.query_row("SELECT MIN(seq) FROM changes", [], |r| r.get(0))?;
    // Changes forgotten since: anything may have changed.
    if upto > seq && oldest.is_none_or(|o| o > seq + 1) {
        return Ok(crate::store::Changed {
            upto,
            accounts: None,
        });
    }
    let mut stmt = conn.prepare_cached("SELECT account FROM changes WHERE seq > ?1")?;
    let rows = stmt.query_map([seq], |r| r.get::<_, Option<i64>>(0))?;
    let mut accounts = BTreeSet::new();
    for a in rows {
        match a? {
            Some(n) => {
                accounts.insert(n);
            }
            None => {
                return Ok(crate::store::Changed {
                    upto,
                    accounts: None,
                })
            }
        }
    }
    Ok(crate::store::Changed {
        upto,
        accounts: Some(accounts.into_iter().collect()),
    })
}
