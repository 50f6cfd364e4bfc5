//! The fuzzy matcher's quick score (skim's linear algorithm, which it
//! takes with `element_limit(1)`) worked out on bytes for ASCII texts.
//!
//! A keystroke in the filter scores every name in a big book; the
//! matcher copies each one into a vector of chars and allocates two more
//! for its answer, which costs more than the scoring itself. This gives
//! the same score — a property test holds it to the matcher's — with no
//! allocation, and leaves any text that is not ASCII to the matcher.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

// The matcher's default score settings (`SkimScoreConfig::default`).
const SCORE_MATCH: i64 = 16;
const GAP_START: i64 = -3;
const GAP_EXTENSION: i64 = -1;
const BONUS_HEAD: i64 = SCORE_MATCH / 2;
const BONUS_BREAK: i64 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i64 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i64 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i64 = GAP_EXTENSION * 2;

/// A linear scorer: `matcher` serves the texts that are not ASCII.
pub struct LinearScore {
    matcher: SkimMatcherV2,
}

impl Default for LinearScore {
    fn default() -> Self {
        LinearScore {
            matcher: SkimMatcherV2::default().element_limit(1),
        }
    }
}

impl LinearScore {
    /// What `SkimMatcherV2::default().element_limit(1).fuzzy_match(text,
    /// pattern)` gives.
    pub fn score(&self, text: &str, pattern: &str) -> Option<i64> {
        if text.is_ascii() && pattern.is_ascii() {
            ascii_score(text.as_bytes(), pattern.as_bytes())
        } else {
            self.matcher.fuzzy_match(text, pattern)
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

const fn kind(c: u8) -> Kind {
    match c {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// Each byte's kind, looked up rather than matched: the scoring loop asks
/// for two of them per byte.
const KINDS: [Kind; 256] = {
    let mut t = [Kind::Lower; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = kind(c as u8);
        c += 1;
    }
    t
};

/// The bonus for a match at `c` after `prev` (the start of a word, after
/// punctuation, a capital after a small letter).
fn in_place_bonus(prev: u8, c: u8) -> i64 {
    match (KINDS[prev as usize], KINDS[c as usize]) {
        (Kind::Empty | Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// The two bytes that match pattern byte `p`: itself and, unless the
/// match is case-sensitive, its other case.
fn both_cases(p: u8, sensitive: bool) -> (u8, u8) {
    if sensitive {
        (p, p)
    } else {
        (p.to_ascii_lowercase(), p.to_ascii_uppercase())
    }
}

fn ascii_score(text: &[u8], pattern: &[u8]) -> Option<i64> {
    let Some(&head) = pattern.first() else {
        return Some(0);
    };
    // Smart case: a capital in the pattern makes it case-sensitive.
    let sensitive = pattern.iter().any(u8::is_ascii_uppercase);
    // Where each pattern letter first matches, front to back.
    let (mut first, mut last, mut matched) = (0, 0, 0);
    let (mut lo, mut up) = both_cases(head, sensitive);
    for (i, &c) in text.iter().enumerate() {
        if c == lo || c == up {
            if matched == 0 {
                first = i;
            }
            last = i;
            matched += 1;
            match pattern.get(matched) {
                Some(&p) => (lo, up) = both_cases(p, sensitive),
                None => break,
            }
        }
    }
    if matched < pattern.len() {
        return None;
    }
    if pattern.len() == 1 {
        let prev = if first > 0 { text[first - 1] } else { 0 };
        return Some(in_place_bonus(prev, text[first]));
    }
    let equal = |c: u8, p: u8| {
        let (lo, up) = both_cases(p, sensitive);
        c == lo || c == up
    };
    // Back from the last letter's match to the latest start. Like the
    // matcher, this keeps the offset within the span, not in the text.
    let mut start = first;
    let mut want = pattern.iter().rev().peekable();
    for (i, &c) in text[first..=last].iter().enumerate().rev() {
        match want.peek() {
            Some(&&p) => {
                if equal(c, p) {
                    want.next();
                    start = i;
                }
            }
            None => break,
        }
    }
    let (mut score, mut in_gap, mut prev_bonus) = (0, false, 0);
    let (mut prev, mut at) = (0u8, 0);
    for &c in &text[start..=last] {
        let Some(&p) = pattern.get(at) else {
            break;
        };
        if equal(c, p) {
            let mismatch = if !sensitive && p != c {
                PENALTY_CASE_MISMATCH
            } else {
                0
            };
            score += (SCORE_MATCH + mismatch).max(0);
            let consecutive = prev_bonus.max(in_place_bonus(prev, c).max(BONUS_CONSECUTIVE));
            prev_bonus = consecutive;
            if !in_gap {
                score += consecutive;
            }
            in_gap = false;
            at += 1;
        } else {
            if !in_gap {
                score += GAP_START;
            }
            score += GAP_EXTENSION;
            in_gap = true;
            prev_bonus = 0;
        }
        prev = c;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scores_as_the_matcher_does_on_known_texts() {
        let m = SkimMatcherV2::default().element_limit(1);
        let s = LinearScore::default();
        for (text, q) in [
            ("mercy general @mercy cardiology", "mgc"),
            ("lakeside clinic", "l"),
            ("Lakeside Clinic", "L"),
            ("st. mary's (north)", "mn"),
            ("axbycz", "xyz"),
            ("hôpital sud", "hop"),
            ("abc", "abcd"),
            ("", "a"),
            ("abc", ""),
        ] {
            assert_eq!(s.score(text, q), m.fuzzy_match(text, q), "{text:?} {q:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn scores_as_the_matcher_does(
            text in "[abcABC19 ./(_\u{0}~:-]{0,30}",
            pattern in "[abAB1 ./_-]{0,4}",
        ) {
            let m = SkimMatcherV2::default().element_limit(1);
            prop_assert_eq!(ascii_score(text.as_bytes(), pattern.as_bytes()), m.fuzzy_match(&text, &pattern));
        }
    }
}
