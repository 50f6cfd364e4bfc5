//! Reading an account's table: its fields, the key dates, renewals,
//! checklist answers and maturity assessments it carries, and a handle no
//! other account has.

use super::raw::*;
use super::*;

impl Importer<'_> {
    pub(super) fn read_account(&mut self, b: &Block) -> Result<(), StoreError> {
        let mut r = parse!(self, b, RawAccount);
        let id = self.id(b, &r.id);
        let since = self.date(b, "stage_since", &r.stage_since);
        let renewal = self.opt_date(b, "renewal", &r.renewal);
        let paused = self.opt_date(b, "paused_until", &r.paused_until);
        let mut parts_ok = true;
        let (key_dates, renewals) = self.account_dates(b, &r, &mut parts_ok);
        let answers = self.answers(b, std::mem::take(&mut r.answers), &mut parts_ok);
        let assessments = self.assessments(b, std::mem::take(&mut r.assessments), &mut parts_ok);
        let a = Account {
            id: id.unwrap_or(Uuid::nil()),
            num: 0,
            name: r.name,
            handle: r.handle.trim_start_matches('@').to_string(),
            owner: Some(r.owner).filter(|o| !o.trim().is_empty()),
            region: r.region,
            tags: r.tags,
            stage: r.stage,
            stage_since: since.unwrap_or(Date::constant(2000, 1, 1)),
            renewal: renewal.flatten(),
            why: r.why,
            archived: r.archived,
            pace: crate::domain::Pace {
                visit_every_days: r.visit_every_days,
                stage_days: r.stage_days,
                paused_until: paused.flatten(),
            },
            key_dates,
            renewals,
            answers,
            assessments,
        };
        if !self.obeys(b, records::account(&a, self.today)) || !parts_ok {
            return Ok(());
        }
        let (Some(id), Some(_), Some(_), Some(_)) = (id, since, renewal, paused) else {
            return Ok(());
        };
        if !self.is_new(b, Kind::Account, id)? {
            return Ok(());
        }
        if self.handle_taken(b, &a.handle)? {
            return Ok(());
        }
        self.sink.account(&a)?;
        self.added("account");
        Ok(())
    }

    /// The account's key dates and renewals, in date order; `ok` turns false
    /// when one has a bad date (already reported).
    fn account_dates(
        &mut self,
        b: &Block,
        r: &RawAccount,
        ok: &mut bool,
    ) -> (
        Vec<crate::domain::key_dates::KeyDate>,
        Vec<crate::domain::Renewal>,
    ) {
        let mut key_dates = Vec::new();
        for (name, v) in &r.key_dates {
            match self.date(b, "key_dates", v) {
                Some(on) => key_dates.push(crate::domain::key_dates::KeyDate {
                    name: name.clone(),
                    on,
                }),
                None => *ok = false,
            }
        }
        key_dates.sort_by_key(|k| k.on);
        let mut renewals = Vec::new();
        for x in &r.renewals {
            let on = self.date(b, "renewals", &x.on);
            let due = self.opt_date(b, "renewals", &x.due);
            let outcome = self.choice::<crate::domain::Outcome>(b, "renewals", &x.outcome);
            match (on, due, outcome) {
                (Some(on), Some(due), Some(outcome)) => {
                    renewals.push(crate::domain::Renewal { on, outcome, due })
                }
                _ => *ok = false,
            }
        }
        renewals.sort_by_key(|x| x.on);
        (key_dates, renewals)
    }

    /// The stage checklist's answers; `ok` turns false on a bad date.
    fn answers(
        &mut self,
        b: &Block,
        raw: Vec<RawAnswer>,
        ok: &mut bool,
    ) -> Vec<crate::domain::checklist::Answer> {
        let mut answers = Vec::new();
        for x in raw {
            match self.date(b, "answers", &x.on) {
                Some(on) => answers.push(crate::domain::checklist::Answer {
                    stage: x.stage,
                    prompt: x.prompt,
                    answer: x.answer,
                    on,
                }),
                None => *ok = false,
            }
        }
        answers
    }

    /// The maturity assessments, in date order; `ok` turns false on a bad date.
    fn assessments(
        &mut self,
        b: &Block,
        raw: Vec<RawAssessment>,
        ok: &mut bool,
    ) -> Vec<crate::domain::maturity::Assessment> {
        let mut assessments = Vec::new();
        for x in raw {
            match self.date(b, "assessments", &x.on) {
                Some(on) => assessments.push(crate::domain::maturity::Assessment {
                    dimension: x.dimension,
                    level: x.level,
                    on,
                    note: x.note,
                }),
                None => *ok = false,
            }
        }
        assessments.sort_by_key(|x| x.on);
        assessments
    }

    /// Whether another account has `handle` (reported if so).
    fn handle_taken(&mut self, b: &Block, handle: &str) -> Result<bool, StoreError> {
        let Some(n) = self.sink.account_num(handle)? else {
            return Ok(false);
        };
        let whose = if n <= self.before["account"] {
            "an account already in the database"
        } else {
            "an earlier account in this file"
        };
        self.report(b.problem(
            "handle",
            format!("handle = \"{handle}\": {whose} has this handle"),
        ));
        Ok(true)
    }
}
