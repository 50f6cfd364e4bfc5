//! Names as typed → records: `@handle` exactly, else fuzzily when one
//! account clearly wins; metric names the same way within an account.
//! Accents and case are folded on both sides.

use super::linear_score::LinearScore;
use super::parse::Typed;
use super::CaptureError;
use crate::domain::text::edits;
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

/// Whether every character of `q` appears in `text` in order: a cheap
/// test that any fuzzy match needs, run before the matcher's full scoring.
fn subsequence(q: &str, text: &str) -> bool {
    if q.is_ascii() && text.is_ascii() {
        // An index loop: twice as quick here as `all` over `any`.
        let q = q.as_bytes();
        let mut matched = 0;
        for &b in text.as_bytes() {
            if matched == q.len() {
                break;
            }
            if b == q[matched] {
                matched += 1;
            }
        }
        return matched == q.len();
    }
    let mut t = text.chars();
    q.chars().all(|c| t.any(|x| x == c))
}

/// Ranks a match in the leading part of a text (a name) above any match
/// that needs the rest of it (handle, tags, owner).
const LEADING: Score = 1 << 24;

/// A fuzzy score in four bytes: a big book keeps one per hit, for every
/// filter typed on the way to the current one. The matcher's scores are
/// far below [`LEADING`].
pub type Score = i32;

/// The matcher's score as a [`Score`].
fn score(s: i64) -> Score {
    s.clamp(-(LEADING as i64) + 1, LEADING as i64 - 1) as Score
}

/// Over this many candidates, scoring takes the matcher's quick path.
const QUICK_OVER: usize = 4_096;

/// The score of a hit whose text matched beyond its name while so many
/// names matched that it is left unranked (see [`score_folded`]).
pub const UNRANKED: Score = Score::MIN;

