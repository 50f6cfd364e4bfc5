//! A realistic, deterministic demo portfolio: fictional hospitals, cancer
//! centres and lab networks across four directors and every stage, with
//! customer-defined metrics (some with real XmR signals), visits of both
//! intents and commitments in every status. The same generator scales to
//! hundreds of thousands of accounts for benchmarks.

mod account;
mod data;
mod handwritten;
mod rng;

use account::{answer_prompts, assess_maturity, introduction, key_dates, settle_renewals};
pub use data::DIRECTORS;
use data::{
    MetricTemplate, ACCOUNTS, AREAS, KINDS, METRICS, MOMENTS, PARTNERS, PLACES, PROACTIVE_BIAS,
    PROACTIVE_NOTES, PROMISES, REACTIVE_NOTES, REGIONS, STAFF, STAKEHOLDERS, VISIT_NOTES, WHYS,
};
use handwritten::{back_to_weekday, experiences, promises_in_notes, Met};
use rng::Rng;

use crate::domain::dates::add_days;
use crate::domain::{
    Account, Baseline, Commitment, Date, Intent, Measurement, Metric, Moment, Renegotiation, Stage,
    StageSpan, Stakeholder, Status, Visit, VisitKind,
};
use crate::store::{Result, Sink};
use uuid::Uuid;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub accounts: u64,
    pub records: u64,
}

fn day(today: Date, offset: i64) -> Date {
    add_days(today, offset).unwrap_or(today)
}

/// Writes the portfolio into `sink`; the same `accounts` and `today` give
/// the same records every time.
pub fn generate(
    sink: &mut dyn Sink,
    accounts: u32,
    today: Date,
    stages: &[Stage],
) -> Result<Counts> {
    let mut g = Draw {
        sink,
        rng: Rng(0x5a1d_0d0e_2026, 0),
        n: Counts::default(),
        today,
    };
    g.people()?;
    let partners = g.partners()?;
    for i in 0..accounts as usize {
        let d = i % DIRECTORS.len();
        let (acc, handle) = g.account(i, stages)?;
        let theirs = g.stakeholders(i, acc, &handle)?;
        let moments = g.moments(i, acc)?;
        let at = Place {
            i,
            acc,
            theirs: &theirs,
            accounts: accounts as usize,
        };
        g.metrics(&at, &partners, &moments)?;
        let visits = g.visits(acc, d, &theirs)?;
        g.commitments(acc, d, &theirs, &visits)?;
        if i == 0 {
            let met = Met {
                account: acc,
                director: DIRECTORS[d],
                them: theirs[0],
            };
            g.n.records += promises_in_notes(g.sink, &met, today)?;
            g.n.records += experiences(g.sink, &met, today)?;
        }
    }
    Ok(g.n)
}

/// The generator's state while it writes: where to, the random numbers
/// drawn so far, what has been written and the demo's today. Each step
/// draws its numbers in the order the demo has always drawn them, so the
/// same `accounts` and `today` still give the same book.
struct Draw<'s> {
    sink: &'s mut dyn Sink,
    rng: Rng,
    n: Counts,
    today: Date,
}

/// Where an account's metrics are drawn: its place in the book, its number,
/// its people and how many accounts the book has.
struct Place<'a> {
    i: usize,
    acc: i64,
    theirs: &'a [&'static str],
    accounts: usize,
}

/// A visit as the commitments made in it need it: its number, day and the
/// customer's person met.
type Held = (i64, Date, String);

