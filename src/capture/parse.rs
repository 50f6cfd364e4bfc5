//! Tokens → a typed quick-add command. Dates are resolved here (against a
//! `today` passed in); accounts and metrics are resolved later, against
//! the store.

use super::lexer::{tokenize, Token};
use super::parts::Parts;
use super::CaptureError;
use crate::domain::key_dates::Anchors;
use crate::domain::{Choice, Date, Intent, VisitKind};
use std::ops::Range;

/// A name as typed, with its place in the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Commit {
        account: Option<Typed>,
        what: String,
        to: String,
        due: Date,
        by: Option<String>,
        /// `None` when the line does not say: today, or the visit's date.
        made: Option<Date>,
        visit: Option<i64>,
    },
    Visit {
        account: Option<Typed>,
        kind: VisitKind,
        intent: Intent,
        on: Date,
        theirs: Vec<String>,
        ours: Vec<String>,
        notes: String,
    },
    Measure {
        account: Option<Typed>,
        metric: Typed,
        value: f64,
        on: Date,
        source: String,
        note: String,
    },
    Keep {
        commitment: i64,
        on: Date,
    },
    Break {
        commitment: i64,
        on: Date,
        reason: String,
    },
    Drop {
        commitment: i64,
        on: Date,
        reason: String,
    },
    Renegotiate {
        commitment: i64,
        due: Date,
        reason: String,
        on: Date,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Commit,
    Visit,
    Measure,
    Keep,
    Break,
    Drop,
    Renegotiate,
}

pub const VERBS_HINT: &str = "commit, visit, measure, done, broken, renegotiate or drop";

/// The verbs a line starts with, as completion offers them.
pub const VERBS: &[&str] = &[
    "commit",
    "visit",
    "measure",
    "done",
    "broken",
    "renegotiate",
    "drop",
];

/// The canonical name of the verb `word` (any accepted spelling), and the
/// attribute names it takes.
pub fn verb_keys(word: &str) -> Option<(&'static str, &'static [&'static str])> {
    verb(word).map(|v| (v.name(), v.keys()))
}

fn verb(word: &str) -> Option<Verb> {
    Some(match word.to_ascii_lowercase().as_str() {
        "commit" | "promise" => Verb::Commit,
        "visit" => Verb::Visit,
        "measure" => Verb::Measure,
        "done" | "kept" | "keep" => Verb::Keep,
        "broken" | "break" => Verb::Break,
        "drop" | "dropped" => Verb::Drop,
        "renegotiate" | "reneg" => Verb::Renegotiate,
        _ => return None,
    })
}

impl Verb {
    pub(super) fn keys(self) -> &'static [&'static str] {
        match self {
            Verb::Commit => &["to", "due", "by", "made", "visit"],
            Verb::Visit => &["kind", "intent", "on", "with", "us", "note"],
            Verb::Measure => &["on", "source", "note"],
            Verb::Keep => &["on"],
            Verb::Break | Verb::Drop => &["on", "reason"],
            Verb::Renegotiate => &["due", "reason", "on"],
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Verb::Commit => "commit",
            Verb::Visit => "visit",
            Verb::Measure => "measure",
            Verb::Keep => "done",
            Verb::Break => "broken",
            Verb::Drop => "drop",
            Verb::Renegotiate => "renegotiate",
        }
    }

    pub(super) fn example(self) -> &'static str {
        match self {
            Verb::Commit => "commit @mercy Send the dosing report to:\"Dr Lee\" due:fri",
            Verb::Visit => "visit @mercy onsite proactive QBR with radiology",
            Verb::Measure => "measure @mercy door-to-needle 42",
            Verb::Keep => "done 17",
            Verb::Break => "broken 17 reason:\"vendor delay\"",
            Verb::Drop => "drop 17",
            Verb::Renegotiate => "renegotiate 17 due:+2w reason:\"customer asked\"",
        }
    }
}

/// Whose key dates a date word on the line counts from (`due:golive+30d`):
/// the account the line names (or the one in view), or the account of the
/// commitment it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Whose {
    Account(Option<Typed>),
    Commitment(i64),
}

