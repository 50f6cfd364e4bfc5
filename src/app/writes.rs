//! Writing from the app: every write is one `Store::apply`, so one
//! transaction; the rows it touched are read again after it, undo and redo,
//! and the yes/no question before a weighty change.

use super::account::Tab;
use super::attention;
use super::forms::RecordForm;
use super::{App, Overlay, Screen};
use crate::domain::dates::shown;
use crate::domain::Account;
use crate::report;
use crate::store::{Applied, Change, Record, StoreError};

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

    /// Applies a change and brings the screens up to date with it.
    pub(super) fn write(&mut self, change: &Change) -> Result<Applied, StoreError> {
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
    pub(super) fn months_of(&self, num: i64) -> Option<Owned> {
        let rec = self.live_records(num).ok().flatten()?;
        Some(owned_months(&rec.account, &rec.digest(), self.today))
    }

    /// The records of an account that is not archived.
    pub(super) fn live_records(
        &self,
        num: i64,
    ) -> Result<Option<crate::store::AccountRecords>, StoreError> {
        self.store.account_by_num(num).and_then(|a| match a {
            Some(a) if !a.archived => self.store.account_records(a).map(Some),
            _ => Ok(None),
        })
    }

    /// The account a change is about, looked up before it is applied.
    pub(super) fn account_of(&self, change: &Change) -> Option<i64> {
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
    pub(super) fn after_write(&mut self, account: Option<i64>) -> Option<Owned> {
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

    pub(super) fn ask(&mut self, question: String, change: Change) {
        self.overlay = Overlay::Confirm(Box::new(Confirm {
            question,
            change,
            form: None,
        }));
    }

    // ---- keys on screens -----------------------------------------------------

    pub(super) fn need_account(&mut self) -> Option<Account> {
        let a = self.account_in_view();
        if a.is_none() {
            self.fail("open or select an account first");
        }
        a
    }

    pub(super) fn tab(&self) -> Option<Tab> {
        (self.screen == Screen::Account)
            .then(|| self.account.as_ref().map(|a| a.tab))
            .flatten()
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
impl App {
    /// Keeps mine or theirs for the conflict under the cursor.
    pub(super) fn settle_conflict(&mut self, mine: bool) {
        if self.screen != Screen::Team {
            return;
        }
        let Some(num) = self.team.selected().map(|c| c.num) else {
            self.info("no conflict to settle");
            return;
        };
        let at = self.today.to_string();
        match self.store.resolve(num, mine, &at) {
            Ok(said) => {
                self.info(said);
                self.catch_up();
            }
            Err(e) => self.fail(e),
        }
        self.team.refresh(&*self.store);
    }
}