impl Draw<'_> {
    fn people(&mut self) -> Result<()> {
        for name in DIRECTORS.iter().chain(STAFF.iter()) {
            self.sink.person(&crate::domain::Person {
                id: self.rng.uuid(),
                num: 0,
                name: name.to_string(),
            })?;
            self.n.records += 1;
        }
        Ok(())
    }

    /// Ids made from the names, not drawn: the generator's sequence (and so
    /// every other record) stays what it was before partners existed.
    fn partners(&mut self) -> Result<Vec<(i64, &'static [&'static str])>> {
        let mut partners = Vec::new();
        for (name, function, owner, kpis) in PARTNERS {
            let p = crate::domain::Partner {
                id: Uuid::new_v5(
                    &Uuid::NAMESPACE_OID,
                    format!("saydo demo partner {name}").as_bytes(),
                ),
                num: 0,
                name: name.into(),
                function: function.into(),
                owner: Some(owner.into()),
                kpis: kpis.iter().map(|k| k.to_string()).collect(),
            };
            partners.push((self.sink.partner(&p)?, kpis));
            self.n.records += 1;
        }
        Ok(partners)
    }

    /// Earlier stages first, each 60–300 days long, ending in the current one.
    fn spans(&mut self, stages: &[Stage], stage_idx: usize) -> Vec<StageSpan> {
        let mut spans = Vec::new();
        let mut start = day(self.today, -self.rng.range(5, 330));
        spans.push(StageSpan {
            stage: stages[stage_idx].name.clone(),
            entered: start,
            left: None,
        });
        for s in (0..stage_idx).rev() {
            let entered = day(start, -self.rng.range(60, 300));
            spans.push(StageSpan {
                stage: stages[s].name.clone(),
                entered,
                left: Some(start),
            });
            start = entered;
        }
        spans
    }

    /// The `i`th account with its stage history; its number and handle.
    fn account(&mut self, i: usize, stages: &[Stage]) -> Result<(i64, String)> {
        let today = self.today;
        let (name, handle) = if i < ACCOUNTS.len() {
            (ACCOUNTS[i].0.to_string(), ACCOUNTS[i].1.to_string())
        } else {
            let place = PLACES[i % PLACES.len()];
            let kind = KINDS[(i / PLACES.len()) % KINDS.len()];
            (
                format!("{place} {kind} {i}"),
                format!("{}-{i}", place.to_ascii_lowercase()),
            )
        };
        let stage_idx = self.rng.below(stages.len() as u64) as usize;
        let spans = self.spans(stages, stage_idx);
        let rng = &mut self.rng;
        let mut a = Account {
            id: rng.uuid(),
            num: 0,
            name,
            handle,
            owner: Some(DIRECTORS[i % DIRECTORS.len()].to_string()),
            // The named accounts are where their names say; the draw is
            // made all the same, so that everything after it stays as it was.
            region: match (rng.pick(&REGIONS), ACCOUNTS.get(i)) {
                (_, Some((_, _, region))) => region.to_string(),
                (drawn, None) => drawn.to_string(),
            },
            tags: vec![rng.pick(&AREAS).to_string()],
            stage: stages[stage_idx].name.clone(),
            stage_since: spans[0].entered,
            // An account in its renewal stage renews within the year.
            renewal: Some(match rng.range(20, 900) {
                r if stages[stage_idx].name.eq_ignore_ascii_case("renewal") => {
                    day(today, 20 + (r - 20) % 320)
                }
                r => day(today, r),
            }),
            why: rng.pick(&WHYS).to_string(),
            archived: false,
            // Some customers set their own pace (drawn from the account's
            // place, not the generator, so every other record stays).
            pace: crate::domain::Pace {
                visit_every_days: (i % 11 == 5).then_some(21),
                stage_days: (i % 17 == 3).then_some(60),
                paused_until: (i % 13 == 7).then(|| day(today, 14)),
            },
            key_dates: key_dates(&spans),
            renewals: vec![],
            answers: vec![],
            assessments: vec![],
        };
        settle_renewals(&mut a, i, today);
        assess_maturity(&mut a, i, today);
        answer_prompts(&mut a, &stages[stage_idx].prompts, i, today);
        let acc = self.sink.account(&a)?;
        self.n.accounts += 1;
        self.n.records += 1;
        for s in spans.iter().rev() {
            self.sink.stage_span(acc, s)?;
            self.n.records += 1;
        }
        Ok((acc, a.handle))
    }

    /// Three or four of the customer's people; their names.
    fn stakeholders(&mut self, i: usize, acc: i64, handle: &str) -> Result<Vec<&'static str>> {
        let first = self.rng.below(STAKEHOLDERS.len() as u64) as usize;
        let mut theirs = Vec::new();
        for k in 0..self.rng.range(3, 4) as usize {
            let (sname, role, ref layer) = STAKEHOLDERS[(first + k * 3) % STAKEHOLDERS.len()];
            theirs.push(sname);
            self.sink.stakeholder(&Stakeholder {
                id: self.rng.uuid(),
                num: 0,
                account: acc,
                name: sname.into(),
                role: role.into(),
                layer: layer.clone(),
                contact: format!(
                    "{}@{}.example",
                    sname.split(' ').next_back().unwrap_or("x").to_lowercase(),
                    handle
                ),
                notes: String::new(),
                // Some will speak to their peers at other customers.
                peers: (i + k).is_multiple_of(3),
            })?;
            self.n.records += 1;
        }
        Ok(theirs)
    }

    /// One or two moments of truth; their numbers.
    fn moments(&mut self, i: usize, acc: i64) -> Result<Vec<i64>> {
        let mut moments = Vec::new();
        for k in 0..self.rng.range(1, 2) as usize {
            let (what, severity) = MOMENTS[(i + k * 2) % MOMENTS.len()];
            moments.push(self.sink.moment(&Moment {
                id: self.rng.uuid(),
                num: 0,
                account: acc,
                what: what.into(),
                severity,
            })?);
            self.n.records += 1;
        }
        Ok(moments)
    }

    /// Two or three of the customer's metrics, each measured monthly.
    fn metrics(&mut self, at: &Place, partners: &[(i64, &[&str])], moments: &[i64]) -> Result<()> {
        let m0 = self.rng.below(METRICS.len() as u64) as usize;
        for k in 0..self.rng.range(2, 3) as usize {
            let t = &METRICS[(m0 + k) % METRICS.len()];
            let months = self.rng.range(6, 24);
            let has_baseline = !self.rng.chance(0.15);
            // Measured up to the last few days: a chart's latest point is
            // as fresh as the demo's today.
            let start = day(self.today, -((months - 1) * 30 + 5));
            let metric = self.metric(t, at, k, start, has_baseline, partners, moments);
            let mnum = self.sink.metric(&metric)?;
            self.n.records += 1;
            if k == 0 {
                if let Some(x) = introduction(
                    at.i,
                    at.acc,
                    mnum,
                    &metric,
                    at.theirs,
                    at.accounts,
                    self.today,
                ) {
                    self.sink.introduction(&x)?;
                    self.n.records += 1;
                }
            }
            self.measurements(t, mnum, months, start)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn metric(
        &mut self,
        t: &MetricTemplate,
        at: &Place,
        k: usize,
        start: Date,
        has_baseline: bool,
        partners: &[(i64, &[&str])],
        moments: &[i64],
    ) -> Metric {
        let i = at.i;
        Metric {
            id: self.rng.uuid(),
            num: 0,
            account: at.acc,
            name: t.name.into(),
            words: t.words.into(),
            kind: t.kind,
            unit: t.unit.into(),
            direction: t.direction,
            baseline: has_baseline.then_some(Baseline {
                value: t.baseline,
                on: start,
            }),
            proxy: if has_baseline {
                String::new()
            } else {
                "last quarter's audit sample".into()
            },
            target: Some(t.target),
            target_on: Some(day(self.today, self.rng.range(60, 540))),
            kpi: t.kpi.into(),
            // Most are aligned with the partner whose KPI it is; every
            // fourth stays a KPI of ours alone.
            partner: partners
                .iter()
                .find(|(_, kpis)| kpis.contains(&t.kpi))
                .filter(|_| (i + k) % 4 != 3)
                .map(|(num, _)| *num),
            moment: (k == 0).then(|| moments[0]),
            definition: crate::domain::Definition {
                intended: t.definition.0.into(),
                calculation: t.definition.1.into(),
                data_source: t.definition.2.into(),
                every_days: Some(t.definition.3),
                measured_by: t.definition.4.into(),
            },
            // Most were said by a stakeholder at the kickoff; some are
            // still our assumption (chosen by place, not the generator).
            voice: if (i + k) % 3 == 2 {
                Default::default()
            } else {
                crate::domain::Voice {
                    by: STAKEHOLDERS[(i + k) % STAKEHOLDERS.len()].0.into(),
                    on: Some(day(start, -7)),
                    valued: (i + k) % 5 != 4,
                }
            },
        }
    }

    /// Shapes: steady improvement, flat, a step change (run signals) or a
    /// one-off spike (a point beyond the limits).
    fn measurements(
        &mut self,
        t: &MetricTemplate,
        mnum: i64,
        months: i64,
        start: Date,
    ) -> Result<()> {
        let shape = self.rng.below(4);
        let step_at = self.rng.range(months / 2, months - 2);
        for mo in 0..months {
            let progress = match shape {
                0 => mo as f64 / (months as f64 * 1.6),
                1 => 0.05,
                _ => {
                    if mo >= step_at {
                        0.45
                    } else {
                        0.05
                    }
                }
            };
            let mut v =
                t.baseline + (t.target - t.baseline) * progress + t.noise * self.rng.noise();
            if shape == 3 && mo == step_at {
                v += (t.baseline - t.target) * 0.9;
            }
            let v = (v * 10.0).round() / 10.0;
            self.sink.measurement(&Measurement {
                id: self.rng.uuid(),
                num: 0,
                metric: mnum,
                on: day(start, mo * 30 + self.rng.range(0, 4)),
                value: v,
                source: "customer's registry".into(),
                note: String::new(),
            })?;
            self.n.records += 1;
        }
        Ok(())
    }

    /// Visits over the last year, newest last; about one account in eight
    /// has not been seen for months.
    fn visits(&mut self, acc: i64, d: usize, theirs: &[&str]) -> Result<Vec<Held>> {
        let rng = &mut self.rng;
        let neglected = rng.chance(0.12);
        let nvisits = rng.range(4, 10);
        let mut visit_nums = Vec::new();
        for k in 0..nvisits {
            let rng = &mut self.rng;
            let ago = if neglected {
                rng.range(75, 365)
            } else {
                (nvisits - k) * 330 / nvisits - rng.range(0, 20)
            };
            let intent = if rng.chance(PROACTIVE_BIAS[d]) {
                Intent::Proactive
            } else {
                Intent::Reactive
            };
            let kind = if intent == Intent::Reactive {
                *rng.pick(&[VisitKind::OnSite, VisitKind::Call, VisitKind::Virtual])
            } else {
                *rng.pick(&[
                    VisitKind::OnSite,
                    VisitKind::Review,
                    VisitKind::Training,
                    VisitKind::Virtual,
                    VisitKind::Event,
                ])
            };
            let on = back_to_weekday(day(self.today, -ago.max(1)));
            let id = rng.uuid();
            // The note fits the visit: a fault is followed up reactively,
            // a training is a training.
            let drawn = rng.pick(&VISIT_NOTES);
            let at = VISIT_NOTES.iter().position(|n| n == drawn).unwrap_or(0);
            let notes = match (kind, intent) {
                (VisitKind::Training, _) => VISIT_NOTES[4],
                (_, Intent::Reactive) => REACTIVE_NOTES[at % REACTIVE_NOTES.len()],
                (_, Intent::Proactive) => PROACTIVE_NOTES[at % PROACTIVE_NOTES.len()],
            };
            let v = Visit {
                id,
                num: 0,
                account: acc,
                on,
                kind,
                intent,
                ours: vec![DIRECTORS[d].into()],
                theirs: vec![theirs[k as usize % theirs.len()].into()],
                notes: notes.to_string(),
                feedback: None,
            };
            visit_nums.push((self.sink.visit(&v)?, on, v.theirs[0].clone()));
            self.n.records += 1;
        }
        Ok(visit_nums)
    }

    /// Six to fourteen commitments, half of them made in a visit.
    fn commitments(&mut self, acc: i64, d: usize, theirs: &[&str], visits: &[Held]) -> Result<()> {
        let today = self.today;
        for _ in 0..self.rng.range(6, 14) {
            let rng = &mut self.rng;
            let from_visit = (!visits.is_empty() && rng.chance(0.5))
                .then(|| visits[rng.below(visits.len() as u64) as usize].clone());
            let made = match &from_visit {
                Some((_, on, _)) => *on,
                None => day(today, -rng.range(0, 270)),
            };
            let first_due = day(made, rng.range(5, 45));
            let mut due = first_due;
            let owner = if rng.chance(0.75) {
                DIRECTORS[d]
            } else {
                *rng.pick(&STAFF)
            };
            let mut renegotiations = Vec::new();
            if rng.chance(0.12) {
                due = day(first_due, rng.range(7, 30));
                renegotiations.push(Renegotiation {
                    new_due: due,
                    reason: "customer asked to wait for their IT window".into(),
                    agreed_on: day(first_due, -2).min(today).max(made),
                });
            }
            let (status, resolved_on) = self.outcome(made, due);
            let rng = &mut self.rng;
            let c = Commitment {
                id: rng.uuid(),
                num: 0,
                account: acc,
                what: rng.pick(&PROMISES).to_string(),
                to_whom: from_visit
                    .as_ref()
                    .map_or_else(|| rng.pick(theirs).to_string(), |v| v.2.clone()),
                owner: owner.into(),
                made_on: made,
                due_on: first_due,
                visit: from_visit.map(|v| v.0),
                status,
                resolved_on,
                reason: if status == Status::Broken {
                    "part on backorder".into()
                } else {
                    String::new()
                },
                renegotiations,
            };
            self.sink.commitment(&c)?;
            self.n.records += 1 + c.renegotiations.len() as u64;
        }
        Ok(())
    }

    /// How a commitment made on `made` and due on `due` stands today.
    fn outcome(&mut self, made: Date, due: Date) -> (Status, Option<Date>) {
        let today = self.today;
        let rng = &mut self.rng;
        if due >= today {
            return if rng.chance(0.2) {
                (Status::Kept, Some(day(made, rng.range(1, 5)).min(today)))
            } else {
                (Status::Open, None)
            };
        }
        let r = rng.unit();
        if r < 0.62 {
            (Status::Kept, Some(day(due, -rng.range(0, 4)).max(made)))
        } else if r < 0.74 {
            (
                Status::KeptLate,
                Some(day(due, rng.range(1, 10)).min(today)),
            )
        } else if r < 0.82 {
            (Status::Broken, Some(day(due, rng.range(0, 5)).min(today)))
        } else if r < 0.87 {
            (Status::Dropped, Some(day(due, -rng.range(0, 5)).max(made)))
        } else if crate::domain::dates::days_between(due, today) < 40 {
            (Status::Open, None)
        } else {
            // Old promises are settled one way or the other by now.
            (
                Status::KeptLate,
                Some(day(due, rng.range(1, 10)).min(today)),
            )
        }
    }
}
