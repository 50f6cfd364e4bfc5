//! Writing from the app: the quick-add bar, the forms, outcomes on
//! commitments, stage moves, archive and removal (after a question), undo
//! and redo. Every write is one `Store::apply`, so one transaction.

use super::account::Tab;
use super::attention;
use super::form::FieldKind;
use super::forms::{self, Lookups, RecordForm, Target};
use super::quickadd::{self, FollowUp, QuickAdd, Spot, Want};
use super::{App, Overlay, Screen};
use crate::capture::{self, CaptureError, PlanError};
use crate::domain::dates::shown;
use crate::domain::{Account, Commitment, Status};
use crate::report;
use crate::store::{Applied, Change, CommitmentQuery, Record, StoreError, VisitQuery};

/// Above this many accounts the bar does not resolve a handle while it is
/// being typed (see `refresh_preview`).
const BIG_BOOK: usize = 5_000;

/// A yes/no question before a weighty change.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub change: Change,
    /// The form to return to on "no" (a stage move comes from one).
    pub form: Option<Box<RecordForm>>,
}

impl App {
    /// The account the screen is about: the open account, or the one
    /// selected in the portfolio.
    pub fn account_in_view(&self) -> Option<Account> {
        match self.screen {
            Screen::Account => self.account.as_ref().map(|a| a.detail.row.account.clone()),
            // The portfolio holds a compact account; the store the record.
            Screen::Portfolio => self
                .portfolio
                .selected_row()
                .and_then(|r| self.store.account_by_num(r.account.num).ok().flatten()),
            _ => None,
        }
    }

    pub fn open_quick_add(&mut self, text: &str) {
        let q = QuickAdd::new(text, self.account_in_view());
        self.overlay = Overlay::QuickAdd(Box::new(q));
        self.refresh_preview();
    }

    /// After a visit is saved: the bar, for the commitments made in it.
    fn ask_for_commitments(&mut self, v: &crate::domain::Visit, num: i64) {
        let account = self.store.account_by_num(v.account).ok().flatten();
        let note = self
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        self.info(format!(
            "{note} · commitments made in this visit? one per line; Esc when done"
        ));
        self.open_follow_up(
            account,
            FollowUp {
                visit: num,
                theirs: v.theirs.clone(),
            },
        );
    }

    fn open_follow_up(&mut self, account: Option<Account>, follow: FollowUp) {
        let mut q = QuickAdd::new("", account);
        q.follow_up = Some(follow);
        self.overlay = Overlay::QuickAdd(Box::new(q));
    }

    /// Works out what Enter would save, as the user types.
    pub fn refresh_preview(&mut self) {
        let Overlay::QuickAdd(q) = &self.overlay else {
            return;
        };
        if q.input.text.trim().is_empty() {
            if let Overlay::QuickAdd(q) = &mut self.overlay {
                q.preview = None;
            }
            return;
        }
        // In a big book a half-typed handle would be resolved by reading
        // every account on each key: wait until it is typed or completed.
        let spot = quickadd::spot(&q.input.text, q.input.cursor, q.follow_up.is_some());
        let half_typed = spot.want == Want::Handle
            && self.portfolio.rows.len() > BIG_BOOK
            && !matches!(self.store.account(&spot.prefix), Ok(Some(_)))
            && self
                .store
                .accounts_by_handle_prefix(&spot.prefix, 2)
                .map_or(true, |found| found.len() != 1);
        let preview = if half_typed {
            Err(CaptureError::new(
                spot.start..q.input.cursor,
                format!(
                    "`@{}`: type more of the handle, or Tab to complete it",
                    spot.prefix
                ),
            ))
        } else {
            self.plan_line(q).map(|(_, p)| p)
        };
        if let Overlay::QuickAdd(q) = &mut self.overlay {
            q.preview = Some(preview);
        }
    }

