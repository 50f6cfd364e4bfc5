//! Reading one table of each kind into the book: its checks, its links
//! by id or name, and the record written.

use super::raw::*;
use super::*;

impl Importer<'_> {
    pub(super) fn read_person(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawPerson);
        let Some(id) = self.id(b, &r.id) else {
            return Ok(());
        };
        if r.name.trim().is_empty() {
            self.report(b.problem("name", "name = \"\": a person needs a name".into()));
            return Ok(());
        }
        if self.is_new(b, Kind::Person, id)? {
            // People are matched by name: one of that name stays.
            let named = self.sink.person_num(r.name.trim())?;
            if named.is_some() {
                *self.done.existing.entry("person").or_default() += 1;
            } else {
                self.sink.person(&Person {
                    id,
                    num: 0,
                    name: r.name,
                })?;
                self.added("person");
            }
        }
        Ok(())
    }

    pub(super) fn read_partner(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawPartner);
        let Some(id) = self.id(b, &r.id) else {
            return Ok(());
        };
        if self.is_new(b, Kind::Partner, id)? {
            // Partners are matched by name, as people are.
            if self.sink.partner_named(&r.name)?.is_some() {
                *self.done.existing.entry("partner").or_default() += 1;
                return Ok(());
            }
            let rec = Partner {
                id,
                num: 0,
                name: r.name,
                function: r.function,
                owner: r.owner.filter(|o| !o.trim().is_empty()),
                kpis: r.kpis,
            };
            if !self.obeys(b, records::partner(&rec)) {
                return Ok(());
            }
            self.sink.partner(&rec)?;
            self.added("partner");
        }
        Ok(())
    }

    pub(super) fn read_stage_span(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawSpan);
        let entered = self.date(b, "entered", &r.entered);
        let left = self.opt_date(b, "left", &r.left);
        let Some(account) = self.account(b, &r.account)? else {
            return Ok(());
        };
        let (Some(entered), Some(left)) = (entered, left) else {
            return Ok(());
        };
        if left.is_some_and(|l| l < entered) {
            self.report(b.problem(
                "left",
                "left is before entered; a stage is left on or after it is entered".into(),
            ));
            return Ok(());
        }
        // The stage history comes with its account, never twice.
        if account <= self.old_accounts {
            *self.done.existing.entry("stage_span").or_default() += 1;
            return Ok(());
        }
        self.sink.stage_span(
            account,
            &StageSpan {
                stage: r.stage,
                entered,
                left,
            },
        )?;
        self.added("stage_span");
        Ok(())
    }

    pub(super) fn read_stakeholder(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawStakeholder);
        let id = self.id(b, &r.id);
        let layer = match Layer::parse_in(&r.layer, self.layers) {
            Ok(l) => Some(l),
            Err(e) => {
                self.report(b.problem("layer", format!("layer = \"{}\": {e}", r.layer)));
                None
            }
        };
        let account = self.account(b, &r.account)?;
        let (Some(id), Some(layer), Some(account)) = (id, layer, account) else {
            return Ok(());
        };
        if self.is_new(b, Kind::Stakeholder, id)? {
            let rec = Stakeholder {
                id,
                num: 0,
                account,
                name: r.name,
                role: r.role,
                layer,
                contact: r.contact,
                notes: r.notes,
                peers: r.peers,
            };
            if !self.obeys(b, records::stakeholder(&rec)) {
                return Ok(());
            }
            self.sink.stakeholder(&rec)?;
            self.added("stakeholder");
        }
        Ok(())
    }

    pub(super) fn read_moment(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawMoment);
        let id = self.id(b, &r.id);
        let severity = self.choice::<Severity>(b, "severity", &r.severity);
        let account = self.account(b, &r.account)?;
        let (Some(id), Some(severity), Some(account)) = (id, severity, account) else {
            return Ok(());
        };
        if self.is_new(b, Kind::Moment, id)? {
            let rec = Moment {
                id,
                num: 0,
                account,
                what: r.what,
                severity,
            };
            if !self.obeys(b, records::moment(&rec)) {
                return Ok(());
            }
            self.sink.moment(&rec)?;
            self.added("moment");
        }
        Ok(())
    }

    pub(super) fn read_metric(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawMetric);
        let id = self.id(b, &r.id);
        let kind = self.choice::<MetricKind>(b, "kind", &r.kind);
        let direction = self.choice::<Direction>(b, "direction", &r.direction);
        let baseline_on = self.opt_date(b, "baseline_on", &r.baseline_on);
        let target_on = self.opt_date(b, "target_on", &r.target_on);
        let said_on = self.opt_date(b, "said_on", &r.said_on);
        let account = self.account(b, &r.account)?;
        let moment = match &r.moment {
            Some(m) => self.link(b, "moment", Kind::Moment, m)?.map(Some),
            None => Some(None),
        };
        let partner = self.partner(b, r.partner.as_deref(), &r.kpi)?;
        let baseline = match (r.baseline, baseline_on.flatten()) {
            (Some(value), Some(on)) => Some(Some(Baseline { value, on })),
            (None, None) => Some(None),
            _ => {
                self.report(b.problem(
                    "baseline",
                    "baseline and baseline_on go together: give both or neither".into(),
                ));
                None
            }
        };
        let (
            Some(id),
            Some(kind),
            Some(direction),
            Some(target_on),
            Some(account),
            Some(moment),
            Some(baseline),
            Some(said_on),
            Some(partner),
        ) = (
            id, kind, direction, target_on, account, moment, baseline, said_on, partner,
        )
        else {
            return Ok(());
        };
        if self.is_new(b, Kind::Metric, id)? {
            let rec = Metric {
                id,
                num: 0,
                account,
                name: r.name,
                words: r.words,
                kind,
                unit: r.unit,
                direction,
                baseline,
                proxy: r.proxy,
                target: r.target,
                target_on,
                kpi: r.kpi,
                moment,
                definition: crate::domain::Definition {
                    intended: r.intended,
                    calculation: r.calculation,
                    data_source: r.data_source,
                    // Out of range stays out of range, for the rules to name.
                    every_days: r.every_days.map(|d| d.clamp(0, u32::MAX as i64) as u32),
                    measured_by: r.measured_by,
                },
                voice: crate::domain::Voice {
                    by: r.said_by,
                    on: said_on,
                    valued: r.valued,
                },
                partner,
            };
            if !self.obeys(b, records::metric(&rec, self.today)) {
                return Ok(());
            }
            self.sink.metric(&rec)?;
            self.added("metric");
        }
        Ok(())
    }

    pub(super) fn read_measurement(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawMeasurement);
        let id = self.id(b, &r.id);
        let on = self.date(b, "on", &r.on);
        let metric = self.link(b, "metric", Kind::Metric, &r.metric)?;
        let (Some(id), Some(on), Some(metric)) = (id, on, metric) else {
            return Ok(());
        };
        if self.is_new(b, Kind::Measurement, id)? {
            let rec = Measurement {
                id,
                num: 0,
                metric,
                on,
                value: r.value,
                source: r.source,
                note: r.note,
            };
            if !self.obeys(b, records::measurement(&rec, self.today)) {
                return Ok(());
            }
            self.sink.measurement(&rec)?;
            self.added("measurement");
        }
        Ok(())
    }

    pub(super) fn read_visit(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawVisit);
        let id = self.id(b, &r.id);
        let on = self.date(b, "on", &r.on);
        let kind = self.choice::<VisitKind>(b, "kind", &r.kind);
        let intent = self.choice::<Intent>(b, "intent", &r.intent);
        let account = self.account(b, &r.account)?;
        let feedback_on = self.opt_date(b, "feedback_on", &r.feedback_on);
        let (Some(id), Some(on), Some(kind), Some(intent), Some(account), Some(feedback_on)) =
            (id, on, kind, intent, account, feedback_on)
        else {
            return Ok(());
        };
        let feedback = match (r.feedback_score, feedback_on) {
            (None, None) => None,
            (Some(score), Some(on)) => match u8::try_from(score) {
                Ok(score) => Some(crate::domain::Feedback {
                    score,
                    words: r.feedback_words,
                    on,
                }),
                Err(_) => {
                    self.report(b.problem(
                        "feedback_score",
                        format!("feedback_score = {score}: feedback scores run from 0 to 10"),
                    ));
                    return Ok(());
                }
            },
            _ => {
                self.report(
                    b.problem(
                        "feedback_score",
                        "feedback needs both feedback_score and feedback_on (the day it was given)"
                            .into(),
                    ),
                );
                return Ok(());
            }
        };
        if self.is_new(b, Kind::Visit, id)? {
            let rec = Visit {
                id,
                num: 0,
                account,
                on,
                kind,
                intent,
                ours: r.ours,
                theirs: r.theirs,
                notes: r.notes,
                feedback,
            };
            if !self.obeys(b, records::visit(&rec, self.today)) {
                return Ok(());
            }
            self.sink.visit(&rec)?;
            self.added("visit");
        }
        Ok(())
    }

    pub(super) fn read_commitment(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawCommitment);
        let id = self.id(b, &r.id);
        let made = self.date(b, "made", &r.made);
        let due = self.date(b, "due", &r.due);
        let status = self.choice::<Status>(b, "status", &r.status);
        let resolved_on = self.opt_date(b, "resolved_on", &r.resolved_on);
        let account = self.account(b, &r.account)?;
        let visit = match &r.visit {
            Some(v) => self.link(b, "visit", Kind::Visit, v)?.map(Some),
            None => Some(None),
        };
        let mut renegotiations = Some(Vec::new());
        for rn in &r.renegotiations {
            let new_due = self.date(b, "renegotiations", &rn.new_due);
            let agreed_on = self.date(b, "renegotiations", &rn.agreed_on);
            match (new_due, agreed_on, renegotiations.as_mut()) {
                (Some(new_due), Some(agreed_on), Some(list)) => list.push(Renegotiation {
                    new_due,
                    reason: rn.reason.clone(),
                    agreed_on,
                }),
                _ => renegotiations = None,
            }
        }
        let (
            Some(id),
            Some(made),
            Some(due),
            Some(status),
            Some(resolved_on),
            Some(account),
            Some(visit),
            Some(renegotiations),
        ) = (
            id,
            made,
            due,
            status,
            resolved_on,
            account,
            visit,
            renegotiations,
        )
        else {
            return Ok(());
        };
        if self.is_new(b, Kind::Commitment, id)? {
            let rec = Commitment {
                id,
                num: 0,
                account,
                what: r.what,
                to_whom: r.to,
                owner: r.owner,
                made_on: made,
                due_on: due,
                visit,
                status,
                resolved_on,
                reason: r.reason,
                renegotiations,
            };
            if !self.obeys(b, records::commitment(&rec, self.today)) {
                return Ok(());
            }
            self.sink.commitment(&rec)?;
            self.added("commitment");
        }
        Ok(())
    }

    pub(super) fn read_signal_note(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawSignalNote);
        let id = self.id(b, &r.id);
        let on = self.date(b, "on", &r.on);
        let acknowledged_on = self.date(b, "acknowledged_on", &r.acknowledged_on);
        let rule = match crate::domain::xmr::Rule::from_word(&r.rule) {
            Ok(rule) => Some(rule),
            Err(e) => {
                self.report(b.problem("rule", format!("rule = {e}")));
                None
            }
        };
        let metric = self.link(b, "metric", Kind::Metric, &r.metric)?;
        let visit = match &r.visit {
            Some(v) => self.link(b, "visit", Kind::Visit, v)?.map(Some),
            None => Some(None),
        };
        let commitment = match &r.commitment {
            Some(c) => self.link(b, "commitment", Kind::Commitment, c)?.map(Some),
            None => Some(None),
        };
        let (
            Some(id),
            Some(on),
            Some(acknowledged_on),
            Some(rule),
            Some(metric),
            Some(visit),
            Some(commitment),
        ) = (id, on, acknowledged_on, rule, metric, visit, commitment)
        else {
            return Ok(());
        };
        if self.is_new(b, Kind::SignalNote, id)? {
            let rec = crate::domain::SignalNote {
                id,
                num: 0,
                metric,
                rule,
                on,
                note: r.note,
                visit,
                commitment,
                acknowledged_on,
            };
            if !self.obeys(b, records::signal_note(&rec, self.today)) {
                return Ok(());
            }
            self.sink.signal_note(&rec)?;
            self.added("signal_note");
        }
        Ok(())
    }

    pub(super) fn read_introduction(&mut self, b: &Block) -> Result<(), StoreError> {
        let r = parse!(self, b, RawIntroduction);
        let id = self.id(b, &r.id);
        let on = self.date(b, "on", &r.on);
        let status_on = self.date(b, "status_on", &r.status_on);
        let status = self.choice::<crate::domain::IntroStatus>(b, "status", &r.status);
        let account = self.account(b, &r.account)?;
        let metric = match &r.metric {
            Some(m) => self.link(b, "metric", Kind::Metric, m)?.map(Some),
            None => Some(None),
        };
        let (Some(id), Some(on), Some(status_on), Some(status), Some(account), Some(metric)) =
            (id, on, status_on, status, account, metric)
        else {
            return Ok(());
        };
        if self.is_new(b, Kind::Introduction, id)? {
            let rec = crate::domain::Introduction {
                id,
                num: 0,
                account,
                from: r.from,
                to_account: r
                    .to_account
                    .map(|h| h.trim_start_matches('@').to_string())
                    .filter(|h| !h.is_empty()),
                to: r.to,
                metric,
                why: r.why,
                status,
                on,
                status_on,
                follow_up: r.follow_up,
            };
            if !self.obeys(b, records::introduction(&rec, self.today)) {
                return Ok(());
            }
            self.sink.introduction(&rec)?;
            self.added("introduction");
        }
        Ok(())
    }
}
