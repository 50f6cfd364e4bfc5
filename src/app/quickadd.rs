//! The quick-add bar: one line of the core grammar (capture/), typed at
//! the bottom of any screen, with a live preview, Tab completion and the
//! lines typed before (kept in a file beside the database).

use super::input::TextInput;
use crate::capture::parse::{verb_keys, VERBS};
use crate::capture::CaptureError;
use crate::domain::{Account, Choice, Intent, VisitKind};
use crate::exchange::ExportError;
use std::path::PathBuf;

/// A visit whose commitments are being logged, one line each.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub visit: i64,
    /// Their attendees: a commitment without `to:` was made to them.
    pub theirs: Vec<String>,
}

/// Completion candidates for the word at the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Where the replaced text starts and ends (bytes).
    pub start: usize,
    pub end: usize,
    /// (text inserted, label shown), best first.
    pub items: Vec<(String, String)>,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct QuickAdd {
    pub input: TextInput,
    /// The account a line without an @handle goes to (shown greyed).
    pub account: Option<Account>,
    pub follow_up: Option<FollowUp>,
    /// What Enter would save, or why it cannot; `None` for an empty line.
    pub preview: Option<Result<String, CaptureError>>,
    pub completion: Option<Completion>,
    recall_pos: Option<usize>,
    draft: String,
}

impl QuickAdd {
    pub fn new(text: &str, account: Option<Account>) -> Self {
        QuickAdd {
            input: TextInput::new(text),
            account,
            follow_up: None,
            preview: None,
            completion: None,
            recall_pos: None,
            draft: String::new(),
        }
    }

    /// The line handed to the grammar, and how far the typed text is
    /// shifted in it: a follow-up line is a commitment unless it starts
    /// with a verb of its own.
    pub fn line(&self) -> (String, usize) {
        let text = &self.input.text;
        if self.follow_up.is_some() {
            let first = text.split_whitespace().next().unwrap_or("");
            if verb_keys(first).is_none() {
                return (format!("commit {text}"), "commit ".len());
            }
        }
        (text.clone(), 0)
    }

    /// Walks back (`older`) or forward through the lines typed before;
    /// past the newest, the line being typed comes back.
    pub fn recall(&mut self, lines: &[String], older: bool) {
        if lines.is_empty() {
            return;
        }
        let pos = match (self.recall_pos, older) {
            (None, true) => {
                self.draft = self.input.text.clone();
                Some(lines.len() - 1)
            }
            (None, false) => None,
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) if p + 1 < lines.len() => Some(p + 1),
            (Some(_), false) => {
                self.recall_pos = None;
                let draft = std::mem::take(&mut self.draft);
                self.input.set(draft);
                return;
            }
        };
        if let Some(p) = pos {
            self.recall_pos = Some(p);
            self.input.set(lines[p].clone());
        }
    }

    /// Typing ends any completion in progress and any walk through history.
    pub fn edited(&mut self) {
        self.completion = None;
        self.recall_pos = None;
    }

    /// Steps the completion in progress; false when there is none to step.
    pub fn cycle(&mut self, forward: bool) -> bool {
        let Some(c) = &mut self.completion else {
            return false;
        };
        if c.items.len() < 2 || self.input.cursor != c.end {
            return c.items.len() == 1 && self.input.cursor == c.end;
        }
        let n = c.items.len();
        c.index = if forward {
            (c.index + 1) % n
        } else {
            (c.index + n - 1) % n
        };
        let (insert, _) = c.items[c.index].clone();
        self.input.text.replace_range(c.start..c.end, &insert);
        c.end = c.start + insert.len();
        self.input.cursor = c.end;
        true
    }

    /// Starts a completion with these candidates at `spot`, inserting the first.
    pub fn complete(&mut self, spot: &Spot, items: Vec<(String, String)>) {
        let Some((first, _)) = items.first().cloned() else {
            self.completion = None;
            return;
        };
        let end = self.input.cursor;
        self.input.text.replace_range(spot.start..end, &first);
        let end = spot.start + first.len();
        self.input.cursor = end;
        self.completion = Some(Completion {
            start: spot.start,
            end,
            items,
            index: 0,
        });
    }
}

