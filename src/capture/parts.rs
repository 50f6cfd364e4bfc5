//! A quick-add line after its verb: its attributes and remaining words,
//! and how a verb reads them (dates against today and the key dates,
//! the account, a commitment's number, the text that is left).

use super::lexer::Token;
use super::parse::{AnchorsOf, Typed, Verb, Whose};
use super::CaptureError;
use crate::domain::dates::{parse_date_in, parse_past_date_in, DateError};
use crate::domain::key_dates::Anchors;
use crate::domain::Date;
use std::ops::Range;

/// The attributes and the remaining words of a line after its verb.
pub(super) struct Parts<'l> {
    pub(super) line: &'l str,
    pub(super) verb: Verb,
    pub(super) verb_span: Range<usize>,
    pub(super) attrs: Vec<Token>,
    pub(super) words: Vec<Token>,
    pub(super) today: Date,
    pub(super) anchors_of: AnchorsOf<'l>,
    pub(super) whose: Option<Whose>,
}

impl<'l> Parts<'l> {
    pub(super) fn err<T>(&self, span: Range<usize>, msg: String) -> Result<T, CaptureError> {
        Err(CaptureError::new(span, msg))
    }

    pub(super) fn attr(&self, key: &str) -> Option<&Token> {
        self.attrs.iter().find(|t| t.key.as_deref() == Some(key))
    }

    pub(super) fn text_attr(&self, key: &str) -> String {
        self.attr(key)
            .map(|t| t.text.trim().to_string())
            .unwrap_or_default()
    }

    /// A date word; one that is not a date may count from the account's
    /// key dates, which are looked up only then.
    pub(super) fn any_date(&self, t: &Token, past: bool) -> Result<Date, CaptureError> {
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

    pub(super) fn date(&self, t: &Token) -> Result<Date, CaptureError> {
        self.any_date(t, false)
    }

    pub(super) fn date_attr(&self, key: &str) -> Result<Option<Date>, CaptureError> {
        self.attr(key).map(|t| self.date(t)).transpose()
    }

    /// `on:` and `made:`: what happened is never ahead, so `fri` is last
    /// Friday there.
    pub(super) fn past_date_attr(&self, key: &str) -> Result<Option<Date>, CaptureError> {
        self.attr(key).map(|t| self.any_date(t, true)).transpose()
    }

    pub(super) fn list_attr(&self, key: &str) -> Vec<String> {
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
    pub(super) fn take_account(&mut self) -> Result<Option<Typed>, CaptureError> {
        let typed = self.find_account()?;
        self.whose = Some(Whose::Account(typed.clone()));
        Ok(typed)
    }

    pub(super) fn find_account(&mut self) -> Result<Option<Typed>, CaptureError> {
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

    pub(super) fn commitment_number(&mut self) -> Result<i64, CaptureError> {
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

    pub(super) fn rest_text(&self) -> String {
        self.words
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn no_words_left(&self, what: &str) -> Result<(), CaptureError> {
        match self.words.first() {
            None => Ok(()),
            Some(t) => self.err(
                t.span.clone(),
                format!("`{}`: unexpected here; {what}", t.raw(self.line)),
            ),
        }
    }

    /// Files a token after the verb: an attribute the verb takes, or a word.
    pub(super) fn take(&mut self, t: Token) -> Result<(), CaptureError> {
        match &t.key {
            None => self.words.push(t),
            Some(k) if self.verb.keys().contains(&k.as_str()) => {
                if self.attr(k).is_some() {
                    return Err(CaptureError::new(
                        t.span.clone(),
                        format!("`{}`: {k}: is given twice; keep one", t.raw(self.line)),
                    ));
                }
                self.attrs.push(t);
            }
            // A value that starts like a path or URL ("http://…") is text.
            Some(_) if t.text.starts_with('/') => self.words.push(Token {
                key: None,
                text: t.raw(self.line).to_string(),
                ..t
            }),
            Some(k) => {
                let keys: Vec<String> = self.verb.keys().iter().map(|k| format!("{k}:")).collect();
                return Err(CaptureError::new(
                    t.span.clone(),
                    format!(
                        "`{}`: {} takes no {k}:, only {}; quote the word to keep it as text",
                        t.raw(self.line),
                        self.verb.name(),
                        keys.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `reason:"…"` and the words left on the line, joined by a dash.
    pub(super) fn reason(&self) -> String {
        let mut reason = self.text_attr("reason");
        let rest = self.rest_text();
        if !rest.is_empty() {
            if !reason.is_empty() {
                reason.push_str(" — ");
            }
            reason.push_str(&rest);
        }
        reason
    }

    pub(super) fn on_or_today(&self, key: &str) -> Result<Date, CaptureError> {
        Ok(self.past_date_attr(key)?.unwrap_or(self.today))
    }
}
