//! Export: every record streamed kind by kind, each with the handle or id
//! of what it belongs to, so that memory does not grow with the book.

use super::*;
use crate::store::{ExportQuery, Exported, Kind};

pub(super) fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "people",
        Kind::Partner => "partners",
        Kind::Account => "accounts",
        Kind::Stakeholder => "stakeholders",
        Kind::Moment => "moments",
        Kind::Metric => "metrics",
        Kind::Measurement => "measurements",
        Kind::Visit => "visits",
        Kind::Commitment => "commitments",
        Kind::SignalNote => "signal_notes",
        Kind::Introduction => "introductions",
    }
}

/// Runs `sql` and hands each row to `f`, one at a time.
fn stream(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    f: &mut dyn FnMut(&Row) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

fn uuid_opt(r: &Row, idx: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| Uuid::parse_str(&s).map_err(|e| conv_err(idx, e.to_string())))
        .transpose()
}

pub(super) fn export(
    conn: &Connection,
    q: &ExportQuery,
    f: &mut dyn FnMut(Exported) -> Result<()>,
) -> Result<()> {
    let s = Scope::of(q);
    if s.whole {
        people(conn, f)?;
    }
    accounts(conn, &s, f)?;
    their_records(conn, &s, f)?;
    commitments(conn, &s, f)?;
    notes_and_introductions(conn, &s, f)?;
    Ok(())
}

/// The accounts covered, as a condition on an `account` column.
struct Scope {
    sql: String,
    params: Vec<Value>,
    /// The whole book, not some of its accounts.
    whole: bool,
}

impl Scope {
    fn of(q: &ExportQuery) -> Scope {
        let mut params = Vec::new();
        let mut scope = String::from("1");
        if let Some(a) = q.account {
            scope = "{col} = ?".into();
            params.push(Value::Integer(a));
        } else if let Some(o) = &q.owner {
            scope = "{col} IN (SELECT a.num FROM accounts a JOIN people p ON p.num = a.owner \
                     WHERE p.name = ? COLLATE NOCASE)"
                .into();
            params.push(Value::Text(o.clone()));
        } else if let Some(nums) = &q.accounts {
            scope = "{col} IN (SELECT value FROM json_each(?))".into();
            params.push(Value::Text(
                serde_json::to_string(nums).unwrap_or_else(|_| "[]".into()),
            ));
        }
        Scope {
            sql: scope,
            params,
            whole: q.account.is_none() && q.owner.is_none() && q.accounts.is_none(),
        }
    }

    fn within(&self, col: &str) -> String {
        self.sql.replace("{col}", col)
    }

    /// The *_COLS lists end in their FROM; a wrapping select adds the links.
    fn wrapped(&self, cols: &str, extra: &str, col: &str) -> String {
        format!(
            "SELECT x.*, {extra} FROM (SELECT {cols}) x WHERE {} ORDER BY x.num",
            self.within(col)
        )
    }
}

/// The handle of the account numbered in `col`.
fn handle(col: &str) -> String {
    format!("(SELECT handle FROM accounts WHERE num = {col})")
}

fn people(conn: &Connection, f: &mut dyn FnMut(Exported) -> Result<()>) -> Result<()> {
    stream(
        conn,
        "SELECT num, id, name FROM people ORDER BY num",
        &[],
        &mut |r| {
            f(Exported::Person(Person {
                num: r.get(0)?,
                id: uuid_at(r, 1)?,
                name: r.get(2)?,
            }))
        },
    )?;
    Ok(())
}

/// The partner register, the accounts and their stage histories.
fn accounts(conn: &Connection, s: &Scope, f: &mut dyn FnMut(Exported) -> Result<()>) -> Result<()> {
    // The register is the team's, whichever accounts are covered: the
    // metrics exported name their partner.
    stream(
        conn,
        &format!("SELECT {PARTNER_COLS} ORDER BY t.num"),
        &[],
        &mut |r| f(Exported::Partner(partner_row(r)?)),
    )?;
    stream(
        conn,
        &format!(
            "SELECT {ACCOUNT_COLS} WHERE {} ORDER BY a.num",
            s.within("a.num")
        ),
        &s.params,
        &mut |r| f(Exported::Account(account_row(r)?)),
    )?;
    stream(
        conn,
        &format!(
            "SELECT s.stage, s.entered, s.left_on, {} FROM stage_spans s WHERE {} ORDER BY s.num",
            handle("s.account"),
            s.within("s.account")
        ),
        &s.params,
        &mut |r| {
            f(Exported::Span {
                account: r.get(3)?,
                span: StageSpan {
                    stage: r.get(0)?,
                    entered: date_at(r, 1)?,
                    left: opt_date_at(r, 2)?,
                },
            })
        },
    )?;
    Ok(())
}

