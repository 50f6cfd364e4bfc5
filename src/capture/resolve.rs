//! Names as typed → records: `@handle` exactly, else fuzzily when one
//! account clearly wins; metric names the same way within an account.
//! Accents and case are folded on both sides.

use super::parse::Typed;
use super::CaptureError;
use crate::domain::text::{fold, slug};
use crate::domain::{Account, Metric};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Ranks `items` by how well `query` matches any of their names; best first.
/// The one ranking function behind every fuzzy choice in saydo.
pub fn rank<'a, T>(
    query: &str,
    items: &'a [T],
    names: impl Fn(&T) -> Vec<String>,
) -> Vec<(i64, &'a T)> {
    let matcher = SkimMatcherV2::default();
    let q = fold(query);
    let mut scored: Vec<(i64, &T)> = items
        .iter()
        .filter_map(|item| {
            names(item)
                .iter()
                .filter_map(|n| matcher.fuzzy_match(&fold(n), &q))
                .max()
                .map(|s| (s, item))
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored
}

/// Fuzzy-matches `query` against texts already folded with [`fold`]:
/// (index, score, matched character positions), best first. `among`
/// narrows the search to earlier hits (a longer query only drops matches).
pub fn rank_folded(
    query: &str,
    folded: &[String],
    among: Option<&[usize]>,
) -> Vec<(usize, i64, Vec<usize>)> {
    let matcher = SkimMatcherV2::default();
    let q = fold(query.trim());
    let mut hits: Vec<(usize, i64, Vec<usize>)> = match among {
        Some(ix) => ix
            .iter()
            .filter_map(|&i| {
                matcher
                    .fuzzy_indices(&folded[i], &q)
                    .map(|(s, p)| (i, s, p))
            })
            .collect(),
        None => folded
            .iter()
            .enumerate()
            .filter_map(|(i, f)| matcher.fuzzy_indices(f, &q).map(|(s, p)| (i, s, p)))
            .collect(),
    };
    hits.sort_by_key(|h| (std::cmp::Reverse(h.1), h.0));
    hits
}

/// Whether the best score clearly beats the next one.
fn clear_winner(scores: &[i64]) -> bool {
    match scores {
        [_] => true,
        [a, b, ..] => *a >= b.saturating_mul(3) / 2 && a > b,
        [] => false,
    }
}

pub fn pick_account<'a>(t: &Typed, accounts: &'a [Account]) -> Result<&'a Account, CaptureError> {
    let want = fold(&t.text);
    if let Some(a) = accounts.iter().find(|a| fold(&a.handle) == want) {
        return Ok(a);
    }
    // One handle that starts with what was typed is a clear choice.
    let prefixed: Vec<&Account> = accounts
        .iter()
        .filter(|a| fold(&a.handle).starts_with(&want))
        .collect();
    if let [one] = prefixed.as_slice() {
        return Ok(one);
    }
    // Then one handle or name that holds it whole ("hopital" in "Hôpital…",
    // not scattered through "Hospital").
    let holding: Vec<&Account> = accounts
        .iter()
        .filter(|a| fold(&a.handle).contains(&want) || fold(&a.name).contains(&want))
        .collect();
    if let [one] = holding.as_slice() {
        return Ok(one);
    }
    let ranked = rank(&t.text, accounts, |a| {
        vec![a.handle.clone(), a.name.clone()]
    });
    let scores: Vec<i64> = ranked.iter().map(|(s, _)| *s).collect();
    if clear_winner(&scores) {
        return Ok(ranked[0].1);
    }
    if ranked.is_empty() {
        return Err(CaptureError::new(
            t.span.clone(),
            format!(
                "`@{}`: no account matches; `saydo account list` shows the handles",
                t.text
            ),
        ));
    }
    let names: Vec<String> = ranked
        .iter()
        .take(5)
        .map(|(_, a)| format!("@{} ({})", a.handle, a.name))
        .collect();
    Err(CaptureError::new(
        t.span.clone(),
        format!(
            "`@{}`: several accounts match: {}; type more of the handle",
            t.text,
            names.join(", ")
        ),
    ))
}

pub fn pick_metric<'a>(
    t: &Typed,
    account: &Account,
    metrics: &'a [Metric],
) -> Result<&'a Metric, CaptureError> {
    let want = slug(&t.text);
    if let Some(m) = metrics.iter().find(|m| slug(&m.name) == want) {
        return Ok(m);
    }
    let prefixed: Vec<&Metric> = metrics
        .iter()
        .filter(|m| slug(&m.name).starts_with(&want))
        .collect();
    if let [one] = prefixed.as_slice() {
        return Ok(one);
    }
    let ranked = rank(&t.text, metrics, |m| vec![m.name.clone(), slug(&m.name)]);
    let scores: Vec<i64> = ranked.iter().map(|(s, _)| *s).collect();
    if clear_winner(&scores) {
        return Ok(ranked[0].1);
    }
    let listed: Vec<String> = if ranked.is_empty() {
        metrics.iter().map(|m| slug(&m.name)).collect()
    } else {
        ranked.iter().take(5).map(|(_, m)| slug(&m.name)).collect()
    };
    let msg = if metrics.is_empty() {
        format!(
            "`{}`: @{} has no success metrics yet; add one with `saydo metric add @{} NAME`",
            t.text, account.handle, account.handle
        )
    } else if ranked.is_empty() {
        format!(
            "`{}`: not a metric of @{}; one of {}",
            t.text,
            account.handle,
            listed.join(", ")
        )
    } else {
        format!(
            "`{}`: several metrics of @{} match: {}; type more of the name",
            t.text,
            account.handle,
            listed.join(", ")
        )
    };
    Err(CaptureError::new(t.span.clone(), msg))
}
