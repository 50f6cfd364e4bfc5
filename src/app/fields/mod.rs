//! A form: typed fields, checked as the user leaves each one and again on
//! submit. Nothing typed is ever thrown away by a failed check; the
//! message sits next to the field. What each record's form holds is in forms.rs.

use super::input::TextInput;
use crate::capture::resolve::rank;
use crate::domain::dates::{parse_date_in, parse_past_date_in, short};
use crate::domain::key_dates::Anchors;
use crate::domain::text::fold;
use crate::domain::Date;
use crate::key::{KeyCode, KeyEvent, KeyModifiers};
use crate::rules::Field as RuleField;

/// Names a form's field whatever its label says: a field of the record as
/// the rules name it (so a refusal lands beside its input without matching
/// words), or one only a form has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    Of(RuleField),
    /// The n-th answer of a stage's checklist (from 0).
    Answer(usize),
    /// The n-th dimension of the maturity scale (from 0).
    Dimension(usize),
    VisitEvery,
    StageTakes,
    PausedUntil,
    /// Speaks to peers at other customers.
    Peers,
    Intended,
    Calculation,
    DataSource,
    MeasuredBy,
    SaidBy,
    Valued,
    Outcome,
    SettledOn,
    NextRenewal,
    Format,
    Covers,
    /// Where an export goes.
    Path,
}

/// What a form's fields could not make: the field at fault and why.
pub type Refused = (FieldId, String);