    /// The change a bar's line makes and its preview, or the error with its
    /// place in the text as typed.
    fn plan_line(&self, q: &QuickAdd) -> Result<(Change, String), CaptureError> {
        let (line, shift) = q.line();
        let ctx = capture::Context {
            today: self.today,
            me: &self.me,
            account: q.account.as_ref(),
            visit: q.follow_up.as_ref().map(|f| f.visit),
        };
        match capture::plan(&line, &ctx, &*self.store) {
            Ok(mut plan) => {
                if let (Some(f), Change::AddCommitment(c)) = (&q.follow_up, &mut plan.change) {
                    plan.preview
                        .push_str(&format!(" · made in visit #{}", f.visit));
                    if c.to_whom.is_empty() && !f.theirs.is_empty() {
                        c.to_whom = f.theirs.join(", ");
                        plan.preview.push_str(&format!(" · to {}", c.to_whom));
                    }
                }
                // The rules Enter would meet, checked now: the preview
                // never shows ✓ for a line that saving refuses.
                if let Err(StoreError::Input(r)) = self.store.check(&plan.change, self.today) {
                    let span = r
                        .field
                        .and_then(|f| {
                            let key = format!("{}:", f.key());
                            q.input.text.find(&key).map(|at| {
                                let end = q.input.text[at..]
                                    .find(' ')
                                    .map_or(q.input.text.len(), |e| at + e);
                                at..end
                            })
                        })
                        .unwrap_or(0..q.input.text.len());
                    return Err(CaptureError::new(span, r.message));
                }
                Ok((plan.change, plan.preview))
            }
            Err(PlanError::Line(e)) => {
                let start = e.span.start.saturating_sub(shift).min(q.input.text.len());
                let end = e.span.end.saturating_sub(shift).min(q.input.text.len());
                Err(CaptureError::new(start..end.max(start), e.message))
            }
            Err(PlanError::Store(e)) => Err(CaptureError::new(0..0, e.to_string())),
        }
    }

    pub fn save_quick_add(&mut self) {
        let Overlay::QuickAdd(q) = &self.overlay else {
            return;
        };
        if q.input.text.trim().is_empty() {
            // An empty Enter ends a run of follow-up lines.
            self.overlay = Overlay::None;
            return;
        }
        let planned = self.plan_line(q);
        let (text, follow, account) =
            (q.input.text.clone(), q.follow_up.clone(), q.account.clone());
        let change = match planned {
            Ok((change, _)) => change,
            Err(e) => {
                self.fail(format!("not saved: {}", e.message));
                if let Overlay::QuickAdd(q) = &mut self.overlay {
                    q.preview = Some(Err(e));
                }
                return;
            }
        };
        match self.write(&change) {
            Ok(applied) => {
                // Saved: the kept draft has done its work.
                self.recall.keep_draft("");
                self.draft.clear();
                let kept = if follow.is_some() {
                    self.visit_recall.push(&text)
                } else {
                    self.recall.push(&text)
                };
                if let Err(e) = kept {
                    self.fail(format!(
                        "saved, but the line history could not be kept: {e}"
                    ));
                } else {
                    self.info(saved_message(&change, &applied, self.today));
                }
                match (&change, follow) {
                    (Change::AddVisit(v), _) => self.ask_for_commitments(v, applied.num),
                    (Change::LogVisit { visit, .. }, _) if visit.num == 0 => {
                        self.ask_for_commitments(visit, applied.num)
                    }
                    (Change::AddCommitment(_), Some(f)) => self.open_follow_up(account, f),
                    _ => self.overlay = Overlay::None,
                }
            }
            Err(e) => {
                let message = e.to_string();
                self.fail(format!("not saved: {message}"));
                if let Overlay::QuickAdd(q) = &mut self.overlay {
                    q.preview = Some(Err(CaptureError::new(0..0, message)));
                }
            }
        }
    }

    /// Tab in the bar: the next candidate, or candidates for the word at
    /// the cursor.
    pub fn complete(&mut self, forward: bool) {
        let Overlay::QuickAdd(q) = &mut self.overlay else {
            return;
        };
        if q.cycle(forward) {
            self.refresh_preview();
            return;
        }
        let spot = quickadd::spot(&q.input.text, q.input.cursor, q.follow_up.is_some());
        let typed = q
            .input
            .text
            .get(spot.start..q.input.cursor)
            .unwrap_or("")
            .to_string();
        let default = q.account.clone();
        let items = self.candidates(&spot, default.as_ref());
        // Nothing to complete, or the word is complete already ("+2w"):
        // on to the next empty "" (a renegotiation's reason).
        let complete = items
            .iter()
            .any(|(t, _)| t.trim_end().eq_ignore_ascii_case(typed.trim_end()));
        if (items.is_empty() || complete) && forward && self.jump_to_empty_quotes() {
            return;
        }
        if items.is_empty() {
            self.info(match spot.want {
                Want::Nothing => "nothing to complete here".to_string(),
                _ => format!("no match for `{}`", spot.prefix),
            });
            return;
        }
        if let Overlay::QuickAdd(q) = &mut self.overlay {
            q.complete(&spot, items);
        }
        self.refresh_preview();
    }

