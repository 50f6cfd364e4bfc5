//! Keys → actions, per screen. The bindings are data with a description
//! each (the help screen is generated from them), and the config's `[keys]`
//! replaces the keys of single actions.

mod defaults;
mod key_names;
mod spec;
#[cfg(test)]
mod tests;

use crate::action::Action;
use crate::key::KeyCode;
pub use defaults::hints;
use defaults::{CONDITIONAL, DEFAULTS};
pub use key_names::Key;
pub use spec::KeySpec;
use std::collections::{BTreeMap, HashMap};

/// Where a binding applies. `Global` bindings work on every screen that
/// does not bind the same key itself; text fields take plain characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    /// The empty database's first screen.
    Welcome,
    Portfolio,
    Account,
    Attention,
    Directors,
    Lifecycle,
    Signals,
    Trends,
    /// The team book: sync standing and conflicts.
    Team,
    /// The business partners and their KPIs.
    Partners,
    /// Engagement maturity as a heat table.
    Maturity,
    /// A text field: the filter or the finder's query.
    Input,
    Help,
    /// The quick-add bar.
    Bar,
    Form,
    /// A yes/no question.
    Confirm,
    /// A metric's measurements.
    Measurements,
}

impl Context {
    /// Text fields, questions and boxes over a screen take only their own
    /// keys: a letter typed there is text, not a command.
    pub fn own_keys_only(self) -> bool {
        matches!(
            self,
            Context::Input
                | Context::Help
                | Context::Bar
                | Context::Form
                | Context::Confirm
                | Context::Measurements
        )
    }

    /// Where typing happens: a printable key there is text, so no
    /// override may take it.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Input | Context::Bar | Context::Form)
    }

    /// Every context, in the help's order.
    pub const ALL: [Context; 18] = [
        Context::Global,
        Context::Welcome,
        Context::Portfolio,
        Context::Account,
        Context::Attention,
        Context::Directors,
        Context::Lifecycle,
        Context::Signals,
        Context::Trends,
        Context::Team,
        Context::Partners,
        Context::Maturity,
        Context::Input,
        Context::Help,
        Context::Bar,
        Context::Form,
        Context::Confirm,
        Context::Measurements,
    ];

    /// The name of its table in the config: `[keys.portfolio]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "everywhere",
            Context::Welcome => "welcome",
            Context::Portfolio => "portfolio",
            Context::Account => "account",
            Context::Attention => "attention",
            Context::Directors => "directors",
            Context::Lifecycle => "lifecycle",
            Context::Signals => "signals",
            Context::Trends => "trends",
            Context::Team => "team",
            Context::Partners => "partners",
            Context::Maturity => "maturity",
            Context::Input => "filter",
            Context::Help => "help",
            Context::Bar => "bar",
            Context::Form => "form",
            Context::Confirm => "question",
            Context::Measurements => "measurements",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Welcome => "Welcome",
            Context::Portfolio => "Portfolio",
            Context::Account => "Account",
            Context::Attention => "Attention",
            Context::Directors => "Directors",
            Context::Lifecycle => "Lifecycle",
            Context::Signals => "Signals inbox",
            Context::Trends => "Trends",
            Context::Team => "Team book",
            Context::Partners => "Business partners",
            Context::Maturity => "Engagement maturity",
            Context::Input => "Typing in a field",
            Context::Help => "Help",
            Context::Bar => "Typing a quick-add line",
            Context::Form => "Filling a form",
            Context::Confirm => "Answering a question",
            Context::Measurements => "A metric's measurements",
        }
    }
}

/// When a binding holds within its context. Bindings are data, and so is
/// their one exception: Enter saves a form except in a notes field, where
/// it starts a new line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    #[default]
    Always,
    OutsideNotes,
}

/// What a binding's condition may ask about where the person is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Situation {
    /// The focus is in a field of several lines.
    pub in_notes: bool,
}

impl When {
    fn holds(self, at: Situation) -> bool {
        match self {
            When::Always => true,
            When::OutsideNotes => !at.in_notes,
        }
    }

