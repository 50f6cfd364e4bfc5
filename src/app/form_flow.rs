//! A form from opening to saving: what it is filled from (the lookups), the
//! preview of a visit's notes as they are typed, a refusal put beside its
//! field, a draft dropped on cancel.

use super::account::Tab;
use super::forms::{self, Lookups, Target};
use super::writes::{saved_message, Confirm};
use super::{App, Overlay};
use crate::action::Action;
use crate::capture::{self};
use crate::domain::dates::shown;
use crate::rules::Field as F;
use crate::store::{Applied, Change, CommitmentQuery, StoreError, VisitQuery};

impl App {
    pub(super) fn lookups(&self, account: Option<i64>, metric: Option<i64>) -> Lookups {
        let mut l = Lookups {
            people: self
                .store
                .people()
                .map(|ps| ps.into_iter().map(|p| p.name).collect())
                .unwrap_or_default(),
            stages: self.stage_names(),
            layers: self.config.layers.clone(),
            ..Default::default()
        };
        let partners = self.store.partners().unwrap_or_default();
        l.kpis = partners.iter().flat_map(|p| p.kpis.clone()).collect();
        l.partners = partners.into_iter().map(|p| (p.num, p.name)).collect();
        if let Some(a) = account {
            self.account_lookups(a, &mut l);
        }
        if let Some(m) = metric.and_then(|m| self.store.metric(m).ok().flatten()) {
            l.values = self
                .store
                .measurements(m.num)
                .map(|ms| ms.iter().map(|x| x.value).collect())
                .unwrap_or_default();
            l.metric = m.name;
            l.unit = m.unit;
            l.anchors = self.anchors_of(m.account);
        }
        if let Some(a) = account {
            l.anchors = self.anchors_of(a);
        }
        l
    }

