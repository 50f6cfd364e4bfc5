//! The keys that make or change the selected record: new, edit, remove,
//! archive, a stage move, the checklist, an assessment, a renewal's outcome,
//! a commitment's outcome, a measurement, a note on a signal.

use super::account::Tab;
use super::forms::Target;
use super::writes::saved_message;
use super::{App, Overlay, Screen};
use crate::domain::dates::shown;
use crate::domain::{Commitment, Status};
use crate::store::{Change, Record};

impl App {
    pub fn new_record(&mut self) {
        if self.screen == Screen::Partners {
            self.open_form(Target::NewPartner);
            return;
        }
        if matches!(self.screen, Screen::Welcome | Screen::Portfolio) {
            self.open_form(Target::NewAccount);
            return;
        }
        let Some(a) = self.need_account() else {
            return;
        };
        let account = a.num;
        match self.tab() {
            Some(Tab::Metrics) => self.open_form(Target::NewMetric { account }),
            Some(Tab::Visits) => self.open_form(Target::NewVisit { account }),
            Some(Tab::Stakeholders) => self.open_form(Target::NewStakeholder { account }),
            Some(Tab::Moments) => self.open_form(Target::NewMoment { account }),
            Some(Tab::Connect) => self.open_form(Target::NewIntroduction { account }),
            _ => self.open_form(Target::NewCommitment { account }),
        }
    }

    pub(super) fn selected_commitment(&mut self) -> Option<Commitment> {
        let found = if self.screen == Screen::Attention {
            self.attention
                .items
                .get(self.attention.list.selected)
                .and_then(|n| self.attention.all.get(*n as usize))
                .and_then(|item| item.commitment())
                .and_then(|num| self.store.commitment(num).ok().flatten())
        } else {
            match (self.tab(), &self.account) {
                (Some(Tab::Commitments), Some(v)) => v
                    .detail
                    .commitments
                    .get(v.selected(Tab::Commitments))
                    .cloned(),
                _ => None,
            }
        };
        if found.is_none() {
            self.fail(if self.screen == Screen::Attention {
                "choose an overdue or due commitment first"
            } else {
                "choose a commitment on the Commitments tab first"
            });
        }
        found
    }

    pub fn edit_selected(&mut self) {
        if self.screen == Screen::Partners {
            match self.partners.selected() {
                Some(r) => self.open_form(Target::EditPartner(r.partner.clone())),
                None => self.fail("no partner to edit: n adds one"),
            }
            return;
        }
        if self.screen == Screen::Portfolio {
            if let Some(a) = self.need_account() {
                if let Ok(Some(full)) = self.store.account_by_num(a.num) {
                    self.open_form(Target::EditAccount(full));
                }
            }
            return;
        }
        let Some(v) = &self.account else {
            return;
        };
        let d = &v.detail;
        let i = v.selected(v.tab);
        let target = match v.tab {
            Tab::Overview => Some(Target::EditAccount(d.row.account.clone())),
            Tab::Metrics => d
                .metrics
                .get(i)
                .map(|m| Target::EditMetric(m.metric.clone())),
            Tab::Visits => d.visits.get(i).cloned().map(Target::EditVisit),
            Tab::Commitments => d.commitments.get(i).cloned().map(Target::EditCommitment),
            Tab::Stakeholders => d.stakeholders.get(i).cloned().map(Target::EditStakeholder),
            Tab::Moments => d.moments.get(i).cloned().map(Target::EditMoment),
            Tab::Connect => d
                .introductions
                .get(i)
                .cloned()
                .map(Target::EditIntroduction),
        };
        match target {
            Some(t) => self.open_form(t),
            None => self.fail("nothing selected to edit"),
        }
    }

    pub fn edit_account(&mut self) {
        if let Some(a) = self.account.as_ref().map(|v| v.detail.row.account.clone()) {
            self.open_form(Target::EditAccount(a));
        }
    }