/// Scores `candidates` against `query`: (candidate, score) of those that
/// match, in the order of `candidates` ([`best_n_first`] ranks them).
/// `text(i)` gives a candidate's text, already folded with [`fold`], and
/// how many bytes lead it (its name): a match within those ranks above
/// the others, and is found on that short part first, which is much
/// quicker for the matcher than the whole text.
///
/// When at least `rank_rest_under` names match, the hits found beyond
/// the name are not scored: they all rank below every name match, past
/// what a screen shows, and get [`UNRANKED`] until [`rank_rest`] scores
/// them. Large lists are split over the machine's cores.
pub fn score_folded<'a>(
    query: &str,
    text: &(dyn Fn(u32) -> (&'a str, usize) + Sync),
    candidates: &[u32],
    rank_rest_under: usize,
) -> Vec<(u32, Score)> {
    let q = fold(query.trim());
    let quick = candidates.len() > QUICK_OVER;
    let names = |part: &[u32]| -> Vec<(u32, Score)> {
        let scorer = Scorer::new(quick);
        part.iter()
            .filter_map(|&i| {
                let (text, leading) = text(i);
                // Most hits of a short filter are in the name: scored
                // there at once, without a pass over the whole text first.
                let head = text.get(..leading).and_then(|h| scorer.score(h, &q));
                match head {
                    Some(s) => Some((i, score(s) + LEADING)),
                    None => subsequence(&q, text).then_some((i, UNRANKED)),
                }
            })
            .collect()
    };
    let mut hits = in_parallel(candidates, &names);
    let named = hits.iter().filter(|h| h.1 != UNRANKED).count();
    if named < rank_rest_under {
        rank_rest(query, text, &mut hits);
    }
    hits
}

/// The best `n` of `hits` best first (on a tie, the first candidate
/// first); the rest after them in no order.
pub fn best_n_first(hits: &mut [(u32, Score)], n: usize) {
    let key = |h: &(u32, Score)| (std::cmp::Reverse(h.1), h.0);
    if n < hits.len() {
        hits.select_nth_unstable_by_key(n, key);
    }
    let top = n.min(hits.len());
    hits[..top].sort_unstable_by_key(key);
}

/// Scores the [`UNRANKED`] hits of [`score_folded`] on their whole text;
/// those that turn out not to match are dropped, the others keep their
/// places.
pub fn rank_rest<'a>(
    query: &str,
    text: &(dyn Fn(u32) -> (&'a str, usize) + Sync),
    hits: &mut Vec<(u32, Score)>,
) {
    let q = fold(query.trim());
    let rest: Vec<u32> = hits
        .iter()
        .filter(|h| h.1 == UNRANKED)
        .map(|h| h.0)
        .collect();
    if rest.is_empty() {
        return;
    }
    let quick = rest.len() > QUICK_OVER;
    let whole = |part: &[u32]| -> Vec<Option<Score>> {
        let scorer = Scorer::new(quick);
        part.iter()
            .map(|&i| scorer.score(text(i).0, &q).map(score))
            .collect()
    };
    // One answer per unranked hit, in their order.
    let mut scored = in_parallel(&rest, &whole).into_iter();
    hits.retain_mut(|h| {
        if h.1 != UNRANKED {
            return true;
        }
        match scored.next().flatten() {
            Some(s) => {
                h.1 = s;
                true
            }
            None => false,
        }
    });
}

/// The matcher: its linear scoring (fzf's first algorithm) instead of its
/// full table when `quick`, so that a keystroke over tens of thousands of
/// names stays within a frame; a narrower list is scored in full on the
/// next one.
enum Scorer {
    Quick(LinearScore),
    Full(SkimMatcherV2),
}

impl Scorer {
    fn new(quick: bool) -> Scorer {
        if quick {
            Scorer::Quick(LinearScore::default())
        } else {
            Scorer::Full(SkimMatcherV2::default())
        }
    }

    fn score(&self, text: &str, q: &str) -> Option<i64> {
        match self {
            Scorer::Quick(s) => s.score(text, q),
            Scorer::Full(m) => m.fuzzy_match(text, q),
        }
    }
}

/// `f` over `items`, split over the machine's cores when there are many.
fn in_parallel<T: Send>(items: &[u32], f: &(dyn Fn(&[u32]) -> Vec<T> + Sync)) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if items.len() < 4096 || threads < 2 {
        return f(items);
    }
    let size = items.len().div_ceil(threads);
    let (mine, others) = items.split_at(size.min(items.len()));
    std::thread::scope(|s| {
        // This thread takes the first part itself.
        let parts: Vec<_> = others
            .chunks(size)
            .map(|part| s.spawn(move || f(part)))
            .collect();
        let mut out = f(mine);
        for h in parts {
            out.extend(h.join().unwrap_or_default());
        }
        out
    })
}

/// Where `query` matches in `folded` (character positions), in its first
/// `leading` bytes when it matches there, for highlighting the few rows on
/// screen.
pub fn match_positions(query: &str, folded: &str, leading: usize) -> Vec<usize> {
    // The matcher's work and memory grow with query × text: a pasted page
    // is highlighted by its start, never matched whole.
    const LONGEST_QUERY: usize = 128;
    const LONGEST_TEXT: usize = 2048;
    let m = SkimMatcherV2::default();
    let q: String = fold(query.trim()).chars().take(LONGEST_QUERY).collect();
    let folded = match folded.char_indices().nth(LONGEST_TEXT) {
        Some((at, _)) => &folded[..at],
        None => folded,
    };
    folded
        .get(..leading)
        .and_then(|head| m.fuzzy_indices(head, &q))
        .or_else(|| m.fuzzy_indices(folded, &q))
        .map(|(_, p)| p)
        .unwrap_or_default()
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
        // A typo of a handle ("@mercyy") gets the handle, never a guess saved.
        let near: Vec<&Account> = accounts
            .iter()
            .filter(|a| edits(&fold(&a.handle), &want) <= 2)
            .take(3)
            .collect();
        let hint = match near.as_slice() {
            [] => "`saydo account list` shows the handles".to_string(),
            some => format!(
                "did you mean {}?",
                some.iter()
                    .map(|a| format!("@{}", a.handle))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        return Err(CaptureError::new(
            t.span.clone(),
            format!("`@{}`: no account matches; {hint}", t.text),
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
    if t.text.is_empty() {
        let names: Vec<String> = metrics.iter().map(|m| slug(&m.name)).collect();
        let msg = match names.first() {
            None => format!(
                "which metric? @{} has no success metrics yet; add one with `saydo metric add @{} NAME`",
                account.handle, account.handle
            ),
            Some(first) => format!(
                "which metric? name it before the value, e.g. measure @{} {first} …; @{} measures {}",
                account.handle,
                account.handle,
                names.join(", ")
            ),
        };
        return Err(CaptureError::new(t.span.clone(), msg));
    }
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

#[cfg(test)]
mod scoring {
    use super::*;

    #[test]
    fn edits_count_letters() {
        assert_eq!(edits("mercy", "mercyy"), 1);
        assert_eq!(edits("mercy", "mrecy"), 2);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("mercy", "mercy"), 0);
    }

    #[test]
    fn a_match_in_the_name_ranks_above_one_in_the_rest() {
        let texts: Vec<String> = [
            "mercy general @mercy cardiology dana lee",
            "lee memorial @leemem oncology ravi menon",
            "north clinic @north ravi",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let leading = [13, 12, 12];
        let text = |i: u32| (texts[i as usize].as_str(), leading[i as usize]);
        let mut hits = score_folded("lee", &text, &[0, 1, 2], usize::MAX);
        best_n_first(&mut hits, usize::MAX);
        let order: Vec<u32> = hits.iter().map(|h| h.0).collect();
        assert_eq!(
            order,
            vec![1, 0],
            "the name match first, the owner match after"
        );
        assert_eq!(match_positions("lee", &texts[1], 12), vec![0, 1, 2]);
        // Found through the owner only: positions beyond the name.
        assert!(match_positions("lee", &texts[0], 13)
            .iter()
            .all(|p| *p >= 13));
        // Many candidates go over several threads and give the same order.
        let many = |i: u32| text(i % 3);
        let all: Vec<u32> = (0..10_000).collect();
        let mut hits = score_folded("lee", &many, &all, usize::MAX);
        assert!(hits.windows(2).all(|w| w[0].0 < w[1].0), "in their order");
        best_n_first(&mut hits, usize::MAX);
        assert_eq!(hits.len(), 6_667);
        assert!(hits[..3_333].iter().all(|h| h.0 % 3 == 1));
        // With that many names matching, the owner matches wait unranked,
        // below them, until asked for.
        let mut quick = score_folded("lee", &many, &all, 1_000);
        best_n_first(&mut quick, usize::MAX);
        assert_eq!(quick.len(), 6_667);
        assert_eq!(quick[..3_333], hits[..3_333]);
        assert!(quick[3_333..].iter().all(|h| h.1 == UNRANKED));
        rank_rest("lee", &many, &mut quick);
        best_n_first(&mut quick, usize::MAX);
        assert_eq!(quick, hits);
        let mut top = hits.clone();
        top.reverse();
        best_n_first(&mut top, 10);
        assert_eq!(top[..10], hits[..10], "the best ten first");
    }
}

/// A person on our side as typed: the name exactly (any case), else the one
/// person whose name it fuzzily finds (`Rav` → Ravi Menon). Nobody, or
/// several, is an error naming the candidates: people are never made up by
/// a typo. `me` always counts as known.
pub fn pick_person(
    typed: &str,
    people: &[String],
    me: &str,
) -> Result<String, crate::domain::Invalid> {
    let t = typed.trim();
    let known: Vec<String> = people
        .iter()
        .cloned()
        .chain(
            (!me.trim().is_empty() && !people.iter().any(|p| p.eq_ignore_ascii_case(me)))
                .then(|| me.to_string()),
        )
        .collect();
    if let Some(p) = known.iter().find(|p| p.to_lowercase() == t.to_lowercase()) {
        return Ok(p.clone());
    }
    let ranked = rank(t, &known, |p| vec![p.clone()]);
    match ranked.as_slice() {
        [(_, one)] => Ok((*one).clone()),
        [(a, one), (b, _), ..] if *a >= *b * 2 => Ok((*one).clone()),
        [] => Err(format!(
            "`{t}`: nobody of that name on our side; people: {}",
            if known.is_empty() {
                "none yet".to_string()
            } else {
                known.join(", ")
            }
        )
        .into()),
        many => Err(format!(
            "`{t}`: which one? {}",
            many.iter()
                .take(6)
                .map(|(_, p)| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into()),
    }
}

#[cfg(test)]
mod person_tests {
    use super::pick_person;

    #[test]
    fn a_typo_never_makes_a_person() {
        let people = vec!["Dana Cole".to_string(), "Ravi Menon".to_string()];
        assert_eq!(
            pick_person("ravi menon", &people, "Dana Cole").unwrap(),
            "Ravi Menon"
        );
        assert_eq!(
            pick_person("Rav", &people, "Dana Cole").unwrap(),
            "Ravi Menon"
        );
        let e = pick_person("Zed", &people, "Dana Cole").unwrap_err();
        assert!(
            e.contains("nobody of that name") && e.contains("Ravi Menon"),
            "{e}"
        );
        assert_eq!(
            pick_person("Sam", &[], "Sam").unwrap(),
            "Sam",
            "me is known"
        );
    }
}
