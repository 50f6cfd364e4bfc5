//! Commitments written inside a visit's notes. A line starting with `>`
//! is a commitment made during the visit, in the quick-add grammar without
//! the word `commit` and without the account (the visit's):
//!
//! ```text
//! Walked the stroke pathway with Dr Lee.
//! > send the dosing report due:fri to:"Dr Lee"
//! > book the pharmacy review due:+2w by:Sam
//! ```
//!
//! Saving the notes makes a commitment of each new line; a line changed
//! later changes its commitment while that is open. Lines are matched to
//! commitments by their words, never by a number written into the notes:
//! numbers differ from one replica of a team book to another.

use super::{plan, CaptureError, Context, PlanError};
use crate::domain::dates::shown;
use crate::domain::{Account, Commitment, Visit};
use crate::rules::{Change, Field, Refusal};
use crate::store::{CommitmentQuery, Store, StoreError};

/// The `>` lines of some notes: (line number from 1, the words after `>`).
pub fn promise_lines(notes: &str) -> Vec<(usize, &str)> {
    notes
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let words = l.trim_start().strip_prefix('>')?.trim();
            (!words.is_empty()).then_some((i + 1, words))
        })
        .collect()
}

/// What the `>` lines of a visit's notes will do when it is saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NotesPlan {
    /// New commitments, made during the visit on its date.
    pub made: Vec<Commitment>,
    /// Open commitments of the visit whose line now says something else.
    pub edited: Vec<Commitment>,
    /// One line per `>` line that makes or changes something.
    pub previews: Vec<String>,
    /// Commitments whose line was taken out: they stay as they are.
    pub left: Vec<i64>,
}

impl NotesPlan {
    /// The change that saves `visit` with what its notes make.
    pub fn change(self, visit: Visit) -> Change {
        if self.made.is_empty() && self.edited.is_empty() {
            return Change::save_visit(visit);
        }
        Change::LogVisit {
            visit,
            made: self.made,
            edited: self.edited,
        }
    }

    /// What the person should know beyond the previews.
    pub fn notice(&self) -> Option<String> {
        let nums: Vec<String> = self.left.iter().map(|n| format!("#{n}")).collect();
        match nums.len() {
            0 => None,
            1 => Some(format!(
                "the line of commitment {} was taken out of the notes; the commitment stays (`drop {}` drops it)",
                nums[0], self.left[0]
            )),
            _ => Some(format!(
                "the lines of commitments {} were taken out of the notes; the commitments stay (`drop N` drops one)",
                nums.join(", ")
            )),
        }
    }
}

/// A `>` line that could not be read, with its line number.
fn at_line(line: usize, words: &str, message: impl std::fmt::Display) -> PlanError {
    PlanError::Store(StoreError::Input(Refusal {
        field: Some(Field::Notes),
        message: format!("notes line {line} (`> {words}`): {message}"),
    }))
}

/// Reads the `>` lines of `visit.notes` (its notes before were `before`)
/// against the commitments made during it.
pub fn plan_notes(
    visit: &Visit,
    before: &str,
    ctx: &Context,
    store: &dyn Store,
) -> Result<NotesPlan, PlanError> {
    let now = promise_lines(&visit.notes);
    if now.is_empty() && promise_lines(before).is_empty() {
        return Ok(NotesPlan::default());
    }
    let Some(account) = store.account_by_num(visit.account)? else {
        return Err(StoreError::Input(Refusal::new(format!(
            "there is no account #{}",
            visit.account
        )))
        .into());
    };
    let ctx = Context {
        account: Some(&account),
        visit: (visit.num != 0).then_some(visit.num),
        ..*ctx
    };
    let read = |line: usize, words: &str| read_line(line, words, visit, &account, &ctx, store);
    let mine = made_in(visit, store)?;
    let old = claim(before, &mine, &read);
    let (changed, gone) = changes(now, &old);
    // A changed line takes the place of the first old line gone that had
    // a commitment; the rest are new.
    let mut gone = gone.into_iter();
    let mut plan = NotesPlan::default();
    for (line, words) in changed {
        let c = read(line, words)?;
        match gone.next() {
            Some((i, was_words)) => {
                let e = reworded(&mine[i], c, (line, words), was_words)?;
                plan.previews.push(format!(
                    "line {line}: commitment #{} now · due {} · by {}",
                    e.num,
                    shown(ctx.today, e.due()),
                    e.owner
                ));
                plan.edited.push(e);
            }
            None => {
                let mut p = format!(
                    "line {line}: new commitment · due {} · by {}",
                    shown(ctx.today, c.due()),
                    c.owner
                );
                if !c.to_whom.is_empty() {
                    p.push_str(&format!(" · to {}", c.to_whom));
                }
                plan.previews.push(p);
                plan.made.push(c);
            }
        }
    }
    plan.left = gone.map(|(i, _)| mine[i].num).collect();
    Ok(plan)
}

