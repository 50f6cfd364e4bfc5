//! Splits a quick-add line into words, `key:value` attributes and quoted
//! text, keeping each token's place in the line for error highlighting.

use super::CaptureError;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The attribute name, lower-cased, for `key:value` tokens.
    pub key: Option<String>,
    /// The value (or the whole word), quotes removed.
    pub text: String,
    /// Whether the value was quoted: quoted text is never an attribute.
    pub quoted: bool,
    /// Byte range in the line.
    pub span: Range<usize>,
}

impl Token {
    /// The token as typed, for messages.
    pub fn raw<'a>(&self, line: &'a str) -> &'a str {
        line.get(self.span.clone()).unwrap_or("")
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

pub fn tokenize(line: &str) -> Result<Vec<Token>, CaptureError> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut text = String::new();
        let mut quoted = false;
        let mut key = None;
        let mut end = start;
        let mut in_quote: Option<usize> = None;
        while let Some(&(i, ch)) = chars.peek() {
            if in_quote.is_none() && ch.is_whitespace() {
                break;
            }
            chars.next();
            end = i + ch.len_utf8();
            if is_quote(ch) {
                if in_quote.is_some() {
                    in_quote = None;
                } else {
                    in_quote = Some(i);
                    quoted = true;
                }
                continue;
            }
            if ch == ':' && key.is_none() && !quoted && in_quote.is_none() && is_key(&text) {
                key = Some(text.to_ascii_lowercase());
                text.clear();
                continue;
            }
            text.push(ch);
        }
        if in_quote.is_some() {
            return Err(CaptureError::new(
                start..end,
                format!(
                    "`{}`: the quote is not closed; add a closing \"",
                    &line[start..end]
                ),
            ));
        }
        // "re:" or "note:" with nothing after it reads as a plain word.
        if key.is_some() && text.is_empty() && !quoted {
            text = line[start..end].to_string();
            key = None;
        }
        tokens.push(Token {
            key,
            text,
            quoted,
            span: start..end,
        });
    }
    Ok(tokens)
}

fn is_key(s: &str) -> bool {
    !s.is_empty() && s.len() <= 12 && s.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_attributes_and_quotes() {
        let line = r#"commit @mercy Send it to:"Dr Lee" due:fri "a: b""#;
        let t = tokenize(line).unwrap();
        let shown: Vec<(Option<&str>, &str)> = t
            .iter()
            .map(|t| (t.key.as_deref(), t.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (None, "commit"),
                (None, "@mercy"),
                (None, "Send"),
                (None, "it"),
                (Some("to"), "Dr Lee"),
                (Some("due"), "fri"),
                (None, "a: b"),
            ]
        );
        assert_eq!(t[4].raw(line), r#"to:"Dr Lee""#);
    }

    #[test]
    fn a_bare_colon_word_is_text() {
        let t = tokenize("re: dosing").unwrap();
        assert_eq!(t[0].key, None);
        assert_eq!(t[0].text, "re:");
    }

    #[test]
    fn unclosed_quote_is_an_error() {
        let e = tokenize(r#"commit @m x to:"Dr Lee"#).unwrap_err();
        assert_eq!(
            e.message,
            "`to:\"Dr Lee`: the quote is not closed; add a closing \""
        );
        assert_eq!(e.span, 12..22);
    }
}
