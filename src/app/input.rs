//! A line of text being typed, with a cursor: the editing keys people
//! expect from a shell prompt (arrows, Home/End, Ctrl-A/E, Ctrl-W, Ctrl-U,
//! Alt-Backspace), and multi-line text for notes.

use crate::key::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// A byte offset into `text`, always on a character boundary.
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.len();
        TextInput { text, cursor }
    }

    pub fn set(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.cursor = self.text.len();
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    pub fn insert_str(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    fn prev_boundary(&self, from: usize) -> usize {
        self.text[..from]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self, from: usize) -> usize {
        self.text[from..]
            .chars()
            .next()
            .map_or(from, |c| from + c.len_utf8())
    }

    /// The start of the word before the cursor (spaces skipped first).
    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(char::is_whitespace);
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    fn word_end(&self) -> usize {
        let after = &self.text[self.cursor..];
        let skip = after.len() - after.trim_start_matches(char::is_whitespace).len();
        let rest = &after[skip..];
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.cursor + skip + word
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    /// Applies an editing key; false when the key is not an editing key
    /// (so the caller can give it another meaning).
    pub fn handle(&mut self, e: &KeyEvent, multiline: bool) -> bool {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        match e.code {
            KeyCode::Char('a') if ctrl => self.cursor = self.line_start(),
            KeyCode::Char('e') if ctrl => self.cursor = self.line_end(),
            KeyCode::Char('w') if ctrl => {
                let start = self.word_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Char('u') if ctrl => {
                let start = self.line_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Char('k') if ctrl => {
                let end = self.line_end();
                self.text.replace_range(self.cursor..end, "");
            }
            KeyCode::Backspace if alt => {
                let start = self.word_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Char('b') if alt => self.cursor = self.word_start(),
            KeyCode::Char('f') if alt => self.cursor = self.word_end(),
            KeyCode::Char(c) if !ctrl && !alt => self.insert(c),
            KeyCode::Enter if multiline => self.insert('\n'),
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    let p = self.prev_boundary(self.cursor);
                    self.text.replace_range(p..self.cursor, "");
                    self.cursor = p;
                }
            }
            KeyCode::Delete => {
                let n = self.next_boundary(self.cursor);
                self.text.replace_range(self.cursor..n, "");
            }
            KeyCode::Left if ctrl => self.cursor = self.word_start(),
            KeyCode::Right if ctrl => self.cursor = self.word_end(),
            KeyCode::Left => self.cursor = self.prev_boundary(self.cursor),
            KeyCode::Right => self.cursor = self.next_boundary(self.cursor),
            KeyCode::Home => self.cursor = self.line_start(),
            KeyCode::End => self.cursor = self.line_end(),
            _ => return false,
        }
        true
    }

    /// The cursor's column on its line, in characters.
    pub fn cursor_column(&self) -> usize {
        self.text[self.line_start()..self.cursor].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn edits_at_the_cursor_with_wide_characters() {
        let mut t = TextInput::new("Müller");
        t.handle(&key(KeyCode::Left), false);
        t.handle(&key(KeyCode::Left), false);
        t.handle(&key(KeyCode::Backspace), false);
        assert_eq!(t.text, "Müler");
        t.handle(&key(KeyCode::Home), false);
        t.handle(&key(KeyCode::Char('病')), false);
        assert_eq!(t.text, "病Müler");
        assert_eq!(t.cursor_column(), 1);
        t.handle(&key(KeyCode::Delete), false);
        assert_eq!(t.text, "病üler");
    }

    #[test]
    fn words_and_lines() {
        let mut t = TextInput::new("commit @mercy Send  ");
        t.handle(&ctrl('w'), false);
        assert_eq!(t.text, "commit @mercy ");
        t.handle(&ctrl('u'), false);
        assert_eq!(t.text, "");
        let mut n = TextInput::new("one");
        assert!(n.handle(&key(KeyCode::Enter), true));
        n.insert_str("two");
        assert_eq!(n.text, "one\ntwo");
        assert_eq!(n.cursor_column(), 3);
        assert!(!TextInput::default().handle(&key(KeyCode::Enter), false));
        assert!(!TextInput::default().handle(&key(KeyCode::Tab), false));
    }
}