    /// Tab with nothing to complete moves into the next empty `""` of the
    /// line (a renegotiation's reason after its date).
    fn jump_to_empty_quotes(&mut self) -> bool {
        let Overlay::QuickAdd(q) = &mut self.overlay else {
            return false;
        };
        let after = q.input.cursor;
        match q.input.text.get(after..).and_then(|rest| rest.find("\"\"")) {
            Some(i) => {
                q.input.cursor = after + i + 1;
                true
            }
            None => false,
        }
    }

    /// (text inserted, label) for each candidate, best first.
    fn candidates(&self, spot: &Spot, default: Option<&Account>) -> Vec<(String, String)> {
        // The account the line names wins over the one in view, resolved as
        // saving would (exactly, else the one handle it starts); a handle
        // that names no single account offers no account's names at all.
        let named: Option<Option<Account>> =
            spot.handle
                .as_deref()
                .map(|h| match self.store.account(h).ok().flatten() {
                    Some(a) => Some(a),
                    None => self
                        .store
                        .accounts_by_handle_prefix(h, 2)
                        .ok()
                        .filter(|found| found.len() == 1)
                        .and_then(|mut found| found.pop()),
                });
        let account = match &named {
            Some(found) => found.as_ref(),
            None => default,
        };
        let names: Vec<(String, String)> = match spot.want {
            Want::Verb => plain(quickadd::verbs()),
            Want::Word => plain(quickadd::words_for(spot)),
            Want::Date => {
                let mut words = plain(quickadd::DATE_WORDS.iter().map(|s| s.to_string()).collect());
                // The account's key dates, which a date can count from.
                if let Some(a) = account {
                    words.extend(a.anchors().days.into_iter().map(|(name, on)| {
                        let label = format!("{name} · {}", crate::domain::dates::long(on));
                        (name, label)
                    }));
                }
                words
            }
            Want::Handle => self
                .portfolio
                .rows
                .iter()
                .map(|r| {
                    (
                        r.account.handle().to_string(),
                        format!("@{} {}", r.account.handle(), r.account.name()),
                    )
                })
                .collect(),
            Want::Person => self
                .store
                .people()
                .map(|ps| plain(ps.into_iter().map(|p| p.name).collect()))
                .unwrap_or_default(),
            Want::Stakeholder => account
                .and_then(|a| self.store.stakeholders(Some(a.num)).ok())
                .map(|ss| {
                    ss.into_iter()
                        .map(|s| (s.name.clone(), format!("{} · {}", s.name, s.role)))
                        .collect()
                })
                .unwrap_or_default(),
            Want::Metric => account
                .and_then(|a| self.store.metrics(Some(a.num)).ok())
                .map(|ms| {
                    ms.into_iter()
                        .map(|m| (crate::domain::text::slug(&m.name), m.name))
                        .collect()
                })
                .unwrap_or_default(),
            Want::Commitment => {
                let q = CommitmentQuery {
                    account: account.map(|a| a.num),
                    owner: account.is_none().then(|| self.me.clone()),
                    status: Some(Status::Open),
                };
                self.store
                    .commitments(&q)
                    .map(|cs| {
                        cs.into_iter()
                            .map(|c| {
                                (
                                    c.num.to_string(),
                                    format!(
                                        "#{} {} · due {}",
                                        c.num,
                                        c.what,
                                        shown(self.today, c.due())
                                    ),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }
            Want::Nothing => vec![],
        };
        let ranked: Vec<&(String, String)> = if spot.prefix.is_empty() {
            names.iter().collect()
        } else {
            capture::resolve::rank(&spot.prefix, &names, |(n, l)| vec![n.clone(), l.clone()])
                .into_iter()
                .map(|(_, x)| x)
                .collect()
        };
        ranked
            .into_iter()
            .take(12)
            .map(|(n, l)| (spot.insert(n), l.clone()))
            .collect()
    }

    /// Applies a change and brings the screens up to date with it.
    fn write(&mut self, change: &Change) -> Result<Applied, StoreError> {
        let account = self.account_of(change);
        let before = account.and_then(|n| self.months_of(n));
        let applied = self.store.apply(change, self.today)?;
        let account = account.or(match change {
            Change::AddAccount(_) => Some(applied.num),
            _ => None,
        });
        // The trends move by this account's months, old out and new in.
        if let Some((owner, m)) = before {
            self.trends.trends.add(owner.as_deref(), &m, true);
        }
        if let Some((owner, m)) = self.after_write(account) {
            self.trends.trends.add(owner.as_deref(), &m, false);
        }
        Ok(applied)
    }

    /// An account's owner and months, as the trends count them (archived
    /// accounts are not counted).
    fn months_of(&self, num: i64) -> Option<Owned> {
        let rec = self.live_records(num).ok().flatten()?;
        Some(owned_months(&rec.account, &rec.digest(), self.today))
    }

    /// The records of an account that is not archived.
    fn live_records(&self, num: i64) -> Result<Option<crate::store::AccountRecords>, StoreError> {
        self.store.account_by_num(num).and_then(|a| match a {
            Some(a) if !a.archived => self.store.account_records(a).map(Some),
            _ => Ok(None),
        })
    }

    /// The account a change is about, looked up before it is applied.
    fn account_of(&self, change: &Change) -> Option<i64> {
        let by_commitment = |n: i64| self.store.commitment(n).ok().flatten().map(|c| c.account);
        let by_metric = |n: i64| self.store.metric(n).ok().flatten().map(|m| m.account);
        match change {
            Change::AddAccount(_)
            | Change::AddPerson { .. }
            | Change::AddPartner(_)
            | Change::EditPartner(_) => None,
            Change::EditAccount(a) => Some(a.num),
            Change::Archive { account, .. } | Change::SetStage { account, .. } => Some(*account),
            Change::AddStakeholder(s) | Change::EditStakeholder(s) => Some(s.account),
            Change::AddIntroduction(x) | Change::EditIntroduction(x) => Some(x.account),
            Change::AddMoment(m) | Change::EditMoment(m) => Some(m.account),
            Change::AddMetric(m) | Change::EditMetric(m) => Some(m.account),
            Change::AddMeasurement(x) | Change::EditMeasurement(x) => by_metric(x.metric),
            Change::NoteSignal(n) => by_metric(n.metric),
            Change::AddVisit(v) | Change::EditVisit(v) => Some(v.account),
            Change::LogVisit { visit, .. } => Some(visit.account),
            Change::AddCommitment(c) | Change::EditCommitment(c) => Some(c.account),
            Change::Keep { commitment, .. }
            | Change::Break { commitment, .. }
            | Change::Drop { commitment, .. }
            | Change::Renegotiate { commitment, .. } => by_commitment(*commitment),
            Change::Remove(r) => match r {
                Record::Commitment(n) => by_commitment(*n),
                Record::Metric(n) => by_metric(*n),
                Record::Partner(_) => None,
                _ => self.account.as_ref().map(|a| a.detail.row.account.num),
            },
        }
    }

    /// Recomputes one account's row and attention items (not the whole
    /// book), and the open account's screen.
    /// Brings the screens up to date; the account's months for the trends.
    fn after_write(&mut self, account: Option<i64>) -> Option<Owned> {
        let months = account.and_then(|num| self.refresh_account(num));
        self.respawn_loader();
        self.settle();
        months
    }

    /// Recomputes one account's row, attention items and signals; its
    /// owner and months, for the trends.
    pub(super) fn refresh_account(&mut self, num: i64) -> Option<Owned> {
        let w = self.window();
        match self.live_records(num) {
            Ok(Some(rec)) => {
                let d = rec.digest();
                let row =
                    report::row_of(rec.account.clone(), report::Terms::of(&rec.account), &d, w);
                let items =
                    attention::items_for(num, &d, &row, self.today, self.config.unvisited_days);
                let sigs = super::signals::items_for(num, &d, self.today);
                let row = self.portfolio.hold(row);
                self.portfolio.replace_row(num, Some(row));
                self.attention.replace_account(num, items);
                self.signals.replace_account(num, sigs);
                Some(owned_months(&rec.account, &d, self.today))
            }
            Ok(None) => {
                self.portfolio.replace_row(num, None);
                self.attention.replace_account(num, vec![]);
                self.signals.replace_account(num, vec![]);
                None
            }
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    pub fn undo_redo(&mut self, undo: bool) {
        let result = if undo {
            self.store.undo()
        } else {
            self.store.redo()
        };
        match result {
            Ok(Some(label)) => {
                // The change log names the accounts the undo touched.
                self.catch_up();
                let keys = |a| {
                    self.keymap
                        .key_for(crate::keymap::Context::Global, a)
                        .map(|k| k.to_string())
                        .unwrap_or_default()
                };
                self.info(if undo {
                    format!(
                        "undone: {label} · {} redoes",
                        keys(crate::action::Action::Redo)
                    )
                } else {
                    format!(
                        "redone: {label} · {} undoes",
                        keys(crate::action::Action::Undo)
                    )
                });
            }
            Ok(None) => self.info(if undo {
                "nothing to undo"
            } else {
                "nothing to redo"
            }),
            Err(e) => self.fail(e),
        }
    }

    // ---- forms ------------------------------------------------------------

    fn lookups(&self, account: Option<i64>, metric: Option<i64>) -> Lookups {
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

    fn anchors_of(&self, account: i64) -> Option<crate::domain::key_dates::Anchors> {
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
                form.fail_at("Notes", e.to_string());
                form.error = Some("not saved: see the marked field".into());
                return;
            }
        };
        // Asked once; saving again as it is answers yes.
        let mut lookups = forms::Lookups::default();
        let target = form.target.clone();
        match &target {
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
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        if let Some(q) = forms::question(&change, &lookups) {
            if form.questioned.as_deref() != Some(q.as_str()) {
                form.error = Some(q.clone());
                form.questioned = Some(q);
                return;
            }
        }
        if let Target::MoveStage(a) = &form.target {
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
            return;
        }
        match self.write(&change) {
            Ok(applied) => {
                let Overlay::Form(form) = std::mem::replace(&mut self.overlay, Overlay::None)
                else {
                    return;
                };
                let mut said = saved_message(&change, &applied, self.today);
                if let Some(n) = notes.notice() {
                    said.push_str(&format!(" · {n}"));
                }
                self.info(said);
                if let Change::AddVisit(v) | Change::LogVisit { visit: v, .. } = &change {
                    if v.num == 0 {
                        self.ask_for_commitments(v, applied.num);
                    }
                }
                if let Change::AddAccount(_) = &change {
                    self.open_account(applied.num, Tab::Overview);
                }
                drop(form);
            }
            Err(e) => {
                if let Overlay::Form(form) = &mut self.overlay {
                    let message = e.to_string();
                    let label = match &e {
                        StoreError::Input(r) => r
                            .field
                            .and_then(|f| forms::label_of(&form.target, f))
                            .filter(|l| form.field_mut(l).is_some()),
                        _ => None,
                    };
                    match label {
                        Some(label) => form.fail_at(label, message.clone()),
                        None => form.error = Some(format!("not saved: {message}")),
                    }
                    if form.error.is_none() {
                        form.error = Some("not saved: see the marked field".into());
                    }
                }
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

    pub fn confirmed(&mut self) {
        let Overlay::Confirm(c) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        match self.write(&c.change) {
            Ok(applied) => {
                let mut text = saved_message(&c.change, &applied, self.today);
                if let Change::SetStage { stage, .. } = &c.change {
                    if let Some(s) = self.config.stages.iter().find(|s| s.name == *stage) {
                        if !s.prompts.is_empty() {
                            text.push_str(&format!(" · {}: {}", s.name, s.prompts.join(" · ")));
                        }
                    }
                }
                self.info(text);
            }
            Err(e) => {
                self.fail(format!("not done: {e}"));
                if let Some(mut form) = c.form {
                    form.error = Some(format!("not done: {e}"));
                    self.overlay = Overlay::Form(form);
                }
            }
        }
    }

    pub fn declined(&mut self) {
        if let Overlay::Confirm(c) = std::mem::replace(&mut self.overlay, Overlay::None) {
            if let Some(form) = c.form {
                self.overlay = Overlay::Form(form);
            } else {
                self.info("left as it was");
            }
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

    /// The export form, offering what is in view: the account, the
    /// director selected on Directors, the portfolio as filtered.
    pub fn export(&mut self) {
        let scope = forms::ExportScope {
            account: match self.screen {
                Screen::Account | Screen::Portfolio => self.account_in_view(),
                _ => None,
            },
            director: match self.screen {
                Screen::Directors => self.directors.selected().map(|d| d.name.clone()),
                _ => None,
            },
            filtered: match self.screen {
                Screen::Portfolio => self.portfolio.filtered_accounts(),
                _ => None,
            },
        };
        self.open_form(Target::Export(scope));
    }

    /// Writes the export the form describes; the form stays open with the
    /// reason when it cannot.
    fn run_export(&mut self, scope: forms::ExportScope) {
        use crate::exchange::{export_to, Format, Setting};
        let Overlay::Form(form) = &self.overlay else {
            return;
        };
        let format = match Format::parse(&form.text("Format")) {
            Ok(f) => f,
            Err(e) => {
                if let Overlay::Form(form) = &mut self.overlay {
                    form.fail_at("Format", e);
                }
                return;
            }
        };
        let covers = form.text("Covers");
        let mut q = crate::store::ExportQuery::default();
        let mut stem = "saydo".to_string();
        let choices = scope.covers();
        let picked = choices.iter().position(|c| *c == covers);
        let director_at = usize::from(scope.account.is_some());
        let filtered_at = director_at + usize::from(scope.director.is_some());
        match picked {
            _ if covers == forms::COVER_ACCOUNT => {
                if let Some(a) = &scope.account {
                    q.account = Some(a.num);
                    stem = format!("saydo-{}", a.handle);
                }
            }
            _ if covers == forms::COVER_MINE => {
                q.owner = Some(self.me.clone());
                stem = format!("saydo-{}", crate::domain::text::slug(&self.me));
            }
            Some(i) if i == director_at && scope.director.is_some() => {
                let d = scope.director.clone().unwrap_or_default();
                stem = format!("saydo-{}", crate::domain::text::slug(&d));
                q.owner = Some(d);
            }
            Some(i) if i == filtered_at && scope.filtered.is_some() => {
                let (f, nums) = scope.filtered.clone().unwrap_or_default();
                stem = format!("saydo-{}", crate::domain::text::slug(&f));
                q.accounts = Some(nums);
            }
            _ => {}
        }
        let typed = form.text("To (file or folder)");
        let path = if typed.is_empty() {
            let ext = match format {
                Format::Toml => ".toml",
                Format::Csv => "-csv",
                Format::Md => ".md",
                Format::Ics => ".ics",
            };
            let name = format!("{stem}-{}{ext}", self.today);
            // Into the documented exports folder, never wherever saydo was
            // started from.
            match &self.exports {
                Some(dir) => {
                    if let Err(e) = crate::files::private_dir(dir) {
                        if let Overlay::Form(form) = &mut self.overlay {
                            form.fail_at(
                                "To (file or folder)",
                                format!("not written: {}: {e}", dir.display()),
                            );
                        }
                        return;
                    }
                    dir.join(name)
                }
                None => std::path::PathBuf::from(name),
            }
        } else {
            crate::files::expand_home(&typed)
        };
        let setting = Setting {
            today: self.today,
            window_days: self.config.window_days,
            unvisited_days: self.config.unvisited_days,
            stages: &self.config.stages,
            maturity: &self.config.maturity,
            tag_groups: self.config.tag_group_list(),
        };
        match export_to(&*self.store, &q, format, &path, &setting) {
            Ok(said) => {
                self.overlay = Overlay::None;
                let full = std::fs::canonicalize(&path).unwrap_or(path);
                let _ = said;
                self.info(format!("exported to {}", full.display()));
            }
            Err(e) => {
                if let Overlay::Form(form) = &mut self.overlay {
                    form.fail_at("To (file or folder)", format!("not written: {e}"));
                }
            }
        }
    }

    fn ask(&mut self, question: String, change: Change) {
        self.overlay = Overlay::Confirm(Box::new(Confirm {
            question,
            change,
            form: None,
        }));
    }

    // ---- keys on screens -----------------------------------------------------

    fn need_account(&mut self) -> Option<Account> {
        let a = self.account_in_view();
        if a.is_none() {
            self.fail("open or select an account first");
        }
        a
    }

    fn tab(&self) -> Option<Tab> {
        (self.screen == Screen::Account)
            .then(|| self.account.as_ref().map(|a| a.tab))
            .flatten()
    }

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

    fn selected_commitment(&mut self) -> Option<Commitment> {
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

    fn selected_metric(&mut self) -> Option<(usize, i64)> {
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

    /// Opens the bar with `line`, the cursor `back` bytes from its end.
    fn open_bar_at(&mut self, line: &str, back: usize) {
        self.open_quick_add(line);
        if let Overlay::QuickAdd(q) = &mut self.overlay {
            q.input.cursor = line.len().saturating_sub(back);
        }
    }

    /// A key typed into the bar or a form that no binding took.
    pub fn type_key(&mut self, e: &crate::key::KeyEvent) {
        match &mut self.overlay {
            Overlay::QuickAdd(q) => {
                let edited = q.input.handle(e, false);
                if edited {
                    q.edited();
                    self.refresh_preview();
                }
            }
            Overlay::Form(f) => {
                if f.confirm_discard {
                    match e.code {
                        crate::key::KeyCode::Char('y') => self.overlay = Overlay::None,
                        _ => f.confirm_discard = false,
                    }
                    return;
                }
                f.key(e);
                self.refresh_notes_preview();
            }
            _ => {}
        }
    }

    /// Who is typing, with no account or visit in view.
    fn plain_context(&self) -> capture::Context<'_> {
        capture::Context {
            today: self.today,
            me: &self.me,
            account: None,
            visit: None,
        }
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
        let Some(notes) = f.field_mut("Notes") else {
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

    /// Whether Enter should go to the focused field (notes take new lines).
    pub fn enter_is_text(&self) -> bool {
        match &self.overlay {
            Overlay::Form(f) => {
                !f.confirm_discard && f.focused().is_some_and(|x| x.kind == FieldKind::Notes)
            }
            _ => false,
        }
    }
}

/// An account's owner and its months for the trends.
type Owned = (Option<String>, super::trends::Months);

fn owned_months(
    account: &crate::domain::Account,
    d: &crate::domain::digest::Digest,
    today: crate::domain::Date,
) -> Owned {
    let m = crate::domain::figures::monthly(&d.promises, &d.visits, today);
    (account.owner.clone(), m)
}

fn plain(words: Vec<String>) -> Vec<(String, String)> {
    words.into_iter().map(|w| (w.clone(), w)).collect()
}

/// The status line after a save: what was saved, in the user's terms.
pub fn saved_message(change: &Change, applied: &Applied, today: crate::domain::Date) -> String {
    let n = applied.num;
    let text = match change {
        Change::AddCommitment(c) => {
            format!("Commitment #{n} saved · due {}", shown(today, c.due()))
        }
        Change::AddVisit(v) => format!(
            "Visit #{n} saved · {} {} on {}",
            v.intent,
            v.kind,
            shown(today, v.on)
        ),
        Change::LogVisit {
            visit,
            made,
            edited,
        } if visit.num == 0 && edited.is_empty() => format!(
            "Visit #{n} saved · {} {} on {} · {} from its notes",
            visit.intent,
            visit.kind,
            shown(today, visit.on),
            crate::domain::plural(made.len(), "commitment")
        ),
        Change::Keep { .. }
        | Change::Break { .. }
        | Change::Drop { .. }
        | Change::Renegotiate { .. } => capitalised(&applied.label),
        _ => format!("Saved: {}", applied.label),
    };
    format!("{text} · u undoes")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