/// What the word at the cursor can be completed with.
#[derive(Debug, Clone, PartialEq)]
pub enum Want {
    Verb,
    Handle,
    /// Attribute names (`due:`) and the bare words the verb takes.
    Word,
    /// A stakeholder of the account (`to:`, `with:`).
    Stakeholder,
    /// A person on our side (`by:`, `us:`).
    Person,
    Date,
    Metric,
    /// An open commitment's number.
    Commitment,
    Nothing,
}

/// The word at the cursor and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    pub want: Want,
    /// Where the completed text starts (bytes).
    pub start: usize,
    /// What is typed of it so far.
    pub prefix: String,
    /// The verb, canonical.
    pub verb: Option<&'static str>,
    /// The @handle the line names, if any.
    pub handle: Option<String>,
    /// For `key:value` words: the key, and the items before the last
    /// comma of a list (`with:Ana,Dr`).
    pub key: Option<String>,
    pub earlier: Vec<String>,
}

impl Spot {
    /// The text that replaces the word for a chosen candidate.
    pub fn insert(&self, candidate: &str) -> String {
        match &self.key {
            Some(key) => {
                let mut items = self.earlier.clone();
                items.push(candidate.to_string());
                let value = items.join(",");
                if value.contains(' ') {
                    format!("{key}:\"{value}\" ")
                } else {
                    format!("{key}:{value} ")
                }
            }
            None => match self.want {
                Want::Handle => format!("@{candidate} "),
                Want::Word if candidate.ends_with(':') => candidate.to_string(),
                _ => format!("{candidate} "),
            },
        }
    }
}

