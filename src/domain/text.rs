//! Text helpers shared by matching and validation.

/// Folds accents and case so that "muller" finds "Müller" and "hopital"
/// finds "Hôpital". Applied to both sides of every fuzzy match.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
        } else {
            // deunicode maps a char to an ASCII approximation; CJK and emoji
            // map to words, which still match themselves after folding.
            match deunicode::deunicode_char(ch) {
                Some(a) => out.extend(a.chars().map(|c| c.to_ascii_lowercase())),
                None => out.push(ch),
            }
        }
    }
    out
}

/// A handle made from a name: "Mercy General Hospital" → "mercy-general-hospital".
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::new();
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Handles are what people type after `@`: letters, digits, `-`, `_`, `.`.
/// The longest handle there can be.
pub const HANDLE_MAX: usize = 40;

pub fn valid_handle(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= HANDLE_MAX
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Width in terminal columns, counting wide characters (CJK, emoji) as two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let cp = c as u32;
    if c.is_control() {
        0
    } else if (0x1100..=0x115F).contains(&cp)
        || (0x2E80..=0xA4CF).contains(&cp)
        || (0xAC00..=0xD7A3).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0xFE30..=0xFE4F).contains(&cp)
        || (0xFF00..=0xFF60).contains(&cp)
        || (0xFFE0..=0xFFE6).contains(&cp)
        || (0x1F300..=0x1FAFF).contains(&cp)
        || (0x20000..=0x3FFFD).contains(&cp)
    {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("Hôpital Saint-Éloi"), "hopital saint-eloi");
        assert_eq!(fold("MERCY"), "mercy");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Mercy General Hospital"), "mercy-general-hospital");
        assert_eq!(slug("  Hôpital  d'Été "), "hopital-d-ete");
    }

    #[test]
    fn handles() {
        assert!(valid_handle("mercy"));
        assert!(valid_handle("st-luke_2"));
        assert!(!valid_handle("has space"));
        assert!(!valid_handle(""));
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("東京"), 4);
    }
}

/// The text with every character that could drive a terminal shown
/// instead: C0 controls (but line break and tab) and DEL in caret notation
/// (`^[` for ESC), C1 controls and the bidirectional overrides as `<U+009B>`.
/// Everything saydo prints or exports as text passes through it, so a
/// stored name cannot retitle a window, write the clipboard or clear the
/// screen.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    fn risky(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)
    }
    if !s.chars().any(risky) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c as u32 {
            _ if !risky(c) => out.push(c),
            n @ 0..=0x1F => {
                out.push('^');
                out.push(char::from(b'@' + n as u8));
            }
            0x7F => out.push_str("^?"),
            n => out.push_str(&format!("<U+{n:04X}>")),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod visible_tests {
    use super::visible;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        assert_eq!(visible("Mercy"), "Mercy");
        assert_eq!(visible("a\x1b]0;owned\x07b"), "a^[]0;owned^Gb");
        assert_eq!(visible("\x1b[2J"), "^[[2J");
        assert_eq!(visible("x\u{9b}31m\u{202e}"), "x<U+009B>31m<U+202E>");
        assert_eq!(visible("two\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(visible("del\x7f\r"), "del^?^M");
    }
}
