//! Changes the team book refused: kept with both sides of each clash until
//! their author keeps theirs or re-applies their own.

use super::replica::{
    apply_op, damaged, is_replica, local_num, put_in_outbox, to_wire, version_of,
};
use super::*;
use crate::store::sqlite::TeamRecord;
use crate::store::wire::{Clash, Conflict, Op, WireChange};

impl SqliteStore {
    /// The team book refused the change: it leaves the outbox for the
    /// conflicts, with why and what stands there now.
    ///
    /// The records it touched are put back as the team book holds them
    /// (`standing`; those not in it are removed), so this replica never
    /// keeps a value the team book does not have: the conflict keeps mine.
    pub fn refused(
        &mut self,
        change: &WireChange,
        reason: &str,
        clashes: &[Clash],
        standing: &[TeamRecord],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Children first when removing, parents first when putting back.
        for op in change.ops.iter().rev() {
            if !standing.iter().any(|r| r.id == op.id) {
                apply_op(
                    &tx,
                    &Op {
                        t: op.t.clone(),
                        id: op.id,
                        before: None,
                        after: None,
                        base: 0,
                    },
                )?;
            }
        }
        for op in &change.ops {
            if let Some(r) = standing.iter().find(|r| r.id == op.id) {
                apply_op(
                    &tx,
                    &Op {
                        t: r.table.clone(),
                        id: r.id,
                        before: None,
                        after: Some(r.fields.clone()),
                        base: r.version,
                    },
                )?;
                tx.prepare_cached("INSERT OR REPLACE INTO versions (id, version) VALUES (?1, ?2)")?
                    .execute(params![r.id.to_string(), r.version])?;
            }
        }
        // Changes made after it and still waiting stay on top: the replica
        // is the team book plus what it has yet to push.
        let later: Vec<String> = collect(
            &tx,
            "SELECT ops FROM outbox WHERE pushed IS NULL AND id != ?1 ORDER BY seq",
            &[Value::Text(change.id.to_string())],
            |r| r.get(0),
        )?;
        for ops in later {
            let ops: Vec<Op> = serde_json::from_str(&ops).map_err(damaged)?;
            for op in ops
                .iter()
                .filter(|o| change.ops.iter().any(|c| c.id == o.id))
            {
                apply_op(&tx, op)?;
            }
        }
        changes::note(&tx, None)?;
        tx.execute(
            "INSERT OR IGNORE INTO conflicts (id, at, label, ops, reason, theirs) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                change.id.to_string(),
                change.at,
                change.label,
                serde_json::to_string(&change.ops).map_err(damaged)?,
                reason,
                serde_json::to_string(clashes).map_err(damaged)?
            ],
        )?;
        tx.execute("DELETE FROM outbox WHERE id = ?1", [change.id.to_string()])?;
        tx.commit()?;
        Ok(())
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        if !is_replica(&self.conn)? {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String, String, String, String, String, String)> = collect(
            &self.conn,
            "SELECT num, id, label, at, reason, theirs, ops FROM conflicts ORDER BY num",
            &[],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(num, id, label, at, reason, theirs, ops)| {
                Ok(Conflict {
                    num,
                    id: Uuid::parse_str(&id).map_err(damaged)?,
                    label,
                    at,
                    reason,
                    clashes: serde_json::from_str(&theirs).map_err(damaged)?,
                    ops: serde_json::from_str(&ops).map_err(damaged)?,
                })
            })
            .collect()
    }

    /// Settles conflict `num`: with `mine`, the fields it would have
    /// changed are changed now, on top of what the team book holds, as a
    /// new change that syncs like any other; otherwise it is let go.
    pub fn resolve(&mut self, num: i64, mine: bool, at: &str) -> Result<String> {
        let Some(c) = self.conflicts()?.into_iter().find(|c| c.num == num) else {
            return input(format!(
                "there is no conflict #{num}; `saydo team conflicts` lists them"
            ));
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut said = format!("conflict #{num} ({}): kept theirs", c.label);
        if mine {
            let mut rows = Vec::new();
            for op in &c.ops {
                let table = history::check_table(&op.t)?;
                let now = match local_num(&tx, table, &op.id.to_string())? {
                    Some(n) => history::snapshot(&tx, table, n)?
                        .map(|i| to_wire(&tx, table, &i))
                        .transpose()?,
                    None => None,
                };
                let after = match (&op.after, &now) {
                    (None, _) => None,
                    (Some(a), None) => Some(a.clone()),
                    (Some(_), Some(n)) => {
                        let mut m = n.clone();
                        for (k, v) in op.changed() {
                            m.insert(k.to_string(), v.clone());
                        }
                        Some(m)
                    }
                };
                let mine = Op {
                    t: op.t.clone(),
                    id: op.id,
                    before: now,
                    after,
                    base: version_of(&tx, op.id)?,
                };
                apply_op(&tx, &mine)?;
                rows.push(mine);
            }
            rows.retain(|o| o.before != o.after);
            if !rows.is_empty() {
                let label = format!("{} (again, after a conflict)", c.label);
                put_in_outbox(&tx, &label, at, &rows)?;
            }
            changes::note(&tx, None)?;
            said = format!("conflict #{num} ({}): kept mine; it syncs next", c.label);
        }
        tx.execute("DELETE FROM conflicts WHERE num = ?1", [num])?;
        tx.commit()?;
        Ok(said)
    }
}
