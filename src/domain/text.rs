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
/// How many letters to add, remove or change to turn `a` into `b`
/// (Levenshtein; handles are short, at most 40).
pub fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

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

/// Width in terminal columns, as the terminal (and ratatui) count them:
/// wide characters (CJK, emoji) two, combining marks none, controls none.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        // What `char_width` gives ASCII: one column, none for a control.
        return s.bytes().filter(|b| (b' '..=b'~').contains(b)).count();
    }
    s.chars().map(char_width).sum()
}

/// One character's width in terminal columns.
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `s` cut to `width` columns, ending with "…" when it was cut.
pub fn fit(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
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
    fn widths_are_the_terminals() {
        assert_eq!(
            display_width("e\u{301}"),
            1,
            "a combining accent takes no column"
        );
        assert_eq!(display_width("東京"), 4);
        assert_eq!(fit("@linwood-1034", 12), "@linwood-10…");
        assert_eq!(fit("short", 12), "short");
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
/// What `visible` looks for, read from the UTF-8 bytes (it runs over
/// everything saydo prints): C0 controls but tab and newline, DEL, C1
/// controls (U+0080–U+009F: C2 80–9F) and the bidi overrides and isolates
/// (U+202A–U+202E: E2 80 AA–AE; U+2066–U+2069: E2 81 A6–A9).
fn has_risky(b: &[u8]) -> bool {
    // The bytes a risky character can start with; everything else is
    // passed over with one look-up (all the output of a big listing goes
    // through here).
    const STARTS: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 0x20 {
            t[i] = i != b'\n' as usize && i != b'\t' as usize;
            i += 1;
        }
        t[0x7F] = true;
        t[0xC2] = true;
        t[0xE2] = true;
        t
    };
    // Most text has no such byte at all: one pass that only looks.
    if !b.iter().any(|&c| STARTS[c as usize]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if STARTS[b[i] as usize] {
            match b[i] {
                0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return true,
                0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                    (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9)) => {
                        return true
                    }
                    _ => {}
                },
                0xC2 => {}
                _ => return true,
            }
        }
        i += 1;
    }
    false
}

pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    fn risky(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)
    }
    if !has_risky(s.as_bytes()) {
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

    proptest::proptest! {
        #[test]
        fn the_byte_test_finds_what_the_char_test_finds(s in "\\PC*|[\\x00-\\x{a0}\\x{2028}-\\x{206f}a-z]*") {
            let risky = |c: char| {
                (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)
            };
            proptest::prop_assert_eq!(super::has_risky(s.as_bytes()), s.chars().any(risky));
        }
    }

    #[test]
    fn ascii_widths_are_the_unicode_widths() {
        for b in 0u8..=0x7f {
            let c = b as char;
            let s = c.to_string();
            assert_eq!(super::display_width(&s), super::char_width(c), "{b:#x}");
            assert_eq!(
                visible(&s).len() == 1,
                !c.is_control() || c == '\n' || c == '\t',
                "{b:#x}"
            );
        }
    }

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