/// Finds the key dates of an account, for the words that count from them.
pub type AnchorsOf<'a> = &'a dyn Fn(&Whose) -> Option<Anchors>;

/// Parses one quick-add line, resolving dates against `today`.
pub fn parse(line: &str, today: Date) -> Result<Parsed, CaptureError> {
    parse_with(line, today, &|_| None)
}

/// As [`parse`], with dates such as `golive+30d` counting from the key
/// dates `anchors_of` finds.
pub fn parse_with(line: &str, today: Date, anchors_of: AnchorsOf) -> Result<Parsed, CaptureError> {
    let mut tokens = tokenize(line)?.into_iter();
    let Some(first) = tokens.next() else {
        return Err(CaptureError::new(
            0..line.len(),
            format!("nothing to save; start with {VERBS_HINT}"),
        ));
    };
    let verb = match (first.key.is_none() && !first.quoted)
        .then(|| verb(&first.text))
        .flatten()
    {
        Some(v) => v,
        None => {
            return Err(CaptureError::new(
                first.span.clone(),
                format!("`{}`: not a verb; start with {VERBS_HINT}", first.raw(line)),
            ))
        }
    };
    let mut parts = Parts {
        line,
        verb,
        verb_span: first.span,
        attrs: vec![],
        words: vec![],
        today,
        anchors_of,
        whose: None,
    };
    for t in tokens {
        parts.take(t)?;
    }
    let p = &mut parts;
    match verb {
        Verb::Commit => commit(p),
        Verb::Visit => visit(p),
        Verb::Measure => measure(p),
        Verb::Keep => keep(p),
        Verb::Break | Verb::Drop => break_or_drop(p),
        Verb::Renegotiate => renegotiate(p),
    }
}

/// `commit @acct what due:… to:… by:… made:… visit:…`
fn commit(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let line = p.line;
    let verb = p.verb;
    let account = p.take_account()?;
    let what = p.rest_text();
    if what.trim().is_empty() {
        return p.err(
            p.verb_span.clone(),
            format!(
                "a commitment needs to say what was promised, e.g. {}",
                verb.example()
            ),
        );
    }
    let Some(due) = p.date_attr("due")? else {
        return p.err(
            line.len()..line.len(),
            "a commitment needs a due date: add due:fri, due:+3d or due:2026-12-01".into(),
        );
    };
    let visit = match p.attr("visit") {
        None => None,
        Some(t) => match t.text.trim_start_matches('#').parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return p.err(
                    t.span.clone(),
                    format!("`{}`: not a visit number; e.g. visit:12", t.raw(line)),
                )
            }
        },
    };
    let by = Some(p.text_attr("by")).filter(|s| !s.is_empty());
    Ok(Parsed::Commit {
        account,
        what,
        to: p.text_attr("to"),
        due,
        by,
        made: p.past_date_attr("made")?,
        visit,
    })
}

