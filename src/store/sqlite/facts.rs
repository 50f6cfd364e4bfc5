//! What the rules need to know, read inside the writing transaction.

use super::*;
use crate::domain::xmr::Rule;
use crate::rules::{Facts, Record};

impl Facts for Connection {
    type Error = StoreError;

    fn account(&self, num: i64) -> Result<Option<Account>> {
        account_by_num(self, num)
    }

    fn person_named(&self, name: &str) -> Result<bool> {
        Ok(self
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM people WHERE name = ?1)")?
            .query_row([name], |r| r.get(0))?)
    }

    fn handle_holder(&self, handle: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .prepare_cached("SELECT num, name FROM accounts WHERE handle = ?1")?
            .query_row([handle], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn commitment(&self, num: i64) -> Result<Option<Commitment>> {
        commitment_by_num(self, num)
    }

    fn metric(&self, num: i64) -> Result<Option<Metric>> {
        metric_by_num(self, num)
    }

    fn account_of(&self, record: Record) -> Result<Option<i64>> {
        let sql = match record {
            Record::Measurement(_) => {
                "SELECT m.account FROM measurements x JOIN metrics m ON m.num = x.metric WHERE x.num = ?1"
            }
            Record::Partner(_) => return Ok(None),
            Record::Stakeholder(_) => "SELECT account FROM stakeholders WHERE num = ?1",
            Record::Introduction(_) => "SELECT account FROM introductions WHERE num = ?1",
            Record::Moment(_) => "SELECT account FROM moments WHERE num = ?1",
            Record::Metric(_) => "SELECT account FROM metrics WHERE num = ?1",
            Record::Visit(_) => "SELECT account FROM visits WHERE num = ?1",
            Record::Commitment(_) => "SELECT account FROM commitments WHERE num = ?1",
        };
        Ok(self
            .prepare_cached(sql)?
            .query_row([record.num()], |r| r.get(0))
            .optional()?)
    }

    fn partner(&self, num: i64) -> Result<Option<crate::domain::Partner>> {
        Ok(self
            .prepare_cached(&format!("SELECT {PARTNER_COLS} WHERE t.num = ?1"))?
            .query_row([num], partner_row)
            .optional()?)
    }

    fn partner_named(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .prepare_cached("SELECT num FROM partners WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    fn aligned_metrics(&self, partner: i64) -> Result<Vec<(i64, String, String)>> {
        collect(
            self,
            "SELECT m.num, m.name || ' at @' || a.handle, m.kpi FROM metrics m \
             JOIN accounts a ON a.num = m.account WHERE m.partner = ?1 ORDER BY m.num",
            &[Value::Integer(partner)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    fn visit_on(&self, num: i64) -> Result<Option<Date>> {
        Ok(self
            .prepare_cached("SELECT on_date FROM visits WHERE num = ?1")?
            .query_row([num], |r| date_at(r, 0))
            .optional()?)
    }

    fn measurement_metric(&self, num: i64) -> Result<Option<i64>> {
        Ok(self
            .prepare_cached("SELECT metric FROM measurements WHERE num = ?1")?
            .query_row([num], |r| r.get(0))
            .optional()?)
    }

    fn measured_on(&self, metric: i64, on: Date, except: i64) -> Result<bool> {
        Ok(self
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM measurements WHERE metric = ?1 AND on_date = ?2 AND num != ?3)",
            )?
            .query_row(params![metric, on.to_string(), except], |r| r.get(0))?)
    }

    fn measurement_count(&self, metric: i64) -> Result<usize> {
        let n: i64 = self
            .prepare_cached("SELECT COUNT(*) FROM measurements WHERE metric = ?1")?
            .query_row([metric], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn signal_noted(&self, metric: i64, rule: Rule, on: Date) -> Result<bool> {
        Ok(self
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM signal_notes WHERE metric = ?1 AND rule = ?2 AND on_date = ?3)",
            )?
            .query_row(params![metric, rule.word(), on.to_string()], |r| {
                r.get(0)
            })?)
    }
}
