//! Every account with its records in a handful of ordered reads instead of
//! several look-ups per account: what the portfolio's figures need, streamed
//! one account at a time so a large book never sits in memory whole.

use super::*;
use crate::store::AccountRecords;
use std::iter::Peekable;

/// Takes the leading items of `it` that belong to `account`, skipping any
/// of accounts before it (those the query left out).
fn take_for<T>(
    it: &mut Peekable<impl Iterator<Item = rusqlite::Result<(i64, T)>>>,
    account: i64,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    loop {
        match it.peek() {
            Some(Ok((a, _))) if *a < account => {
                it.next();
            }
            Some(Ok((a, _))) if *a == account => {
                if let Some(Ok((_, v))) = it.next() {
                    out.push(v);
                }
            }
            Some(Err(_)) => {
                return Err(it
                    .next()
                    .and_then(|r| r.err())
                    .map(StoreError::from)
                    .unwrap_or_else(|| StoreError::Backend("read failed".into())));
            }
            _ => return Ok(out),
        }
    }
}

pub(super) fn each_account(
    conn: &Connection,
    q: &AccountQuery,
    f: &mut dyn FnMut(AccountRecords) -> Result<()>,
) -> Result<()> {
    let filter = super::account_filter(q);
    let limit = q.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    // In the table's own order (see `digests::each`).
    let cols = ACCOUNT_COLS.replacen(" FROM accounts a", " FROM accounts a NOT INDEXED", 1);
    let mut accounts_stmt = conn.prepare(&format!(
        "SELECT {cols}{} ORDER BY a.num{limit}",
        filter.sql()
    ))?;
    let mut commitments_stmt = conn.prepare(&format!(
        "SELECT {COMMITMENT_COLS} {COMMITMENT_FROM} ORDER BY c.account, c.num"
    ))?;
    let mut renegs_stmt = conn.prepare(
        "SELECT c.account, r.commitment, r.new_due, r.reason, r.agreed_on FROM renegotiations r \
         JOIN commitments c ON c.num = r.commitment ORDER BY c.account, r.commitment, r.num",
    )?;
    let mut visits_stmt = conn.prepare(&format!(
        "SELECT {VISIT_COLS} ORDER BY v.account, v.on_date DESC, v.num DESC"
    ))?;
    let mut metrics_stmt = conn.prepare(&format!("SELECT {METRIC_COLS} ORDER BY account, num"))?;
    let mut measure_stmt = conn.prepare_cached(&format!(
        "SELECT {MEASUREMENT_COLS} WHERE metric = ?1 ORDER BY on_date, num"
    ))?;

    let notes = signal_notes_by_metric(conn)?;
    let mut accounts = accounts_stmt.query_map(
        rusqlite::params_from_iter(filter.params.iter()),
        account_row,
    )?;
    let mut commitments = commitments_stmt
        .query_map([], |r| Ok((r.get::<_, i64>(2)?, commitment_row(r)?)))?
        .peekable();
    let mut renegs = renegs_stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, renegotiation_row(r, 1)?)))?
        .peekable();
    let mut visits = visits_stmt
        .query_map([], |r| Ok((r.get::<_, i64>(2)?, visit_row(r)?)))?
        .peekable();
    let mut metrics = metrics_stmt
        .query_map([], |r| Ok((r.get::<_, i64>(2)?, metric_row(r)?)))?
        .peekable();

    for account in accounts.by_ref() {
        let account = account?;
        let num = account.num;
        let mut cs = take_for(&mut commitments, num)?;
        with_renegotiations(&mut cs, take_for(&mut renegs, num)?);
        cs.sort_by_key(|c| (c.due(), c.num));
        let vs = take_for(&mut visits, num)?;
        let mut ms = Vec::new();
        let mut noted = Vec::new();
        for m in take_for(&mut metrics, num)? {
            if let Some(n) = notes.get(&m.num) {
                noted.extend(n.iter().copied());
            }
            let values = measure_stmt
                .query_map([m.num], measurement_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ms.push((m, values));
        }
        f(AccountRecords {
            account,
            commitments: cs,
            visits: vs,
            metrics: ms,
            noted,
        })?;
    }
    Ok(())
}

/// Notes on signals are few: all of them at once, by metric.
type NotesByMetric = std::collections::HashMap<i64, Vec<(i64, crate::domain::xmr::Rule, Date)>>;

fn signal_notes_by_metric(conn: &Connection) -> Result<NotesByMetric> {
    let mut notes = NotesByMetric::default();
    let mut stmt = conn.prepare("SELECT metric, rule, on_date FROM signal_notes")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, date_at(r, 2)?))
    })?;
    for row in rows {
        let (metric, rule, on) = row?;
        if let Ok(rule) = crate::domain::xmr::Rule::from_word(&rule) {
            notes.entry(metric).or_default().push((metric, rule, on));
        }
    }
    Ok(notes)
}

/// Each commitment given its renegotiations, `rs` being the account's.
fn with_renegotiations(
    cs: &mut [crate::domain::Commitment],
    rs: Vec<(i64, crate::domain::Renegotiation)>,
) {
    if !rs.is_empty() {
        for c in cs.iter_mut() {
            c.renegotiations = rs
                .iter()
                .filter(|(n, _)| *n == c.num)
                .map(|(_, r)| r.clone())
                .collect();
        }
    }
}
