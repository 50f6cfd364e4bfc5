use super::*;
use crate::domain::figures::Window;
use crate::domain::{Account, Date};
use crate::store::AccountRecords;

fn row(num: i64, name: &str, owner: &str, names: &mut Names) -> Row {
    let today = Date::constant(2026, 11, 24);
    let account = Account {
        num,
        handle: format!("h{num}"),
        owner: Some(owner.into()),
        ..Account::new(name, "Adoption", today)
    };
    let rec = AccountRecords {
        account,
        commitments: vec![],
        visits: vec![],
        metrics: vec![],
        noted: vec![],
    };
    super::super::held::hold(crate::report::figures(&rec, Window::new(90, today)), names)
}

/// 1,500 "Zeta" names match "z" by name; 10 accounts match only by
/// their owner, Liz.
fn big_book() -> PortfolioView {
    let mut names = Names::default();
    let mut rows: Vec<Row> = (0..1_500)
        .map(|i| row(i, &format!("Zeta {i:04}"), "Dana", &mut names))
        .collect();
    rows.extend((1_500..1_510).map(|i| row(i, &format!("Acme {i}"), "Liz", &mut names)));
    PortfolioView::new(rows, false)
}

fn shown(v: &PortfolioView) -> Vec<String> {
    v.lines
        .iter()
        .filter_map(|l| match l {
            Line::Row { index } => Some(v.rows[*index].account.name().to_string()),
            Line::Group(_) => None,
        })
        .collect()
}

#[test]
fn a_short_filter_over_many_names_ranks_the_rest_when_the_cursor_nears_it() {
    let mut v = big_book();
    v.filter = "z".into();
    v.rebuild("Dana", &[], 30);
    let lines = shown(&v);
    assert_eq!(lines.len(), 1_510, "every match is listed");
    assert!(lines[..1_500].iter().all(|n| n.starts_with("Zeta")));
    assert!(!v.needs_ranking(40), "the cursor is far from the rest");
    v.list.selected = 1_450;
    assert!(v.needs_ranking(40));
    v.rank_rest();
    v.rebuild("Dana", &[], 30);
    assert!(!v.needs_ranking(40));
    assert_eq!(shown(&v), lines, "names first, then the owner's matches");
    assert_eq!(v.list.selected, 1_450, "the cursor stays on its account");
}

#[test]
fn grouped_or_few_matches_are_ranked_at_once() {
    let mut v = big_book();
    v.filter = "liz".into();
    v.rebuild("Dana", &[], 30);
    assert_eq!(shown(&v).len(), 10);
    assert!(!v.needs_ranking(40));
    let mut v = big_book();
    v.group = Grouping::Owner;
    v.filter = "z".into();
    v.rebuild("Dana", &[], 30);
    assert!(!v.needs_ranking(40));
    assert_eq!(shown(&v).len(), 1_510);
}

#[test]
fn introductions_on_their_way_are_counted_over_the_accounts_shown() {
    let mut v = big_book();
    // Two on a Zeta, one on an Acme, one on an account not in the book.
    v.connect_open = [(7, 2), (1_503, 1), (99_999, 5)].into_iter().collect();
    v.rebuild("Dana", &[], 30);
    assert_eq!(v.connect_count(), 3, "every account shown");
    v.filter = "acme".into();
    v.rebuild("Dana", &[], 30);
    assert_eq!(v.connect_count(), 1, "only the Acmes shown");
    v.mine_only = true;
    v.rebuild("Dana", &[], 30);
    assert_eq!(v.connect_count(), 0, "no Acme is Dana's");
}

#[test]
fn sorted_by_name_either_way_with_or_without_a_filter() {
    let mut v = big_book();
    v.rebuild("Dana", &[], 30);
    let mut names = shown(&v);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    v.descending = true;
    v.rebuild("Dana", &[], 30);
    names.reverse();
    assert_eq!(shown(&v), names);
    // The best matches first, equal ones by name.
    v.descending = false;
    v.filter = "acme 150".into();
    v.rebuild("Dana", &[], 30);
    let hits = shown(&v);
    assert_eq!(hits.len(), 10);
    assert_eq!(hits[0], "Acme 1500");
    assert!(hits.windows(2).all(|w| w[0] < w[1]), "{hits:?}");
}
