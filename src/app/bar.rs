//! The quick-add bar: its preview as the line is typed, Tab completion,
//! the follow-up bars (a visit's commitments), saving a line.

use super::quickadd::{self, FollowUp, QuickAdd, Spot, Want};
use super::writes::saved_message;
use super::{App, Overlay};
use crate::capture::{self, CaptureError, PlanError};
use crate::domain::dates::shown;
use crate::domain::{Account, Status};
use crate::store::{Change, CommitmentQuery, StoreError};

/// Above this many accounts the bar does not resolve a handle while it is
/// being typed (see `refresh_preview`).
const BIG_BOOK: usize = 5_000;

fn plain(words: Vec<String>) -> Vec<(String, String)> {
    words.into_iter().map(|w| (w.clone(), w)).collect()
}

impl App {
    pub fn open_quick_add(&mut self, text: &str) {
        let q = QuickAdd::new(text, self.account_in_view());
        self.overlay = Overlay::QuickAdd(Box::new(q));
        self.refresh_preview();
    }

    /// After a visit is saved: the bar, for the commitments made in it.
    pub(super) fn ask_for_commitments(&mut self, v: &crate::domain::Visit, num: i64) {
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

    pub(super) fn open_follow_up(&mut self, account: Option<Account>, follow: FollowUp) {
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
    pub(super) fn plan_line(&self, q: &QuickAdd) -> Result<(Change, String), CaptureError> {
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
    pub(super) fn jump_to_empty_quotes(&mut self) -> bool {
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
    pub(super) fn candidates(
        &self,
        spot: &Spot,
        default: Option<&Account>,
    ) -> Vec<(String, String)> {
        // The account the line names wins over the one in view, resolved as
        // saving would (exactly, else the one handle it starts); a handle
        // that names no single account offers no account's names at all.
        let named = self.named_account(spot);
        let account = match &named {
            Some(found) => found.as_ref(),
            None => default,
        };
        let names = self.names_for(spot, account);
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

    /// The account the line names: `None` when it names none, `Some(None)`
    /// when its handle names no single account.
    fn named_account(&self, spot: &Spot) -> Option<Option<Account>> {
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
            })
    }

    /// Every name the spot could take, with the label the list shows.
    fn names_for(&self, spot: &Spot, account: Option<&Account>) -> Vec<(String, String)> {
        match spot.want {
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
            Want::Commitment => self.open_commitments(account),
            Want::Nothing => vec![],
        }
    }

    /// Open commitments: the account's, or mine when the line names none.
    fn open_commitments(&self, account: Option<&Account>) -> Vec<(String, String)> {
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
                            format!("#{} {} · due {}", c.num, c.what, shown(self.today, c.due())),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Opens the bar with `line`, the cursor `back` bytes from its end.
    pub(super) fn open_bar_at(&mut self, line: &str, back: usize) {
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
    pub(super) fn plain_context(&self) -> capture::Context<'_> {
        capture::Context {
            today: self.today,
            me: &self.me,
            account: None,
            visit: None,
        }
    }
}