/// The commitment a `>` line of the visit's notes words: at the visit's
/// account, made during it on its day, to the people met unless named.
fn read_line(
    line: usize,
    words: &str,
    visit: &Visit,
    account: &Account,
    ctx: &Context,
    store: &dyn Store,
) -> Result<Commitment, PlanError> {
    let typed = format!("commit {words}");
    let p = plan(&typed, ctx, store).map_err(|e| match e {
        PlanError::Line(CaptureError { message, .. }) => at_line(line, words, message),
        PlanError::Store(StoreError::Input(r)) => at_line(line, words, r.message),
        other => other,
    })?;
    let Change::AddCommitment(mut c) = p.change else {
        return Err(at_line(line, words, "not a commitment"));
    };
    if c.account != account.num {
        return Err(at_line(
            line,
            words,
            format!(
                "a commitment in a visit's notes is at the visit's account, @{}: leave out the @handle",
                account.handle
            ),
        ));
    }
    if c.visit.is_some_and(|v| v != visit.num) {
        return Err(at_line(
            line,
            words,
            "a commitment in a visit's notes is made during that visit: leave out visit:",
        ));
    }
    c.made_on = visit.on;
    c.visit = (visit.num != 0).then_some(visit.num);
    // As in a visit's commitment bar: to the people met, unless named.
    if c.to_whom.is_empty() && !visit.theirs.is_empty() {
        c.to_whom = visit.theirs.join(", ");
    }
    Ok(c)
}

/// The visit's commitments, oldest first (none before it is saved).
fn made_in(visit: &Visit, store: &dyn Store) -> Result<Vec<Commitment>, PlanError> {
    if visit.num == 0 {
        return Ok(Vec::new());
    }
    let mut all = store.commitments(&CommitmentQuery {
        account: Some(visit.account),
        ..Default::default()
    })?;
    all.retain(|c| c.visit == Some(visit.num));
    all.sort_by_key(|c| c.num);
    Ok(all)
}

/// The old lines, each with the visit's commitment it words (its place in
/// `mine`), claimed once each.
fn claim<'b>(
    before: &'b str,
    mine: &[Commitment],
    read: &dyn Fn(usize, &str) -> Result<Commitment, PlanError>,
) -> Vec<(&'b str, Option<usize>)> {
    let mut claimed = vec![false; mine.len()];
    let mut old = Vec::new();
    for (line, words) in promise_lines(before) {
        let what = read(line, words).ok().map(|c| c.what);
        let at = what.and_then(|w| (0..mine.len()).find(|i| !claimed[*i] && mine[*i].what == w));
        if let Some(i) = at {
            claimed[i] = true;
        }
        old.push((words, at));
    }
    old
}

/// `>` lines: their line numbers and words.
type Lines<'n> = Vec<(usize, &'n str)>;

/// The lines of `now` that are not as they were, and the old lines gone
/// that had a commitment (its place in `mine`, the old words).
fn changes<'n, 'b>(
    now: Lines<'n>,
    old: &[(&'b str, Option<usize>)],
) -> (Lines<'n>, Vec<(usize, &'b str)>) {
    // Lines as they were: nothing to do.
    let mut old_used = vec![false; old.len()];
    let mut changed = Vec::new();
    for (line, words) in now {
        match (0..old.len()).find(|i| !old_used[*i] && old[*i].0 == words) {
            Some(i) => old_used[i] = true,
            None => changed.push((line, words)),
        }
    }
    let gone = (0..old.len())
        .filter(|i| !old_used[*i])
        .filter_map(|i| old[i].1.map(|at| (at, old[i].0)))
        .collect();
    (changed, gone)
}

/// Commitment `was` as line `line` (`words`) now words it, where it
/// said `was_words`: only an open one changes, and a renegotiated one
/// keeps its due date unless renegotiated again.
fn reworded(
    was: &Commitment,
    c: Commitment,
    (line, words): (usize, &str),
    was_words: &str,
) -> Result<Commitment, PlanError> {
    if !was.is_open() {
        return Err(at_line(
            line,
            words,
            format!(
                "commitment #{} is {}, so its line can no longer change; put it back as it was: > {was_words}",
                was.num, was.status
            ),
        ));
    }
    if c.due() != was.due() && !was.renegotiations.is_empty() {
        return Err(at_line(
            line,
            words,
            format!(
                "commitment #{} was renegotiated; a new due date is a renegotiation: renegotiate {} due:…",
                was.num, was.num
            ),
        ));
    }
    let mut e = was.clone();
    e.what = c.what;
    e.to_whom = c.to_whom;
    e.owner = c.owner;
    if e.renegotiations.is_empty() {
        e.due_on = c.due_on;
    }
    Ok(e)
}

/// `change` with what its visit's notes make, when it saves a visit (the
/// visit's notes before are read from the store); any other change as is.
pub fn with_notes(
    change: Change,
    ctx: &Context,
    store: &dyn Store,
) -> Result<(Change, NotesPlan), PlanError> {
    let visit = match change {
        Change::AddVisit(v) | Change::EditVisit(v) => v,
        other => return Ok((other, NotesPlan::default())),
    };
    let before = if visit.num == 0 {
        String::new()
    } else {
        store
            .visits(&crate::store::VisitQuery {
                account: Some(visit.account),
                ..Default::default()
            })?
            .into_iter()
            .find(|v| v.num == visit.num)
            .map(|v| v.notes)
            .unwrap_or_default()
    };
    let plan = plan_notes(&visit, &before, ctx, store)?;
    Ok((plan.clone().change(visit), plan))
}

#[cfg(test)]
mod tests {
    use super::promise_lines;

    #[test]
    fn a_promise_is_a_line_that_starts_with_a_chevron() {
        let notes =
            "Walked the pathway.\n> send the report due:fri\n  >book the review\n>\nnot > this one";
        assert_eq!(
            promise_lines(notes),
            vec![(2, "send the report due:fri"), (3, "book the review")]
        );
    }
}