    pub fn remove_selected(&mut self) {
        if self.screen == Screen::Partners {
            match self.partners.selected() {
                Some(r) => {
                    let aligned = match r.served {
                        0 => String::new(),
                        n => format!(
                            "; {} aligned with it keep their KPI's name but serve no partner",
                            crate::domain::plural(n, "metric")
                        ),
                    };
                    let question = format!(
                        "Remove the partner {}{aligned}? (u undoes it)",
                        r.partner.name
                    );
                    let change = Change::Remove(Record::Partner(r.partner.num));
                    self.ask(question, change);
                }
                None => self.fail("no partner to remove"),
            }
            return;
        }
        let Some(v) = &self.account else {
            return;
        };
        let d = &v.detail;
        let i = v.selected(v.tab);
        let found = match v.tab {
            Tab::Overview => None,
            Tab::Metrics => d.metrics.get(i).map(|m| {
                let n = d.measurements.get(i).map_or(0, |ms| ms.len());
                (
                    Record::Metric(m.metric.num),
                    format!("the metric {} and its {n} measurements", m.metric.name),
                )
            }),
            Tab::Visits => d.visits.get(i).map(|x| {
                (
                    Record::Visit(x.num),
                    format!("visit #{} of {}", x.num, shown(self.today, x.on)),
                )
            }),
            Tab::Commitments => d.commitments.get(i).map(|c| {
                (
                    Record::Commitment(c.num),
                    format!("commitment #{} “{}”", c.num, c.what),
                )
            }),
            Tab::Stakeholders => d.stakeholders.get(i).map(|s| {
                (
                    Record::Stakeholder(s.num),
                    format!("the stakeholder {}", s.name),
                )
            }),
            Tab::Moments => d.moments.get(i).map(|m| {
                (
                    Record::Moment(m.num),
                    format!("moment of truth #{} “{}”", m.num, m.what),
                )
            }),
            Tab::Connect => d.introductions.get(i).map(|x| {
                (
                    Record::Introduction(x.num),
                    format!("introduction #{} ({})", x.num, x.line()),
                )
            }),
        };
        match found {
            Some((record, what)) => self.ask(
                format!("Remove {what}? (u undoes it)"),
                Change::Remove(record),
            ),
            None if v.tab == Tab::Overview => {
                self.fail("accounts are archived, not removed: A archives")
            }
            None => self.fail("nothing selected to remove"),
        }
    }

    pub fn archive(&mut self) {
        let Some(a) = self.need_account() else {
            return;
        };
        let (verb, archived) = if a.archived {
            ("Restore", false)
        } else {
            ("Archive", true)
        };
        self.ask(
            format!(
                "{verb} @{} ({})? Its records are kept; u undoes it.",
                a.handle, a.name
            ),
            Change::Archive {
                account: a.num,
                archived,
            },
        );
    }

    pub fn move_stage(&mut self) {
        if let Some(a) = self.need_account() {
            self.open_form(Target::MoveStage(a));
        }
    }

