//! Tokens → a typed quick-add command. Dates are resolved here (against a
//! `today` passed in); accounts and metrics are resolved later, against
//! the store.

use super::lexer::{tokenize, Token};
use super::CaptureError;
use crate::domain::dates::{parse_date_in, parse_past_date_in, DateError};
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
enum Verb {
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
    fn keys(self) -> &'static [&'static str] {
        match self {
            Verb::Commit => &["to", "due", "by", "made", "visit"],
            Verb::Visit => &["kind", "intent", "on", "with", "us", "note"],
            Verb::Measure => &["on", "source", "note"],
            Verb::Keep => &["on"],
            Verb::Break | Verb::Drop => &["on", "reason"],
            Verb::Renegotiate => &["due", "reason", "on"],
        }
    }

    fn name(self) -> &'static str {
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

    fn example(self) -> &'static str {
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

/// The attributes and the remaining words of a line after its verb.
struct Parts<'l> {
    line: &'l str,
    verb: Verb,
    verb_span: Range<usize>,
    attrs: Vec<Token>,
    words: Vec<Token>,
    today: Date,
    anchors_of: AnchorsOf<'l>,
    whose: Option<Whose>,
}

impl<'l> Parts<'l> {
    fn err<T>(&self, span: Range<usize>, msg: String) -> Result<T, CaptureError> {
        Err(CaptureError::new(span, msg))
    }

    fn attr(&self, key: &str) -> Option<&Token> {
        self.attrs.iter().find(|t| t.key.as_deref() == Some(key))
    }

    fn text_attr(&self, key: &str) -> String {
        self.attr(key)
            .map(|t| t.text.trim().to_string())
            .unwrap_or_default()
    }

    /// A date word; one that is not a date may count from the account's
    /// key dates, which are looked up only then.
    fn any_date(&self, t: &Token, past: bool) -> Result<Date, CaptureError> {
        let parse = |anchors: Option<&Anchors>| {
            if past {
                parse_past_date_in(&t.text, self.today, anchors)
            } else {
                parse_date_in(&t.text, self.today, anchors)
            }
        };
        let found = match parse(None) {
            Err(DateError::NotADate) => self
                .whose
                .as_ref()
                .and_then(|w| (self.anchors_of)(w))
                .map_or(Err(DateError::NotADate), |a| parse(Some(&a))),
            r => r,
        };
        found.map_err(|e| CaptureError::new(t.span.clone(), format!("`{}`: {e}", t.raw(self.line))))
    }

    fn date(&self, t: &Token) -> Result<Date, CaptureError> {
        self.any_date(t, false)
    }

    fn date_attr(&self, key: &str) -> Result<Option<Date>, CaptureError> {
        self.attr(key).map(|t| self.date(t)).transpose()
    }

    /// `on:` and `made:`: what happened is never ahead, so `fri` is last
    /// Friday there.
    fn past_date_attr(&self, key: &str) -> Result<Option<Date>, CaptureError> {
        self.attr(key).map(|t| self.any_date(t, true)).transpose()
    }

