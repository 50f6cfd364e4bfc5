//! Accounts as the TUI holds them for the portfolio: a book of 100,000
//! accounts must fit in a few tens of megabytes, so a held account keeps
//! only what its line, its group and the filter need. Owner, stage and
//! region are shared between the accounts that have them; name, handle
//! and tags sit in one allocation. The folded texts the filter searches
//! are kept side by side in [`SearchTexts`], so a keystroke reads them
//! front to back. The account screen reads the whole record from the
//! store.

use crate::domain::text::fold;
use crate::domain::Account;
use crate::report::AccountRow;
use std::collections::HashSet;
use std::sync::Arc;

/// A portfolio line's account and figures.
pub type Row = AccountRow<Held>;

#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub num: i64,
    /// Owner, stage and region: a book has few combinations of them, so
    /// the accounts that share one share a single copy.
    kind: Arc<Kind>,
    /// The name, the handle, then the tags (", " between them).
    text: Box<str>,
    name_end: u32,
    handle_end: u32,
    /// How long the folded name is at the start of the search text.
    folded_name: u16,
    /// Whether folding kept the name's characters one for one, so that
    /// match positions can be highlighted in it.
    pub aligned: bool,
}

impl Held {
    pub fn new(a: &Account, names: &mut Names) -> Held {
        let name = fold(&a.name);
        let text = format!("{}{}{}", a.name, a.handle, a.tags.join(", "));
        Held {
            num: a.num,
            kind: names.get(Kind {
                owner: a.owner.clone(),
                stage: a.stage.clone(),
                region: a.region.clone(),
            }),
            name_end: a.name.len() as u32,
            handle_end: (a.name.len() + a.handle.len()) as u32,
            text: text.into_boxed_str(),
            folded_name: name.len().min(u16::MAX as usize) as u16,
            aligned: name.chars().count() == a.name.chars().count(),
        }
    }

    pub fn owner(&self) -> Option<&str> {
        self.kind.owner.as_deref()
    }

    pub fn stage(&self) -> &str {
        &self.kind.stage
    }

    pub fn region(&self) -> &str {
        &self.kind.region
    }

    pub fn name(&self) -> &str {
        &self.text[..self.name_end as usize]
    }

    pub fn handle(&self) -> &str {
        &self.text[self.name_end as usize..self.handle_end as usize]
    }

    /// The tags, ", " between them.
    pub fn tags(&self) -> &str {
        &self.text[self.handle_end as usize..]
    }

    /// The folded "name @handle tags owner" that the filter searches; the
    /// folded name is its first [`Held::folded_name`] bytes.
    pub fn search_text(&self) -> String {
        fold(&format!(
            "{} @{} {} {}",
            self.name(),
            self.handle(),
            self.tags().replace(", ", " "),
            self.owner().unwrap_or("")
        ))
    }

    pub fn folded_name(&self) -> usize {
        self.folded_name as usize
    }

    /// Whether `me` owns it (names compared without regard to case).
    pub fn owned_by(&self, me: &str) -> bool {
        self.owner().is_some_and(|o| o.eq_ignore_ascii_case(me))
    }
}

/// An owner, a stage and a region, as accounts share them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Kind {
    owner: Option<String>,
    stage: String,
    region: String,
}

/// Shares one copy of each combination of owner, stage and region.
#[derive(Debug, Default, Clone)]
pub struct Names(HashSet<Arc<Kind>>);

impl Names {
    fn get(&mut self, k: Kind) -> Arc<Kind> {
        if let Some(a) = self.0.get(&k) {
            return a.clone();
        }
        let a = Arc::new(k);
        self.0.insert(a.clone());
        a
    }
}

/// The folded search texts of many rows, one after another in row order,
/// with each one's folded name length.
#[derive(Debug, Clone, Default)]
pub struct SearchTexts {
    text: String,
    /// Where each row's text ends in `text`.
    ends: Vec<u32>,
    names: Vec<u16>,
}

impl SearchTexts {
    pub fn of(rows: &[Row]) -> SearchTexts {
        let mut t = SearchTexts::default();
        for r in rows {
            t.text.push_str(&r.account.search_text());
            t.ends.push(t.text.len() as u32);
            t.names.push(r.account.folded_name);
        }
        t.text.shrink_to_fit();
        t
    }

    /// Row `i`'s text and how long its folded name is.
    pub fn get(&self, i: usize) -> (&str, usize) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (
            &self.text[start..self.ends[i] as usize],
            self.names[i] as usize,
        )
    }
}

/// The row of the portfolio for a full account row.
pub fn hold(row: AccountRow, names: &mut Names) -> Row {
    let held = Held::new(&row.account, names);
    row.map_account(|_| held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Date;

    fn account(name: &str, handle: &str) -> Account {
        Account {
            num: 7,
            handle: handle.into(),
            owner: Some("Dana Cole".into()),
            region: "DACH".into(),
            tags: vec!["oncology".into()],
            why: "why".into(),
            ..Account::new(name, "Adoption", Date::constant(2026, 1, 1))
        }
    }

    #[test]
    fn keeps_name_handle_and_folded_search_text_apart() {
        let mut names = Names::default();
        let h = Held::new(&account("Müller Klinik", "muller"), &mut names);
        assert_eq!(h.name(), "Müller Klinik");
        assert_eq!(h.handle(), "muller");
        assert_eq!(h.tags(), "oncology");
        assert_eq!(h.search_text(), "muller klinik @muller oncology dana cole");
        assert_eq!(h.folded_name(), 13);
        assert!(h.aligned);
        assert!(h.owned_by("dana cole"));
        assert!(!h.owned_by("Ravi Menon"));
    }

    #[test]
    fn shares_owner_stage_and_region() {
        let mut names = Names::default();
        let a = Held::new(&account("A", "a"), &mut names);
        let b = Held::new(&account("B", "b"), &mut names);
        assert!(Arc::ptr_eq(&a.kind, &b.kind));
        assert_eq!(a.owner(), Some("Dana Cole"));
    }
}