/// Splits on whitespace outside quotes: (start, word).
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        if matches!(c, '"' | '“' | '”') {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// Works out what the word ending at `cursor` is. `commit_implied` is set
/// for follow-up lines, which are commitments without the verb.
pub fn spot(line: &str, cursor: usize, commit_implied: bool) -> Spot {
    let before = &line[..cursor.min(line.len())];
    let all = words(before);
    let ends_in_space = before.ends_with(char::is_whitespace) || before.is_empty();
    let (start, word) = match all.last() {
        Some((s, w)) if !ends_in_space => (*s, *w),
        _ => (before.len(), ""),
    };
    let earlier: Vec<&str> = all
        .iter()
        .filter(|(s, _)| *s < start)
        .map(|(_, w)| *w)
        .collect();
    let mut verb = earlier.first().and_then(|w| verb_keys(w)).map(|v| v.0);
    let mut index = earlier.len();
    if commit_implied && verb.is_none() {
        verb = Some("commit");
        index += 1;
    }
    let handle = all
        .iter()
        .filter(|(s, _)| *s < start)
        .find_map(|(_, w)| w.strip_prefix('@'))
        .map(str::to_string);
    let mut spot = Spot {
        want: Want::Nothing,
        start,
        prefix: word.to_string(),
        verb,
        handle,
        key: None,
        earlier: vec![],
    };
    if index == 0 {
        spot.want = Want::Verb;
        return spot;
    }
    if let Some(rest) = word.strip_prefix('@') {
        spot.want = Want::Handle;
        spot.prefix = rest.to_string();
        return spot;
    }
    if let Some((key, value)) = word.split_once(':') {
        return attribute(spot, key, value);
    }
    // Words after the verb that are not @handles or attributes.
    let bare = earlier
        .iter()
        .skip(
            if commit_implied && verb_keys(earlier.first().copied().unwrap_or("")).is_none() {
                0
            } else {
                1
            },
        )
        .filter(|w| !w.starts_with('@') && !w.contains(':'))
        .count();
    spot.want = match verb {
        Some("measure") if bare == 0 => Want::Metric,
        Some("done" | "broken" | "drop" | "renegotiate") if bare == 0 => Want::Commitment,
        Some(_) => Want::Word,
        None => Want::Nothing,
    };
    spot
}

/// The spot in a `key:value` attribute: what its key wants, the items a
/// list already has.
fn attribute(mut spot: Spot, key: &str, value: &str) -> Spot {
    let key = key.to_ascii_lowercase();
    let value = value.trim_start_matches(['"', '“']);
    let (want, list) = match key.as_str() {
        "to" => (Want::Stakeholder, false),
        "with" => (Want::Stakeholder, true),
        "by" => (Want::Person, false),
        "us" => (Want::Person, true),
        "due" | "on" | "made" => (Want::Date, false),
        "kind" | "intent" => (Want::Word, false),
        _ => (Want::Nothing, false),
    };
    let mut items: Vec<String> = if list {
        value.split(',').map(|s| s.trim().to_string()).collect()
    } else {
        vec![value.to_string()]
    };
    spot.prefix = items.pop().unwrap_or_default();
    spot.earlier = items;
    spot.key = Some(key);
    spot.want = want;
    spot
}

/// The plain words a spot of kind `Word` can take for a verb.
pub fn words_for(spot: &Spot) -> Vec<String> {
    let Some(verb) = spot.verb else {
        return vec![];
    };
    match spot.key.as_deref() {
        Some("kind") => return VisitKind::ALL.iter().map(|k| k.word().into()).collect(),
        Some("intent") => return Intent::ALL.iter().map(|k| k.word().into()).collect(),
        _ => {}
    }
    let mut out: Vec<String> = verb_keys(verb)
        .map(|(_, keys)| keys.iter().map(|k| format!("{k}:")).collect())
        .unwrap_or_default();
    if verb == "visit" {
        out.extend(VisitKind::ALL.iter().map(|k| k.word().to_string()));
        out.extend(Intent::ALL.iter().map(|k| k.word().to_string()));
    }
    out
}

pub fn verbs() -> Vec<String> {
    VERBS.iter().map(|v| v.to_string()).collect()
}

/// Date words offered after `due:`, `on:` and `made:`.
pub const DATE_WORDS: &[&str] = &[
    "today",
    "tomorrow",
    "yesterday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "eow",
    "eom",
    "eoq",
    "+1w",
    "+2w",
    "+1m",
    "next-mon",
    "next-fri",
];

/// The lines typed before, oldest first, kept in a file so they survive
/// a restart. Losing it loses nothing of the field book.
#[derive(Debug, Clone, Default)]
pub struct Recall {
    path: Option<PathBuf>,
    pub lines: Vec<String>,
}

/// How many lines are kept.
const RECALL_DEPTH: usize = 500;

impl Recall {
    /// The half-typed line kept beside the database (`saydo.db.draft`).
    fn draft_path(&self) -> Option<PathBuf> {
        let p = self.path.as_ref()?;
        let name = p
            .file_name()?
            .to_string_lossy()
            .replace(".history", ".draft");
        Some(p.with_file_name(name))
    }

    /// Keeps `text` as the draft (private to the person); an empty line
    /// leaves none. Failures are quiet: the line is still on screen.
    pub fn keep_draft(&self, text: &str) {
        if let Some(p) = self.draft_path() {
            crate::files::keep_or_remove(&p, text);
        }
    }

    /// The draft a previous run left (killed, closed, interrupted).
    pub fn draft(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.draft_path()?).ok()?;
        (!text.trim().is_empty()).then_some(text)
    }

    /// A half-filled form, kept beside the line's draft (`saydo.db.form-draft`).
    fn form_draft_path(&self) -> Option<PathBuf> {
        let p = self.draft_path()?;
        Some(p.with_extension("form-draft"))
    }

    /// Keeps a form's draft (JSON); an empty one leaves none.
    pub fn keep_form_draft(&self, json: &str) {
        if let Some(p) = self.form_draft_path() {
            crate::files::keep_or_remove(&p, json);
        }
    }

    /// The form a previous run was filling in.
    pub fn form_draft(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.form_draft_path()?).ok()?;
        (!text.trim().is_empty()).then_some(text)
    }

    pub fn load(path: Option<PathBuf>) -> Self {
        let lines = path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| {
                let all: Vec<String> = t
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
                let skip = all.len().saturating_sub(RECALL_DEPTH);
                all.into_iter().skip(skip).collect()
            })
            .unwrap_or_default();
        Recall { path, lines }
    }

    /// Adds a line; a failure to write the file is returned for the
    /// status line but the line is kept for this session.
    pub fn push(&mut self, line: &str) -> Result<(), ExportError> {
        let line = line.replace('\n', " ");
        if self.lines.last() == Some(&line) || line.trim().is_empty() {
            return Ok(());
        }
        self.lines.push(line.clone());
        let Some(path) = &self.path else {
            return Ok(());
        };
        use std::io::Write;
        let mut f = crate::files::private_options()
            .create(true)
            .append(true)
            .open(path)
            .map_err(ExportError::file(path))?;
        writeln!(f, "{line}").map_err(ExportError::file(path))?;
        // Trimmed on disk too, not only when read: past twice the depth,
        // the file is written again with the lines kept.
        if self.lines.len() > RECALL_DEPTH * 2 {
            let keep = self.lines.split_off(self.lines.len() - RECALL_DEPTH);
            self.lines = keep;
            let text: String = self.lines.iter().map(|l| format!("{l}\n")).collect();
            crate::exchange::write_atomically(path, |w| Ok(w.write_all(text.as_bytes())?))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(line: &str) -> Spot {
        spot(line, line.len(), false)
    }

    #[test]
    fn the_history_file_is_trimmed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saydo.db.history");
        let mut r = Recall::load(Some(path.clone()));
        for i in 0..(RECALL_DEPTH * 2 + 5) {
            r.push(&format!("commit @mercy line {i} due:fri")).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(on_disk <= RECALL_DEPTH * 2, "{on_disk} lines on disk");
        let again = Recall::load(Some(path));
        assert_eq!(again.lines.last(), r.lines.last());
    }

    #[test]
    fn knows_what_the_word_at_the_cursor_is() {
        assert_eq!(at_end("").want, Want::Verb);
        assert_eq!(at_end("com").want, Want::Verb);
        let s = at_end("commit @mer");
        assert_eq!(
            (s.want.clone(), s.prefix.as_str(), s.start),
            (Want::Handle, "mer", 7)
        );
        assert_eq!(s.insert("mercy"), "@mercy ");
        let s = at_end("commit @mercy Send it to:\"Dr L");
        assert_eq!(
            (s.want.clone(), s.prefix.as_str()),
            (Want::Stakeholder, "Dr L")
        );
        assert_eq!(s.handle.as_deref(), Some("mercy"));
        assert_eq!(s.insert("Dr Lee"), "to:\"Dr Lee\" ");
        let s = at_end("visit @mercy with:Ana,Dr");
        assert_eq!(s.earlier, vec!["Ana"]);
        assert_eq!(s.insert("Dr Lee"), "with:\"Ana,Dr Lee\" ");
        assert_eq!(at_end("commit @mercy Send it due:fr").want, Want::Date);
        assert_eq!(at_end("measure @mercy door").want, Want::Metric);
        assert_eq!(at_end("measure door").want, Want::Metric);
        assert_eq!(at_end("measure @mercy door 42").want, Want::Word);
        assert_eq!(at_end("done ").want, Want::Commitment);
        assert_eq!(at_end("done 17 ").want, Want::Word);
        let s = at_end("commit Send it d");
        assert_eq!(s.want, Want::Word);
        assert!(words_for(&s).contains(&"due:".to_string()));
        assert_eq!(s.insert("due:"), "due:");
        let s = spot("Send it to:", 11, true);
        assert_eq!((s.want, s.verb), (Want::Stakeholder, Some("commit")));
    }

    #[test]
    fn completion_cycles_through_candidates() {
        let mut q = QuickAdd::new("commit @me", None);
        let s = at_end(&q.input.text);
        q.complete(
            &s,
            vec![
                ("@mercy ".into(), "Mercy".into()),
                ("@memorial ".into(), "Memorial".into()),
            ],
        );
        assert_eq!(q.input.text, "commit @mercy ");
        assert!(q.cycle(true));
        assert_eq!(q.input.text, "commit @memorial ");
        assert!(q.cycle(true));
        assert_eq!(q.input.text, "commit @mercy ");
    }

    #[test]
    fn recall_walks_back_and_returns_the_draft() {
        let lines = vec!["done 1".to_string(), "done 2".to_string()];
        let mut q = QuickAdd::new("commit half", None);
        q.recall(&lines, true);
        assert_eq!(q.input.text, "done 2");
        q.recall(&lines, true);
        q.recall(&lines, true);
        assert_eq!(q.input.text, "done 1");
        q.recall(&lines, false);
        q.recall(&lines, false);
        assert_eq!(q.input.text, "commit half");
    }

    #[test]
    fn follow_up_lines_are_commitments() {
        let mut q = QuickAdd::new("Send the report due:fri", None);
        q.follow_up = Some(FollowUp {
            visit: 3,
            theirs: vec![],
        });
        assert_eq!(q.line(), ("commit Send the report due:fri".into(), 7));
        q.input.set("done 4");
        assert_eq!(q.line(), ("done 4".into(), 0));
    }
}