    /// How the help says it, after the key.
    fn describe(self) -> &'static str {
        match self {
            When::Always => "",
            When::OutsideNotes => " (not in notes)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
    pub when: When,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        let always = DEFAULTS
            .iter()
            .flat_map(|(c, keys, a)| keys.iter().map(move |k| (*c, *k, *a, When::Always)));
        // The conditional ones first: a hint names the first key bound.
        for (context, k, action, when) in CONDITIONAL.iter().copied().chain(always) {
            let key = Key::parse(k).unwrap_or_else(|e| panic!("default binding {k}: {e}"));
            bindings.push(Binding {
                context,
                key,
                action,
                when,
            });
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` laid over them: each named
    /// action gets exactly the keys given, in every screen it was bound in;
    /// a screen's own table (`[keys.portfolio]`) then changes that screen
    /// only. Problems are returned as messages; the rest of the map still
    /// applies.
    pub fn with_overrides(overrides: &BTreeMap<String, KeySpec>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        let mut given = HashMap::new();
        for (name, spec) in overrides {
            if !matches!(spec, KeySpec::Table(_)) {
                map.apply(None, name, spec, &mut given, &mut problems);
            }
        }
        for (name, spec) in overrides {
            let KeySpec::Table(table) = spec else {
                continue;
            };
            let Some(context) = Context::from_name(name) else {
                problems.push(format!(
                    "[keys.{name}]: no such screen; a table is one of {}, or put the action in [keys] itself",
                    Context::ALL[1..].iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
                ));
                continue;
            };
            for (action, spec) in table {
                map.apply(Some(context), action, spec, &mut given, &mut problems);
            }
        }
        (map, problems)
    }

    /// One override: `name`'s keys in `only` that context, or wherever
    /// it was bound. `given` is what the overrides gave so far, so two
    /// actions asking for one key in one place are told of.
    fn apply(
        &mut self,
        only: Option<Context>,
        name: &str,
        spec: &KeySpec,
        given: &mut HashMap<(Context, Key), Action>,
        problems: &mut Vec<String>,
    ) {
        let table = only.map_or("[keys]".to_string(), |c| format!("[keys.{}]", c.name()));
        let Some(action) = Action::from_name(name) else {
            problems.push(format!("{table} `{name}`: not an action; e.g. quit, help, finder, filter, sort (see the help screen)"));
            return;
        };
        let mut keys = parse_keys(&table, name, spec, problems);
        let printable = |k: &Key| matches!(k.code, KeyCode::Char(_)) && !k.ctrl && !k.alt;
        let contexts: Vec<Context> = match only {
            Some(c) if c.takes_text() && keys.iter().any(printable) => {
                problems.push(format!(
                    "{table} {name}: a letter there is typed, not pressed; give a key that is no text (ctrl-…, alt-…, f1…f12)"
                ));
                keys.retain(|k| !printable(k));
                vec![c]
            }
            Some(c) => vec![c],
            None => self.contexts_of(action),
        };
        if keys.is_empty() {
            return;
        }
        let ctrl_c = |k: &Key| k.code == KeyCode::Char('c') && k.ctrl && !k.alt;
        for context in contexts {
            // A letter typed in a text field stays a letter; there the
            // action keeps its own keys unless a key that is no text
            // (ctrl-…, F-keys) takes over.
            let keys: Vec<Key> = keys
                .iter()
                .copied()
                .filter(|k| !(context.takes_text() && printable(k)))
                .collect();
            if keys.is_empty() {
                continue;
            }
            // Ctrl-C quits wherever it did, whatever else quits too: it
            // is the terminal's own way out.
            self.bindings.retain(|b| {
                b.context != context
                    || b.action != action
                    || (action == Action::Quit && ctrl_c(&b.key))
            });
            for key in &keys {
                if let Some(other) = given
                    .insert((context, *key), action)
                    .filter(|a| *a != action)
                {
                    problems.push(format!(
                        "{table} {name}: {key} is given to {} too in {}; {name} has it",
                        other.name(),
                        context.title()
                    ));
                }
                // The new key takes over from whatever had it there.
                self.bindings
                    .retain(|b| !(b.context == context && b.key == *key));
                self.bindings.push(Binding {
                    context,
                    key: *key,
                    action,
                    when: When::Always,
                });
            }
        }
    }

    /// Where an action is bound; everywhere when nowhere yet.
    fn contexts_of(&self, action: Action) -> Vec<Context> {
        let mut c: Vec<Context> = self
            .bindings
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.context)
            .collect();
        c.sort();
        c.dedup();
        if c.is_empty() {
            vec![Context::Global]
        } else {
            c
        }
    }

    /// The action for a key in a screen: the screen's own bindings first,
    /// then the global ones (except in text fields and help, which only
    /// take their own).
    pub fn resolve(&self, context: Context, key: Key) -> Option<Action> {
        self.resolve_at(context, key, Situation::default())
    }

    /// The action for a key where the person is: a conditional binding
    /// holds only when its condition does.
    pub fn resolve_at(&self, context: Context, key: Key, at: Situation) -> Option<Action> {
        let own = self
            .bindings
            .iter()
            .find(|b| b.context == context && b.key == key && b.when.holds(at));
        if let Some(b) = own {
            return Some(b.action);
        }
        if context.own_keys_only() {
            return None;
        }
        self.bindings
            .iter()
            .find(|b| b.context == Context::Global && b.key == key)
            .map(|b| b.action)
    }

    /// What the help screen lists for a screen: its own bindings, then the
    /// global ones it does not shadow, one line per action.
    pub fn help(&self, context: Context) -> Vec<(Context, String, Action)> {
        let mut out: Vec<(Context, String, Action)> = Vec::new();
        let mut contexts = vec![context];
        if !context.own_keys_only() {
            contexts.push(Context::Global);
        }
        for c in contexts {
            for action in Action::ALL {
                let keys: Vec<String> = self
                    .bindings
                    .iter()
                    .filter(|b| b.context == c && b.action == *action)
                    .filter(|b| c == context || self.resolve(context, b.key) == Some(*action))
                    .map(|b| format!("{}{}", b.key, b.when.describe()))
                    .collect();
                if !keys.is_empty() {
                    out.push((c, keys.join(" "), *action));
                }
            }
        }
        out
    }

    /// The help screen's lines for a screen, in order: its keys, the
    /// global ones, and on the portfolio the filter's. The nine column keys
    /// read as one line.
    pub fn help_rows(&self, context: Context) -> Vec<HelpRow> {
        let mut rows = Vec::new();
        let mut last = None;
        let mut add = |rows: &mut Vec<HelpRow>, c: Context, keys: String, action: Action| {
            if last != Some(c) {
                if last.is_some() {
                    rows.push(HelpRow::Gap);
                }
                rows.push(HelpRow::Keys(c));
                last = Some(c);
            }
            let (keys, what, name) = match action {
                Action::SortBy1 => (
                    "1…9".to_string(),
                    "sort by that column, counted from the left (again: the other way)",
                    "sort-first … sort-ninth",
                ),
                Action::SortBy2
                | Action::SortBy3
                | Action::SortBy4
                | Action::SortBy5
                | Action::SortBy6
                | Action::SortBy7
                | Action::SortBy8
                | Action::SortBy9 => return,
                _ => (keys, action.description(), action.name()),
            };
            rows.push(HelpRow::Key(keys, what, name));
        };
        for (c, keys, action) in self.help(context) {
            add(&mut rows, c, keys, action);
        }
        if context == Context::Portfolio {
            rows.push(HelpRow::Gap);
            rows.push(HelpRow::Title("Typing in the filter"));
            for (_, keys, action) in self.help(Context::Input) {
                rows.push(HelpRow::Key(keys, action.description(), action.name()));
            }
        }
        if context == Context::Account {
            rows.push(HelpRow::Gap);
            rows.push(HelpRow::Title("Writing a visit's notes"));
            rows.push(HelpRow::Note(
                "a line starting with > is a commitment made in the visit: > send the report due:fri",
            ));
            rows.push(HelpRow::Note(
                "saving makes it (its preview shows under the notes); changing the line later changes it",
            ));
            rows.push(HelpRow::Note(
                "once its commitments are resolved, Attention asks for feedback: e on the visit keeps it",
            ));
        }
        if matches!(context, Context::Account | Context::Portfolio) {
            rows.push(HelpRow::Gap);
            rows.push(HelpRow::Title("Dates in a line or a form"));
            rows.push(HelpRow::Note(
                "today, fri, next fri, eow, eom, eoq, +3d, +2w, -1w, 2026-12-01, 12-01",
            ));
            rows.push(HelpRow::Note(
                "from the account's key dates: due:golive+30d, due:renewal-90d, on:kickoff",
            ));
            rows.push(HelpRow::Note(
                "key dates are kept in the account's form (Key dates: golive=2026-03-02, kickoff=…)",
            ));
        }
        rows
    }

    /// The first key bound to an action in a screen, for hints.
    pub fn key_for(&self, context: Context, action: Action) -> Option<Key> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .or_else(|| {
                self.bindings
                    .iter()
                    .find(|b| b.context == Context::Global && b.action == action)
            })
            .map(|b| b.key)
    }
}

/// The keys `spec` gives `name`; each one that cannot be read is a problem.
fn parse_keys(table: &str, name: &str, spec: &KeySpec, problems: &mut Vec<String>) -> Vec<Key> {
    let mut keys = Vec::new();
    for k in spec.keys() {
        match Key::parse(k) {
            Ok(key) => keys.push(key),
            Err(e) => problems.push(format!("{table} {name}: {e}")),
        }
    }
    if matches!(spec, KeySpec::Table(_)) {
        problems.push(format!(
            "{table} {name}: give a key or a list of keys, not a table"
        ));
    }
    keys
}

/// A line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Gap,
    /// The head of a context's keys: its title and the config table that
    /// changes them there (`[keys.portfolio]`).
    Keys(Context),
    Title(&'static str),
    /// The keys, what they do, and the action's name (what `[keys]` in
    /// the config takes).
    Key(String, &'static str, &'static str),
    /// A line of text: what no key does, but is good to know there.
    Note(&'static str),
}