    fn list_attr(&self, key: &str) -> Vec<String> {
        self.attr(key)
            .map(|t| {
                t.text
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `@handle` among the words, if any, taken out of them; dates on
    /// the line count from its key dates.
    fn take_account(&mut self) -> Result<Option<Typed>, CaptureError> {
        let typed = self.find_account()?;
        self.whose = Some(Whose::Account(typed.clone()));
        Ok(typed)
    }

    fn find_account(&mut self) -> Result<Option<Typed>, CaptureError> {
        let at: Vec<usize> = self
            .words
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.quoted && t.text.starts_with('@'))
            .map(|(i, _)| i)
            .collect();
        match at.as_slice() {
            [] => Ok(None),
            [i] => {
                let t = self.words.remove(*i);
                let name = t.text[1..].to_string();
                if name.is_empty() {
                    return self.err(
                        t.span,
                        "`@`: which account? type its handle after @, e.g. @mercy".into(),
                    );
                }
                Ok(Some(Typed {
                    text: name,
                    span: t.span,
                }))
            }
            [_, second, ..] => {
                let t = &self.words[*second];
                self.err(
                    t.span.clone(),
                    format!(
                        "`{}`: one account per line; quote it to keep it as text",
                        t.raw(self.line)
                    ),
                )
            }
        }
    }

    fn commitment_number(&mut self) -> Result<i64, CaptureError> {
        let v = self.verb;
        if self.words.is_empty() {
            return self.err(
                self.verb_span.clone(),
                format!(
                    "`{}`: which commitment? add its number, e.g. {}",
                    v.name(),
                    v.example()
                ),
            );
        }
        let t = self.words.remove(0);
        let digits = t.text.trim_start_matches('#');
        match digits.parse::<i64>() {
            Ok(n) if n > 0 && !t.quoted => {
                self.whose = Some(Whose::Commitment(n));
                Ok(n)
            }
            _ => self.err(
                t.span.clone(),
                format!(
                    "`{}`: not a commitment number; e.g. {}",
                    t.raw(self.line),
                    v.example()
                ),
            ),
        }
    }

    fn rest_text(&self) -> String {
        self.words
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn no_words_left(&self, what: &str) -> Result<(), CaptureError> {
        match self.words.first() {
            None => Ok(()),
            Some(t) => self.err(
                t.span.clone(),
                format!("`{}`: unexpected here; {what}", t.raw(self.line)),
            ),
        }
    }
}

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
        match &t.key {
            None => parts.words.push(t),
            Some(k) if verb.keys().contains(&k.as_str()) => {
                if parts.attr(k).is_some() {
                    return Err(CaptureError::new(
                        t.span.clone(),
                        format!("`{}`: {k}: is given twice; keep one", t.raw(line)),
                    ));
                }
                parts.attrs.push(t);
            }
            // A value that starts like a path or URL ("http://…") is text.
            Some(_) if t.text.starts_with('/') => parts.words.push(Token {
                key: None,
                text: t.raw(line).to_string(),
                ..t
            }),
            Some(k) => {
                let keys: Vec<String> = verb.keys().iter().map(|k| format!("{k}:")).collect();
                return Err(CaptureError::new(
                    t.span.clone(),
                    format!(
                        "`{}`: {} takes no {k}:, only {}; quote the word to keep it as text",
                        t.raw(line),
                        verb.name(),
                        keys.join(", ")
                    ),
                ));
            }
        }
    }
    let p = &mut parts;
    let on_or_today = |p: &Parts, key: &str| -> Result<Date, CaptureError> {
        Ok(p.past_date_attr(key)?.unwrap_or(p.today))
    };
    match verb {
        Verb::Commit => {
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
        Verb::Visit => {
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
                on: on_or_today(p, "on")?,
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
        Verb::Measure => {
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
                    on: on_or_today(p, "on")?,
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
                on: on_or_today(p, "on")?,
                source: p.text_attr("source"),
                note: p.text_attr("note"),
            })
        }
        Verb::Keep => {
            let commitment = p.commitment_number()?;
            p.no_words_left("done takes a number and on:date, e.g. done 17 on:yesterday")?;
            Ok(Parsed::Keep {
                commitment,
                on: on_or_today(p, "on")?,
            })
        }
        Verb::Break | Verb::Drop => {
            let commitment = p.commitment_number()?;
            let mut reason = p.text_attr("reason");
            let rest = p.rest_text();
            if !rest.is_empty() {
                if !reason.is_empty() {
                    reason.push_str(" — ");
                }
                reason.push_str(&rest);
            }
            let on = on_or_today(p, "on")?;
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
        Verb::Renegotiate => {
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
            let mut reason = p.text_attr("reason");
            let rest = p.rest_text();
            if !rest.is_empty() {
                if !reason.is_empty() {
                    reason.push_str(" — ");
                }
                reason.push_str(&rest);
            }
            Ok(Parsed::Renegotiate {
                commitment,
                due,
                reason,
                on: on_or_today(p, "on")?,
            })
        }
    }
}