/// The accounts' stakeholders, moments, metrics, measurements and visits.
fn their_records(
    conn: &Connection,
    s: &Scope,
    f: &mut dyn FnMut(Exported) -> Result<()>,
) -> Result<()> {
    stream(
        conn,
        &s.wrapped(STAKEHOLDER_COLS, &handle("x.account"), "x.account"),
        &s.params,
        &mut |r| {
            f(Exported::Stakeholder {
                account: r.get(const { width(STAKEHOLDER_COLS) })?,
                record: stakeholder_row(r)?,
            })
        },
    )?;
    stream(
        conn,
        &s.wrapped(MOMENT_COLS, &handle("x.account"), "x.account"),
        &s.params,
        &mut |r| {
            f(Exported::Moment {
                account: r.get(const { width(MOMENT_COLS) })?,
                record: moment_row(r)?,
            })
        },
    )?;
    stream(
        conn,
        &s.wrapped(
            METRIC_COLS,
            &format!(
                "{}, (SELECT id FROM moments WHERE num = x.moment), \
                 (SELECT name FROM partners WHERE num = x.partner)",
                handle("x.account")
            ),
            "x.account",
        ),
        &s.params,
        &mut |r| {
            // After the metric's own columns.
            let at = const { width(METRIC_COLS) };
            f(Exported::Metric {
                account: r.get(at)?,
                moment: uuid_opt(r, at + 1)?,
                partner: r.get(at + 2)?,
                record: metric_row(r)?,
            })
        },
    )?;
    stream(
        conn,
        &format!(
            "SELECT x.*, m.id FROM (SELECT {MEASUREMENT_COLS}) x JOIN metrics m ON m.num = x.metric \
             WHERE {} ORDER BY x.num",
            s.within("m.account")
        ),
        &s.params,
        &mut |r| {
            f(Exported::Measurement {
                metric: uuid_at(r, const { width(MEASUREMENT_COLS) })?,
                record: measurement_row(r)?,
            })
        },
    )?;
    stream(
        conn,
        &s.wrapped(VISIT_COLS, &handle("x.account"), "x.account"),
        &s.params,
        &mut |r| {
            f(Exported::Visit {
                account: r.get(const { width(VISIT_COLS) })?,
                record: visit_row(r)?,
            })
        },
    )?;
    Ok(())
}

fn commitments(
    conn: &Connection,
    s: &Scope,
    f: &mut dyn FnMut(Exported) -> Result<()>,
) -> Result<()> {
    // Commitments and their renegotiations, both in commitment order, merged.
    let mut reneg_stmt = conn.prepare(&format!(
        "SELECT n.commitment, n.new_due, n.reason, n.agreed_on FROM renegotiations n \
         JOIN commitments c ON c.num = n.commitment WHERE {} ORDER BY n.commitment, n.num",
        s.within("c.account")
    ))?;
    let mut renegs = reneg_stmt
        .query_map(rusqlite::params_from_iter(s.params.iter()), |r| {
            renegotiation_row(r, 0)
        })?
        .peekable();
    stream(
        conn,
        &format!(
            "SELECT x.*, {}, (SELECT id FROM visits WHERE num = x.visit) \
             FROM (SELECT {COMMITMENT_COLS} {COMMITMENT_FROM}) x WHERE {} ORDER BY x.num",
            handle("x.account"),
            s.within("x.account")
        ),
        &s.params,
        &mut |r| {
            let mut c = commitment_row(r)?;
            while let Some(Ok((n, _))) = renegs.peek() {
                if *n > c.num {
                    break;
                }
                if let Some(Ok((n, rn))) = renegs.next() {
                    if n == c.num {
                        c.renegotiations.push(rn);
                    }
                }
            }
            if let Some(Err(_)) = renegs.peek() {
                if let Some(Err(e)) = renegs.next() {
                    return Err(e.into());
                }
            }
            f(Exported::Commitment {
                account: r.get(const { width(COMMITMENT_COLS) })?,
                visit: uuid_opt(r, 13)?,
                record: c,
            })
        },
    )?;
    Ok(())
}

fn notes_and_introductions(
    conn: &Connection,
    s: &Scope,
    f: &mut dyn FnMut(Exported) -> Result<()>,
) -> Result<()> {
    stream(
        conn,
        &format!(
            "SELECT x.*, m.id, (SELECT id FROM visits WHERE num = x.visit), \
             (SELECT id FROM commitments WHERE num = x.commitment) \
             FROM (SELECT {SIGNAL_NOTE_COLS}) x JOIN metrics m ON m.num = x.metric \
             WHERE {} ORDER BY x.num",
            s.within("m.account")
        ),
        &s.params,
        &mut |r| {
            f(Exported::SignalNote {
                metric: uuid_at(r, const { width(SIGNAL_NOTE_COLS) })?,
                visit: uuid_opt(r, const { width(SIGNAL_NOTE_COLS) } + 1)?,
                commitment: uuid_opt(r, const { width(SIGNAL_NOTE_COLS) } + 2)?,
                record: signal_note_row(r)?,
            })
        },
    )?;
    stream(
        conn,
        &s.wrapped(
            INTRODUCTION_COLS,
            &format!(
                "{}, (SELECT id FROM metrics WHERE num = x.metric)",
                handle("x.account")
            ),
            "x.account",
        ),
        &s.params,
        &mut |r| {
            let at = const { width(INTRODUCTION_COLS) };
            f(Exported::Introduction {
                account: r.get(at)?,
                metric: uuid_opt(r, at + 1)?,
                record: introduction_row(r)?,
            })
        },
    )?;
    Ok(())
}