    pub fn checklist(&mut self) {
        let Some(a) = self.need_account() else {
            return;
        };
        let prompts: Vec<String> = self
            .config
            .stages
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(&a.stage))
            .map(|s| s.prompts.iter().take(9).cloned().collect())
            .unwrap_or_default();
        if prompts.is_empty() {
            self.info(format!(
                "{} has no questions in the config's stages",
                a.stage
            ));
            return;
        }
        self.open_form(Target::Checklist {
            account: a,
            prompts,
        });
    }

    /// The account's engagement maturity, on the config's scale.
    pub fn assess(&mut self) {
        if let Some(a) = self.need_account() {
            // The whole account: the form's change writes it back.
            let full = self.store.account_by_num(a.num).ok().flatten().unwrap_or(a);
            let scale = self.config.maturity.clone();
            self.open_form(Target::Assess {
                account: full,
                scale,
            });
        }
    }

    pub fn settle_renewal(&mut self) {
        if let Some(a) = self.need_account() {
            self.open_form(Target::SettleRenewal(a));
        }
    }

    pub fn log_visit(&mut self) {
        if let Some(a) = self.need_account() {
            self.open_form(Target::NewVisit { account: a.num });
        }
    }

    pub fn new_commitment(&mut self) {
        if let Some(a) = self.need_account() {
            self.open_form(Target::NewCommitment { account: a.num });
        }
    }

    pub(super) fn selected_metric(&mut self) -> Option<(usize, i64)> {
        let found = match (self.tab(), &self.account) {
            (Some(Tab::Metrics), Some(v)) => {
                let i = v.selected(Tab::Metrics);
                v.detail.metrics.get(i).map(|m| (i, m.metric.num))
            }
            _ => None,
        };
        if found.is_none() {
            self.fail("choose a metric on the Metrics tab first");
        }
        found
    }

    pub fn measure(&mut self) {
        if let Some((_, metric)) = self.selected_metric() {
            self.open_form(Target::NewMeasurement { metric });
        }
    }

    pub fn show_measurements(&mut self) {
        if let Some((index, _)) = self.selected_metric() {
            self.overlay = Overlay::Measurements {
                metric: index,
                list: Default::default(),
            };
        }
    }

    /// The measurements overlay's keys: new, edit, remove.
    pub fn measurement_action(&mut self, action: crate::action::Action) {
        use crate::action::Action;
        let Overlay::Measurements { metric, list } = &self.overlay else {
            return;
        };
        let (metric, selected) = (*metric, list.selected);
        let Some(v) = &self.account else {
            return;
        };
        let Some(m) = v.detail.metrics.get(metric) else {
            return;
        };
        let ms: Vec<crate::domain::Measurement> = v
            .measurements_newest_first(metric)
            .into_iter()
            .cloned()
            .collect();
        let num = m.metric.num;
        let name = m.metric.name.clone();
        match action {
            Action::New => self.open_form(Target::NewMeasurement { metric: num }),
            Action::Edit => match ms.get(selected) {
                Some(x) => self.open_form(Target::EditMeasurement(x.clone())),
                None => self.fail("no measurement to edit"),
            },
            Action::Remove => match ms.get(selected) {
                Some(x) => self.ask(
                    format!(
                        "Remove the measurement of {} on {} ({})? (u undoes it)",
                        name,
                        shown(self.today, x.on),
                        x.value
                    ),
                    Change::Remove(Record::Measurement(x.num)),
                ),
                None => self.fail("no measurement to remove"),
            },
            _ => {}
        }
    }

    /// Outcome keys on the selected commitment: kept today at once; the
    /// others open the bar with the line started, to add date or reason.
    pub fn outcome(&mut self, action: crate::action::Action) {
        use crate::action::Action;
        let Some(c) = self.selected_commitment() else {
            return;
        };
        if c.status != Status::Open {
            self.fail(format!(
                "commitment #{} is already {}; u undoes the last change",
                c.num, c.status
            ));
            return;
        }
        let n = c.num;
        match action {
            Action::Kept => {
                let change = Change::Keep {
                    commitment: n,
                    on: self.today,
                };
                match self.write(&change) {
                    Ok(applied) => self.info(saved_message(&change, &applied, self.today)),
                    Err(e) => self.fail(e),
                }
            }
            // A valid line from the start: the day it was kept, to change.
            Action::KeptOn => self.open_quick_add(&format!("done {n} on:yesterday")),
            Action::Broken => self.open_bar_at(&format!("broken {n} reason:\"\""), 1),
            Action::Renegotiate => {
                let line = format!("renegotiate {n} due: reason:\"\"");
                let back = " reason:\"\"".len();
                self.open_bar_at(&line, back);
            }
            Action::DropCommitment => self.open_quick_add(&format!("drop {n} reason:\"\"")),
            _ => {}
        }
    }

    /// A note on the selected signal in the inbox (which acknowledges it).
    pub fn note_signal(&mut self) {
        let Some(s) = self.signals.selected().cloned() else {
            self.fail("no signal selected");
            return;
        };
        let name = match self.store.metric(s.metric) {
            Ok(Some(m)) => m.name,
            Ok(None) => {
                self.fail("that metric is gone");
                return;
            }
            Err(e) => {
                self.fail(e);
                return;
            }
        };
        self.open_form(Target::NoteSignal {
            account: s.account,
            metric: s.metric,
            name,
            rule: s.rule,
            on: s.on,
        });
    }
}
