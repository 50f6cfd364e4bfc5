//! Reading records: the queries behind the store's lists and look-ups.

use super::*;

pub(super) fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    f: impl Fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| f(r))?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

pub(super) fn by_account(cols: &str, account: Option<i64>, order: &str) -> (String, Vec<Value>) {
    match account {
        Some(a) => (
            format!("SELECT {cols} WHERE account = ?1 ORDER BY {order}"),
            vec![Value::Integer(a)],
        ),
        None => (format!("SELECT {cols} ORDER BY {order}"), vec![]),
    }
}

/// Builds "WHERE a AND b" with `?N` placeholders numbered in order.
#[derive(Default)]
pub(super) struct Filter {
    pub(super) clauses: Vec<String>,
    pub(super) params: Vec<Value>,
}

/// The conditions of an account query (owner, archived).
pub(super) fn account_filter(q: &AccountQuery) -> Filter {
    let mut f = Filter::default();
    if let Some(o) = &q.owner {
        f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
    }
    if q.only_archived {
        f.add("a.archived = ?", Value::Integer(1));
    } else if !q.include_archived {
        f.add("a.archived = ?", Value::Integer(0));
    }
    f
}

impl Filter {
    pub(super) fn add(&mut self, clause: &str, value: Value) {
        self.params.push(value);
        self.clauses
            .push(clause.replace("?", &format!("?{}", self.params.len())));
    }

    pub(super) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

pub(super) fn read_metrics(conn: &Connection, account: Option<i64>) -> Result<Vec<Metric>> {
    let (sql, p) = by_account(METRIC_COLS, account, "account, num");
    collect(conn, &sql, &p, metric_row)
}

pub(super) fn read_signal_notes(conn: &Connection, metric: Option<i64>) -> Result<Vec<SignalNote>> {
    match metric {
        Some(m) => collect(
            conn,
            &format!("SELECT {SIGNAL_NOTE_COLS} WHERE metric = ?1 ORDER BY num"),
            &[Value::Integer(m)],
            signal_note_row,
        ),
        None => collect(
            conn,
            &format!("SELECT {SIGNAL_NOTE_COLS} ORDER BY num"),
            &[],
            signal_note_row,
        ),
    }
}

pub(super) fn read_measurements(conn: &Connection, metric: i64) -> Result<Vec<Measurement>> {
    collect(
        conn,
        &format!("SELECT {MEASUREMENT_COLS} WHERE metric = ?1 ORDER BY on_date, num"),
        &[Value::Integer(metric)],
        measurement_row,
    )
}

pub(super) fn read_visits(conn: &Connection, q: &VisitQuery) -> Result<Vec<Visit>> {
    let mut f = Filter::default();
    if let Some(a) = q.account {
        f.add("v.account = ?", Value::Integer(a));
    }
    if let Some(o) = &q.owner {
        f.add(
            "v.account IN (SELECT a.num FROM accounts a JOIN people p ON p.num = a.owner \
             WHERE p.name = ? COLLATE NOCASE)",
            Value::Text(o.clone()),
        );
    }
    let sql = format!(
        "SELECT {VISIT_COLS}{} ORDER BY v.on_date DESC, v.num DESC",
        f.sql()
    );
    collect(conn, &sql, &f.params, visit_row)
}

pub(super) fn read_commitments(conn: &Connection, q: &CommitmentQuery) -> Result<Vec<Commitment>> {
    let mut f = Filter::default();
    if let Some(a) = q.account {
        f.add("c.account = ?", Value::Integer(a));
    }
    if let Some(o) = &q.owner {
        f.add("p.name = ? COLLATE NOCASE", Value::Text(o.clone()));
    }
    match q.status {
        // Spelled out, so that SQLite may read the partial index of the
        // open ones (it cannot tell a parameter would match it).
        Some(Status::Open) => f.clauses.push("c.status = 'open'".into()),
        Some(s) => f.add("c.status = ?", Value::Text(s.word().into())),
        None => {}
    }
    let sql = format!("SELECT {COMMITMENT_COLS} {COMMITMENT_FROM}{}", f.sql());
    let mut list = collect(conn, &sql, &f.params, commitment_row)?;
    let sql = format!(
        "SELECT commitment, new_due, reason, agreed_on FROM renegotiations WHERE commitment IN \
         (SELECT c.num {COMMITMENT_FROM}{}) ORDER BY num",
        f.sql()
    );
    let renegs = collect(conn, &sql, &f.params, |r| renegotiation_row(r, 0))?;
    if !renegs.is_empty() {
        let mut by_num: HashMap<i64, Vec<Renegotiation>> = HashMap::new();
        for (num, r) in renegs {
            by_num.entry(num).or_default().push(r);
        }
        for c in &mut list {
            if let Some(r) = by_num.remove(&c.num) {
                c.renegotiations = r;
            }
        }
    }
    // By key, then moved once: a commitment is a big value to move about;
    // the date as one number compares faster than its parts.
    list.sort_by_cached_key(|c| (crate::domain::dates::day_number(c.due()), c.num));
    Ok(list)
}

pub(super) fn account_by_num(conn: &Connection, num: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLS} WHERE a.num = ?1");
    Ok(conn.query_row(&sql, [num], account_row).optional()?)
}

pub(super) fn metric_by_num(conn: &Connection, num: i64) -> Result<Option<Metric>> {
    let sql = format!("SELECT {METRIC_COLS} WHERE num = ?1");
    Ok(conn.query_row(&sql, [num], metric_row).optional()?)
}

pub(super) fn commitment_by_num(conn: &Connection, num: i64) -> Result<Option<Commitment>> {
    let sql = format!("SELECT {COMMITMENT_COLS} {COMMITMENT_FROM} WHERE c.num = ?1");
    let Some(mut c) = conn.query_row(&sql, [num], commitment_row).optional()? else {
        return Ok(None);
    };
    c.renegotiations = collect(
        conn,
        "SELECT new_due, reason, agreed_on FROM renegotiations WHERE commitment = ?1 ORDER BY num",
        &[Value::Integer(num)],
        |r| {
            Ok(Renegotiation {
                new_due: date_at(r, 0)?,
                reason: r.get(1)?,
                agreed_on: date_at(r, 2)?,
            })
        },
    )?;
    Ok(Some(c))
}