/// `visit @acct [kind] proactive|reactive notes with:… us:… on:…`
fn visit(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let line = p.line;
    let verb = p.verb;
    let account = p.take_account()?;
    let mut kind = None;
    let mut intent = None;
    // Kind and intent as bare words only before the first word of
    // notes, so that "call" or "event" inside the notes stay text.
    while let Some(t) = p.words.first() {
        if t.quoted {
            break;
        }
        if kind.is_none() {
            if let Ok(k) = VisitKind::parse(&t.text) {
                kind = Some((k, t.span.clone()));
                p.words.remove(0);
                continue;
            }
        }
        if intent.is_none() {
            if let Ok(i) = Intent::parse(&t.text) {
                intent = Some((i, t.span.clone()));
                p.words.remove(0);
                continue;
            }
        }
        break;
    }
    for (key, is_kind) in [("kind", true), ("intent", false)] {
        if let Some(t) = p.attr(key) {
            let clash = if is_kind {
                kind.is_some()
            } else {
                intent.is_some()
            };
            if clash {
                return p.err(
                    t.span.clone(),
                    format!("`{}`: the {key} is given twice", t.raw(line)),
                );
            }
            let parsed = if is_kind {
                VisitKind::parse(&t.text).map(|k| kind = Some((k, t.span.clone())))
            } else {
                Intent::parse(&t.text).map(|i| intent = Some((i, t.span.clone())))
            };
            if let Err(e) = parsed {
                return p.err(t.span.clone(), format!("`{}`: {e}", t.raw(line)));
            }
        }
    }
    let Some((intent, _)) = intent else {
        return p.err(
            line.len()..line.len(),
            format!(
                "a visit is proactive or reactive: add one of them, e.g. {}",
                verb.example()
            ),
        );
    };
    Ok(Parsed::Visit {
        account,
        kind: kind.map_or(VisitKind::OnSite, |(k, _)| k),
        intent,
        on: p.on_or_today("on")?,
        theirs: p.list_attr("with"),
        ours: p.list_attr("us"),
        // Words after the kind and intent, then `note:"…"`, which
        // may hold line breaks (and `>` lines: commitments).
        notes: [p.rest_text(), p.text_attr("note")]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// `measure @acct metric value on:… source:… note:…`, or the value alone
fn measure(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let line = p.line;
    let verb = p.verb;
    let account = p.take_account()?;
    if p.words.is_empty() {
        return p.err(
            p.verb_span.clone(),
            format!("which metric, and what value? e.g. {}", verb.example()),
        );
    }
    let m = p.words.remove(0);
    let number = |w: &Token| w.text.replace(',', ".").parse::<f64>().ok();
    // `measure @mercy 4.2`: the value without its metric; which one
    // is asked when the line is resolved (the account's are known).
    if p.words.is_empty() && !m.quoted && number(&m).is_some_and(f64::is_finite) {
        let value = number(&m).unwrap_or_default();
        p.no_words_left("put a note in note:\"…\"")?;
        return Ok(Parsed::Measure {
            account,
            metric: Typed {
                text: String::new(),
                span: m.span.start..m.span.start,
            },
            value,
            on: p.on_or_today("on")?,
            source: p.text_attr("source"),
            note: p.text_attr("note"),
        });
    }
    let metric = Typed {
        text: m.text.clone(),
        span: m.span.clone(),
    };
    let Some(v) = (!p.words.is_empty()).then(|| p.words.remove(0)) else {
        return p.err(
            m.span.end..m.span.end,
            format!(
                "`{}`: what value? add a number, e.g. {}",
                m.raw(line),
                verb.example()
            ),
        );
    };
    let value = match v.text.replace(',', ".").parse::<f64>() {
        Ok(x) if x.is_finite() && !v.quoted => x,
        _ => {
            return p.err(
                v.span.clone(),
                format!("`{}`: not a number; e.g. 42, 3.5 or -2", v.raw(line)),
            )
        }
    };
    p.no_words_left("put a note in note:\"…\"")?;
    Ok(Parsed::Measure {
        account,
        metric,
        value,
        on: p.on_or_today("on")?,
        source: p.text_attr("source"),
        note: p.text_attr("note"),
    })
}

/// `done N on:…`
fn keep(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let commitment = p.commitment_number()?;
    p.no_words_left("done takes a number and on:date, e.g. done 17 on:yesterday")?;
    Ok(Parsed::Keep {
        commitment,
        on: p.on_or_today("on")?,
    })
}

/// `broken N reason` and `drop N reason`
fn break_or_drop(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let verb = p.verb;
    let commitment = p.commitment_number()?;
    let reason = p.reason();
    let on = p.on_or_today("on")?;
    Ok(if verb == Verb::Break {
        Parsed::Break {
            commitment,
            on,
            reason,
        }
    } else {
        Parsed::Drop {
            commitment,
            on,
            reason,
        }
    })
}

/// `renegotiate N due:… reason`
fn renegotiate(p: &mut Parts) -> Result<Parsed, CaptureError> {
    let line = p.line;
    let verb = p.verb;
    let commitment = p.commitment_number()?;
    let Some(due) = p.date_attr("due")? else {
        return p.err(
            line.len()..line.len(),
            format!(
                "renegotiate needs the new due date, e.g. {}",
                verb.example()
            ),
        );
    };
    let reason = p.reason();
    Ok(Parsed::Renegotiate {
        commitment,
        due,
        reason,
        on: p.on_or_today("on")?,
    })
}