    /// The account's own records a form may name: its people, metrics,
    /// moments, latest visits and commitments.
    fn account_lookups(&self, a: i64, l: &mut Lookups) {
        l.stakeholders = self
            .store
            .stakeholders(Some(a))
            .map(|ss| ss.into_iter().map(|s| s.name).collect())
            .unwrap_or_default();
        l.metrics = self
            .store
            .metrics(Some(a))
            .map(|ms| ms.into_iter().map(|m| (m.num, m.name)).collect())
            .unwrap_or_default();
        l.moments = self
            .store
            .moments(Some(a))
            .map(|ms| ms.into_iter().map(|m| (m.num, m.what)).collect())
            .unwrap_or_default();
        l.visits = self
            .store
            .visits(&VisitQuery {
                account: Some(a),
                ..Default::default()
            })
            .map(|vs| {
                vs.into_iter()
                    .take(30)
                    .map(|v| {
                        (
                            v.num,
                            format!("{} {} {}", shown(self.today, v.on), v.intent, v.kind),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        l.commitments = self
            .store
            .commitments(&CommitmentQuery {
                account: Some(a),
                ..Default::default()
            })
            .map(|cs| {
                cs.into_iter()
                    .rev()
                    .take(40)
                    .map(|c| {
                        (
                            c.num,
                            format!("{} · due {}", c.what, shown(self.today, c.due())),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
    }

    pub(super) fn anchors_of(&self, account: i64) -> Option<crate::domain::key_dates::Anchors> {
        self.store
            .account_by_num(account)
            .ok()
            .flatten()
            .map(|a| a.anchors())
    }

    pub fn open_form(&mut self, target: Target) {
        let (account, metric) = match &target {
            Target::NewIntroduction { account } => (Some(*account), None),
            Target::EditIntroduction(x) => (Some(x.account), None),
            Target::NewPartner
            | Target::EditPartner(_)
            | Target::NewAccount
            | Target::EditAccount(_)
            | Target::MoveStage(_)
            | Target::SettleRenewal(_)
            | Target::Checklist { .. }
            | Target::Assess { .. }
            | Target::Export(_) => (None, None),
            Target::NoteSignal { account, .. } => (Some(*account), None),
            Target::NewStakeholder { account }
            | Target::NewMoment { account }
            | Target::NewMetric { account }
            | Target::NewVisit { account }
            | Target::NewCommitment { account } => (Some(*account), None),
            Target::EditStakeholder(s) => (Some(s.account), None),
            Target::EditMoment(m) => (Some(m.account), None),
            Target::EditMetric(m) => (Some(m.account), None),
            Target::NewMeasurement { metric } => (None, Some(*metric)),
            Target::EditMeasurement(x) => (None, Some(x.metric)),
            Target::EditVisit(v) => (Some(v.account), None),
            Target::EditCommitment(c) => (Some(c.account), None),
        };
        let l = self.lookups(account, metric);
        let form = forms::build(target, &l, &self.me, self.today);
        self.overlay = Overlay::Form(Box::new(form));
    }

    pub fn save_form(&mut self) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        if !form.check_all(self.today) {
            form.error = Some("not saved: fix the marked field".into());
            return;
        }
        if let Target::Export(scope) = &form.target {
            let scope = scope.clone();
            self.run_export(scope);
            return;
        }
        let change = match forms::change(form, self.today) {
            Ok(c) => c,
            Err((label, message)) => {
                form.fail_at(label, message);
                return;
            }
        };
        // A visit's notes may make or change commitments (`>` lines); the
        // context is built from fields, the form being borrowed.
        let ctx = capture::Context {
            today: self.today,
            me: &self.me,
            account: None,
            visit: None,
        };
        let (change, notes) = match capture::notes::with_notes(change, &ctx, &*self.store) {
            Ok(done) => done,
            Err(e) => {
                form.fail_at(F::Notes, e.to_string());
                form.error = Some("not saved: see the marked field".into());
                return;
            }
        };
        let target = form.target.clone();
        let lookups = self.question_lookups(&target);
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        // Asked once; saving again as it is answers yes.
        if let Some(q) = forms::question(&change, &lookups) {
            if form.questioned.as_deref() != Some(q.as_str()) {
                form.error = Some(q.clone());
                form.questioned = Some(q);
                return;
            }
        }
        if matches!(form.target, Target::MoveStage(_)) {
            return self.confirm_move(change);
        }
        match self.write(&change) {
            Ok(applied) => self.form_saved(&change, &applied, &notes),
            Err(e) => self.form_refused(&e),
        }
    }

    /// What the question before saving needs to know of the book.
    fn question_lookups(&self, target: &Target) -> Lookups {
        let mut lookups = forms::Lookups::default();
        match target {
            Target::NewMeasurement { metric } => lookups = self.lookups(None, Some(*metric)),
            Target::EditMeasurement(x) => lookups = self.lookups(None, Some(x.metric)),
            Target::NewAccount | Target::EditAccount(_) => {
                lookups.account_names = self
                    .store
                    .accounts(&crate::store::AccountQuery {
                        include_archived: true,
                        ..Default::default()
                    })
                    .map(|all| all.into_iter().map(|a| (a.name, a.handle)).collect())
                    .unwrap_or_default();
            }
            _ => {}
        }
        lookups
    }

    /// A stage move is asked about before it is written.
    fn confirm_move(&mut self, change: Change) {
        let Overlay::Form(form) = &self.overlay else {
            return;
        };
        let Target::MoveStage(a) = &form.target else {
            return;
        };
        let Change::SetStage { stage, on, .. } = &change else {
            return;
        };
        let question = format!(
            "Move @{} from {} to {stage} on {}?",
            a.handle,
            a.stage,
            shown(self.today, *on)
        );
        let Overlay::Form(form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        self.overlay = Overlay::Confirm(Box::new(Confirm {
            question,
            change,
            form: Some(form),
        }));
    }

    /// Written: the form closes, the status line says what was saved, and
    /// a new visit asks for its commitments, a new account opens.
    fn form_saved(
        &mut self,
        change: &Change,
        applied: &Applied,
        notes: &capture::notes::NotesPlan,
    ) {
        let Overlay::Form(form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        let mut said = saved_message(change, applied, self.today);
        if let Some(n) = notes.notice() {
            said.push_str(&format!(" · {n}"));
        }
        self.info(said);
        if let Change::AddVisit(v) | Change::LogVisit { visit: v, .. } = change {
            if v.num == 0 {
                self.ask_for_commitments(v, applied.num);
            }
        }
        if let Change::AddAccount(_) = change {
            self.open_account(applied.num, Tab::Overview);
        }
        drop(form);
    }

    /// Refused by the store: the message goes beside its field, if it has one.
    fn form_refused(&mut self, e: &StoreError) {
        if let Overlay::Form(form) = &mut self.overlay {
            let message = e.to_string();
            let at = match e {
                StoreError::Input(r) => r
                    .field
                    .map(|f| forms::field_of(&form.target, f))
                    .filter(|id| form.field(*id).is_some()),
                _ => None,
            };
            match at {
                Some(id) => form.fail_at(id, message.clone()),
                None => form.error = Some(format!("not saved: {message}")),
            }
            if form.error.is_none() {
                form.error = Some("not saved: see the marked field".into());
            }
        }
    }

    /// Esc on a form: asks first when something was typed.
    pub fn cancel_form(&mut self) {
        if let Overlay::Form(form) = &mut self.overlay {
            if form.changed() && !form.confirm_discard {
                form.confirm_discard = true;
                return;
            }
        }
        self.overlay = Overlay::None;
    }

    /// What the `>` lines of a visit form's notes will make, worked out
    /// again as they are typed: the previews under the notes, or what is
    /// wrong with a line beside them.
    pub fn refresh_notes_preview(&mut self) {
        let Overlay::Form(f) = &self.overlay else {
            return;
        };
        let Some((visit, before)) = forms::visit_so_far(f, self.today) else {
            return;
        };
        let ctx = self.plain_context();
        let read = capture::notes::plan_notes(&visit, &before, &ctx, &*self.store);
        let Overlay::Form(f) = &mut self.overlay else {
            return;
        };
        let Some(notes) = f.field_mut(F::Notes) else {
            return;
        };
        match read {
            Ok(plan) => {
                if notes
                    .error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("notes line "))
                {
                    notes.error = None;
                }
                f.notes_preview = plan.previews.clone();
                f.notes_preview.extend(plan.notice());
            }
            Err(e) => {
                notes.error = Some(e.to_string());
                f.notes_preview.clear();
            }
        }
    }

    /// Whether the focus is in a form's notes field (Enter there starts a
    /// new line: `keymap::When::OutsideNotes`).
    pub fn in_notes(&self) -> bool {
        match &self.overlay {
            Overlay::Form(f) => {
                !f.confirm_discard
                    && f.focused()
                        .is_some_and(|x| x.kind == super::fields::FieldKind::Notes)
            }
            _ => false,
        }
    }
}

impl App {
    /// The keys of a box typed into: the bar, a form, a question.
    pub(super) fn in_box(&mut self, action: Action) {
        use Action::*;
        match action {
            EditOutside => {
                if let Overlay::Form(f) = &self.overlay {
                    self.edit_outside = f.focused().map(|x| x.input.text.clone());
                }
            }
            Save => match self.overlay {
                Overlay::QuickAdd(_) => self.save_quick_add(),
                Overlay::Form(_) => self.save_form(),
                _ => {}
            },
            Complete | CompleteBack => self.complete(action == Complete),
            Older | Newer => {
                if let Overlay::QuickAdd(q) = &mut self.overlay {
                    let lines = if q.follow_up.is_some() {
                        &self.visit_recall.lines
                    } else {
                        &self.recall.lines
                    };
                    q.recall(lines, action == Older);
                }
                self.refresh_preview();
            }
            NextField | PrevField => {
                if let Overlay::Form(f) = &mut self.overlay {
                    f.tab(action == NextField, self.today);
                }
            }
            Yes => match &mut self.overlay {
                Overlay::Confirm(_) => self.confirmed(),
                Overlay::Form(f) if f.confirm_discard => self.overlay = Overlay::None,
                _ => {}
            },
            _ => {}
        }
    }
}