impl From<RuleField> for FieldId {
    fn from(f: RuleField) -> FieldId {
        FieldId::Of(f)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    /// Several lines; Enter starts a new one.
    Notes,
    /// A date in the quick-add words (fri, +2w, 2026-12-01…).
    Date,
    /// A date that cannot be ahead (when something happened): `fri` is
    /// last Friday.
    PastDate,
    /// An account's key dates: `golive=2026-03-02, kickoff=2026-01-12`.
    KeyDates,
    /// One of a closed list: ←/→ or Space step through it, a letter jumps.
    Choice(Vec<String>),
    /// A number, shown with its unit.
    Number {
        unit: String,
    },
    /// A name from `options` (fuzzy, Tab completes); with `list`, several
    /// separated by commas; with `free`, names not in the list are kept.
    Pick {
        options: Vec<String>,
        list: bool,
        free: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextInput,
    pub required: bool,
    pub error: Option<String>,
    /// Typed into since it got the focus: only then does Tab complete,
    /// so tabbing past a name never changes it.
    pub typed: bool,
    /// A line shown above the field: the question it answers.
    pub hint: Option<String>,
}

impl Field {
    /// The date typed in a date field, looking back when it cannot be
    /// ahead; `golive+30d` counts from the account's key date.
    fn parse_date(
        &self,
        v: &str,
        today: Date,
        anchors: Option<&Anchors>,
    ) -> Result<Date, crate::domain::dates::DateError> {
        if self.kind == FieldKind::PastDate {
            parse_past_date_in(v, today, anchors)
        } else {
            parse_date_in(v, today, anchors)
        }
    }

    pub fn new(
        id: impl Into<FieldId>,
        label: &'static str,
        kind: FieldKind,
        value: impl Into<String>,
    ) -> Field {
        Field {
            id: id.into(),
            label,
            kind,
            input: TextInput::new(value),
            required: false,
            error: None,
            typed: false,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn value(&self) -> &str {
        self.input.text.trim()
    }

    /// Checks the field: `Ok` with a note to show beside it (a date's
    /// weekday), or what is wrong and what would be right.
    pub fn check(&self, today: Date) -> Result<Option<String>, crate::domain::Invalid> {
        self.check_in(today, None)
    }

    /// As [`Field::check`], dates counting from the account's key dates.
    pub fn check_in(
        &self,
        today: Date,
        anchors: Option<&Anchors>,
    ) -> Result<Option<String>, crate::domain::Invalid> {
        let v = self.value();
        if v.is_empty() {
            return match (&self.kind, self.required) {
                (FieldKind::Choice(options), true) => Err(format!(
                    "choose the {}: {} (←/→ or its first letter)",
                    self.label.to_lowercase(),
                    options.join(" or ")
                )
                .into()),
                (_, true) => Err(format!("{} is needed", self.label.to_lowercase()).into()),
                _ => Ok(None),
            };
        }
        match &self.kind {
            FieldKind::Text | FieldKind::Notes => Ok(None),
            FieldKind::Date | FieldKind::PastDate => self
                .parse_date(v, today, anchors)
                .map(|d| Some(format!("{} {}", short(d), d.year())))
                .map_err(|e| match e {
                    crate::domain::dates::DateError::NotADate => {
                        format!("`{v}`: not a date; try today, fri, +3d, eom, 2026-12-01").into()
                    }
                    e => format!("`{v}`: {e}").into(),
                }),
            FieldKind::KeyDates => crate::domain::key_dates::parse(v, today)
                .map(|list| Some(crate::domain::key_dates::shown(&list, today))),
            FieldKind::Number { unit } => number(v, unit).map(|_| None).ok_or_else(|| {
                format!(
                    "`{v}`: not a number; e.g. 42 or 3.5{}",
                    if unit.is_empty() {
                        String::new()
                    } else {
                        format!(" ({unit})")
                    }
                )
                .into()
            }),
            FieldKind::Choice(options) => {
                if options.iter().any(|o| o.eq_ignore_ascii_case(v)) {
                    Ok(None)
                } else {
                    Err(format!("`{v}`: choose one of {}", options.join(", ")).into())
                }
            }
            FieldKind::Pick { options, free, .. } => {
                if *free {
                    return Ok(None);
                }
                for item in self.items() {
                    if !options.iter().any(|o| o.eq_ignore_ascii_case(&item)) {
                        return Err(
                            format!("`{item}`: not one of the choices; Tab completes").into()
                        );
                    }
                }
                Ok(None)
            }
        }
    }

    /// The names in a list field, trimmed, empty ones left out.
    pub fn items(&self) -> Vec<String> {
        match &self.kind {
            FieldKind::Pick { list: true, .. } => self
                .value()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            _ if self.value().is_empty() => vec![],
            _ => vec![self.value().to_string()],
        }
    }

    /// The part being typed: for a list, the text after the last comma.
    fn typing(&self) -> &str {
        match &self.kind {
            FieldKind::Pick { list: true, .. } => {
                self.input.text.rsplit(',').next().unwrap_or("").trim()
            }
            _ => self.value(),
        }
    }

    /// The options that match what is being typed, best first.
    pub fn suggestions(&self) -> Vec<String> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return vec![];
        };
        let typing = self.typing();
        let chosen = self.items();
        let open: Vec<&String> = options
            .iter()
            .filter(|o| {
                !chosen.iter().any(|c| c.eq_ignore_ascii_case(o)) || o.eq_ignore_ascii_case(typing)
            })
            .collect();
        if typing.is_empty() {
            return open.into_iter().take(8).cloned().collect();
        }
        rank(typing, &open, |o| vec![o.to_string()])
            .into_iter()
            .take(8)
            .map(|(_, o)| (*o).clone())
            .collect()
    }

    /// Replaces what is being typed with the best suggestion; false when
    /// there is nothing to complete (the text is already a choice).
    fn complete(&mut self) -> bool {
        if !self.typed {
            return false;
        }
        let typing = self.typing().to_string();
        if typing.is_empty() {
            return false;
        }
        let Some(best) = self.suggestions().into_iter().next() else {
            return false;
        };
        if best == typing {
            return false;
        }
        let text = match &self.kind {
            FieldKind::Pick { list: true, .. } => {
                let mut items: Vec<String> = self
                    .input
                    .text
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect();
                items.pop();
                items.push(best);
                items.join(", ")
            }
            _ => best,
        };
        self.input.set(text);
        self.typed = false;
        true
    }

    fn step_choice(&mut self, forward: bool) {
        let FieldKind::Choice(options) = &self.kind else {
            return;
        };
        if options.is_empty() {
            return;
        }
        let at = options
            .iter()
            .position(|o| o.eq_ignore_ascii_case(self.value()));
        let n = options.len();
        let next = match at {
            None => 0,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.input.set(options[next].clone());
    }

    /// The next option starting with `c` after the current one.
    fn jump_choice(&mut self, c: char) {
        let FieldKind::Choice(options) = &self.kind else {
            return;
        };
        let at = options
            .iter()
            .position(|o| o.eq_ignore_ascii_case(self.value()))
            .unwrap_or(usize::MAX);
        let c = fold(&c.to_string());
        let n = options.len();
        for step in 1..=n {
            let i = at.wrapping_add(step) % n;
            if fold(&options[i]).starts_with(&c) {
                self.input.set(options[i].clone());
                return;
            }
        }
    }
}

/// A number as typed, with the unit allowed after it ("42 min").
pub fn number(v: &str, unit: &str) -> Option<f64> {
    let v = v.trim();
    let v = if !unit.is_empty() {
        v.strip_suffix(unit).unwrap_or(v).trim()
    } else {
        v
    };
    let v = v.trim_end_matches('%').replace('_', "");
    v.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[derive(Debug, Clone)]
pub struct Form<T> {
    pub title: String,
    /// What the form makes or changes.
    pub target: T,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form (what the store refused).
    pub error: Option<String>,
    /// Esc on a changed form asks first.
    pub confirm_discard: bool,
    /// A question asked about what was typed (a value far from the others,
    /// a name another account has): saving again as it is answers yes.
    pub questioned: Option<String>,
    /// Shown under the notes: what their `>` lines will make or change
    /// when the form is saved.
    pub notes_preview: Vec<String>,
    /// The account's key dates, for dates typed as `golive+30d`.
    pub anchors: Option<Anchors>,
    original: Vec<String>,
}

impl<T> Form<T> {
    pub fn new(title: impl Into<String>, target: T, fields: Vec<Field>) -> Self {
        let original = fields.iter().map(|f| f.input.text.clone()).collect();
        Form {
            title: title.into(),
            target,
            fields,
            focus: 0,
            error: None,
            confirm_discard: false,
            questioned: None,
            notes_preview: Vec::new(),
            anchors: None,
            original,
        }
    }

    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.original)
            .any(|(f, o)| f.input.text != *o)
    }

    pub fn field(&self, id: impl Into<FieldId>) -> Option<&Field> {
        let id = id.into();
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: impl Into<FieldId>) -> Option<&mut Field> {
        let id = id.into();
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// A field's text, trimmed; empty when the form has no such field.
    pub fn text(&self, id: impl Into<FieldId>) -> String {
        self.field(id)
            .map_or(String::new(), |f| f.value().to_string())
    }

    /// A field's text as typed, only trimmed at its ends (notes keep
    /// their inner lines).
    pub fn notes(&self, id: impl Into<FieldId>) -> String {
        self.field(id)
            .map_or(String::new(), |f| f.input.text.trim().to_string())
    }

    /// A date field's date (checked fields parse).
    pub fn date(&self, id: impl Into<FieldId>, today: Date) -> Option<Date> {
        let f = self.field(id)?;
        let v = f.value();
        (!v.is_empty())
            .then(|| f.parse_date(v, today, self.anchors.as_ref()).ok())
            .flatten()
    }

    pub fn number(&self, id: impl Into<FieldId>) -> Option<f64> {
        let f = self.field(id)?;
        let unit = match &f.kind {
            FieldKind::Number { unit } => unit.as_str(),
            _ => "",
        };
        number(f.value(), unit)
    }

    pub fn items(&self, id: impl Into<FieldId>) -> Vec<String> {
        self.field(id).map_or(Vec::new(), Field::items)
    }

    /// Checks the focused field and moves the focus.
    pub fn move_focus(&mut self, forward: bool, today: Date) {
        self.check_field(self.focus, today);
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.typed = false;
        }
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    fn check_field(&mut self, i: usize, today: Date) {
        if let Some(f) = self.fields.get_mut(i) {
            f.error = f
                .check_in(today, self.anchors.as_ref())
                .err()
                .map(String::from);
        }
    }

    /// Checks every field; the first one in error gets the focus.
    pub fn check_all(&mut self, today: Date) -> bool {
        for i in 0..self.fields.len() {
            self.check_field(i, today);
        }
        match self.fields.iter().position(|f| f.error.is_some()) {
            Some(i) => {
                self.focus = i;
                false
            }
            None => true,
        }
    }

    /// Puts a message on a field and focuses it; on the whole form when
    /// it has no such field.
    pub fn fail_at(&mut self, id: impl Into<FieldId>, message: String) {
        let id = id.into();
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.fields[i].error = Some(message);
            self.focus = i;
        } else {
            self.error = Some(message);
        }
    }

    /// Tab: completes a pick field's name first, then moves on.
    pub fn tab(&mut self, forward: bool, today: Date) {
        if forward {
            if let Some(f) = self.fields.get_mut(self.focus) {
                if f.complete() {
                    return;
                }
            }
        }
        self.move_focus(forward, today);
    }

    /// A key for the focused field; false when the field has no use for it.
    pub fn key(&mut self, e: &KeyEvent) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        f.error = None;
        self.error = None;
        let plain = !e
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let FieldKind::Choice(_) = f.kind {
            match e.code {
                KeyCode::Right | KeyCode::Char(' ') => f.step_choice(true),
                KeyCode::Left => f.step_choice(false),
                KeyCode::Char(c) if plain => f.jump_choice(c),
                _ => return false,
            }
            return true;
        }
        let multiline = f.kind == FieldKind::Notes;
        let used = f.input.handle(e, multiline);
        f.typed |= used;
        used
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }
}

#[cfg(test)]
mod tests;
