//! The portfolio's totals and each person's figures, added up one account
//! at a time: every figure here is a sum over accounts, so `stats` and the
//! overview never hold the book in memory.

use super::AccountRow;
use crate::domain::digest::Digest;
use crate::domain::figures::{say_do, SayDo, VisitMix, Window};
use crate::domain::{Account, Retention};
use crate::store::{AccountQuery, Result, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// Figures for one person on our side: their own promises, and the
/// accounts they own.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonRow {
    pub name: String,
    pub accounts: u32,
    /// The person's say/do: the commitments they own (their promises).
    pub say_do: SayDo,
    /// Their accounts' say/do: the commitments on the accounts they own,
    /// whoever made them.
    pub accounts_say_do: SayDo,
    pub open: u32,
    pub overdue: u32,
    pub visits: VisitMix,
    pub unvisited: u32,
    /// The renewals settled in the last year on the accounts they own.
    pub retention: Retention,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub accounts: u32,
    pub say_do: SayDo,
    pub visits: VisitMix,
    pub open: u32,
    pub overdue: u32,
    pub unvisited: u32,
    pub signals: u32,
    pub retention: Retention,
}

/// Totals and per-person figures so far.
#[derive(Debug, Clone)]
pub struct Tally {
    w: Window,
    unvisited_days: u32,
    pub totals: Totals,
    /// Everyone met, in the order met; `index` finds them by name.
    people: Vec<PersonRow>,
    index: BTreeMap<String, usize>,
    // The owners of the promises lately seen and where they are in
    // `people`: a digest's owners are shared names, so one pointer
    // comparison usually finds them without walking the tree.
    recent: Vec<(Arc<str>, usize)>,
}

impl Tally {
    pub fn new(w: Window, unvisited_days: u32) -> Tally {
        Tally {
            w,
            unvisited_days,
            totals: Totals::default(),
            people: Vec::new(),
            index: BTreeMap::new(),
            recent: Vec::new(),
        }
    }

    fn person(&mut self, name: &str) -> &mut PersonRow {
        let at = match self.index.get(name) {
            Some(at) => *at,
            None => {
                self.people.push(PersonRow {
                    name: name.into(),
                    ..Default::default()
                });
                self.index.insert(name.into(), self.people.len() - 1);
                self.people.len() - 1
            }
        };
        &mut self.people[at]
    }

    fn promiser(&mut self, owner: &Arc<str>) -> &mut PersonRow {
        const RECENT: usize = 8;
        let at = match self.recent.iter().find(|(o, _)| Arc::ptr_eq(o, owner)) {
            Some((_, at)) => *at,
            None => {
                self.person(owner);
                let at = self.index[&**owner];
                if self.recent.len() == RECENT {
                    self.recent.remove(0);
                }
                self.recent.push((owner.clone(), at));
                at
            }
        };
        &mut self.people[at]
    }

    /// An account's row: the totals, and its owner's accounts.
    pub fn add_row(&mut self, r: &AccountRow) {
        let unvisited = r.unvisited(self.unvisited_days);
        let t = &mut self.totals;
        t.accounts += 1;
        t.say_do.add(r.say_do);
        t.visits.add(r.visits);
        t.open += r.open;
        t.overdue += r.overdue;
        t.signals += r.signals;
        t.unvisited += unvisited as u32;
        if let Some(o) = &r.account.owner {
            let p = self.person(o);
            p.accounts += 1;
            p.accounts_say_do.add(r.say_do);
            p.visits.add(r.visits);
            p.unvisited += unvisited as u32;
        }
    }

    /// An account's renewals settled in the last year, to its owner. Every
    /// account counts, archived ones too: archiving a churned account must
    /// not raise anyone's retention.
    pub fn add_settled(&mut self, owner: Option<&str>, renewals: &[crate::domain::Renewal]) {
        let r = crate::domain::retention(renewals, self.w.today);
        self.totals.retention.add(r);
        if let Some(o) = owner {
            self.person(o).retention.add(r);
        }
    }

    /// Every account's settled renewals in `store` (the owners in `only`,
    /// when given).
    pub fn add_all_settled(
        &mut self,
        store: &dyn Store,
        only: Option<&HashSet<String>>,
    ) -> Result<()> {
        for (owner, renewals) in store.settled_renewals()? {
            let wanted = only.is_none_or(|o| owner.as_ref().is_some_and(|n| o.contains(n)));
            if wanted {
                self.add_settled(owner.as_deref(), &renewals);
            }
        }
        Ok(())
    }

    /// An account's promises, to whoever made them.
    pub fn add_promises(&mut self, d: &Digest) {
        let (w, today) = (self.w, self.w.today);
        for c in &d.promises {
            let p = self.promiser(&c.owner);
            p.say_do.add(say_do([c], w));
            p.open += c.is_open() as u32;
            p.overdue += c.is_overdue(today) as u32;
        }
    }

    /// Both, for an account in scope.
    pub fn add(&mut self, account: Account, d: &Digest) -> AccountRow {
        let since = super::Terms::of(&account);
        let row = super::row_of(account, since, d, self.w);
        self.add_row(&row);
        self.add_promises(d);
        row
    }

    /// Everyone met, by name.
    pub fn people(self) -> Vec<PersonRow> {
        let mut people = self.people;
        people.sort_by(|a, b| a.name.cmp(&b.name));
        people
    }
}

pub fn totals(rows: &[AccountRow], unvisited_days: u32) -> Totals {
    // The rows hold their figures: the window plays no part.
    let mut t = Tally::new(Window::new(1, crate::domain::Date::MIN), unvisited_days);
    for r in rows {
        t.add_row(r);
    }
    t.totals
}

/// Per person: say/do over the commitments they own (on the accounts in
/// `rows`), visits and unvisited counts over the accounts they own.
pub fn person_rows(
    store: &dyn Store,
    rows: &[AccountRow],
    w: Window,
    unvisited_days: u32,
) -> Result<Vec<PersonRow>> {
    let in_scope: HashSet<i64> = rows.iter().map(|r| r.account.num).collect();
    let mut t = Tally::new(w, unvisited_days);
    for r in rows {
        t.add_row(r);
    }
    let every = AccountQuery {
        include_archived: true,
        lean: true,
        figures_only: true,
        terms_only: true,
        ..Default::default()
    };
    store.each_digest(&every, &mut |a, d| {
        if in_scope.contains(&a.num) {
            t.add_promises(&d);
        }
        Ok(())
    })?;
    let owners: HashSet<String> = rows
        .iter()
        .filter_map(|r| r.account.owner.clone())
        .collect();
    t.add_all_settled(store, Some(&owners))?;
    Ok(t.people())
}
