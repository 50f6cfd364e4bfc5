//! Keys → actions, per screen. The bindings are data with a description
//! each (the help screen is generated from them), and the config's `[keys]`
//! replaces the keys of single actions.

use crate::action::Action;
use crate::key::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        // Shift is part of the character for letters and symbols, and of
        // the code for BackTab; keep it out so "S" matches Shift+s.
        Key {
            code: match e.code {
                KeyCode::Char(c) => KeyCode::Char(c),
                other => other,
            },
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses "q", "Q", "ctrl-p", "enter", "shift-tab", "pgdn", "f1", "space"…
    pub fn parse(s: &str) -> Result<Key, String> {
        let bad = || {
            format!("`{s}`: not a key; e.g. q, Q, ctrl-p, enter, esc, tab, shift-tab, up, pgdn, f1, space")
        };
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s.trim();
        if rest.is_empty() {
            return Err(bad());
        }
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 2 && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+")) {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 2 && (lower.starts_with("alt-") || lower.starts_with("alt+")) {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" | "shift+tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => return Err(bad()),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
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

/// The defaults: (context, keys, action).
const DEFAULTS: &[(Context, &[&str], Action)] = {
    use Action as A;
    use Context as C;
    &[
        (C::Global, &["Q", "ctrl-c"], A::Quit),
        (C::Global, &["q"], A::Back),
        (C::Global, &["esc"], A::Escape),
        (C::Global, &["?", "f1"], A::Help),
        (C::Global, &["ctrl-p"], A::Finder),
        (C::Global, &[":"], A::Command),
        (C::Global, &["H"], A::Portfolio),
        (C::Global, &["!"], A::Attention),
        (C::Global, &["P"], A::Directors),
        (C::Global, &["L"], A::Lifecycle),
        (C::Global, &["I"], A::Signals),
        (C::Global, &["T"], A::Trends),
        (C::Global, &["Y"], A::Team),
        (C::Global, &["B"], A::Partners),
        (C::Global, &["U"], A::Maturity),
        (C::Maturity, &["b"], A::Group),
        (C::Partners, &["n"], A::New),
        (C::Partners, &["e"], A::Edit),
        (C::Partners, &["X", "delete"], A::Remove),
        (C::Team, &["m"], A::KeepMine),
        (C::Team, &["t"], A::KeepTheirs),
        (C::Account, &["y"], A::History),
        (C::Global, &["j", "down"], A::Down),
        (C::Global, &["k", "up"], A::Up),
        (C::Global, &["pgdn", "ctrl-d"], A::PageDown),
        (C::Global, &["pgup", "ctrl-u"], A::PageUp),
        (C::Global, &["g", "home"], A::Top),
        (C::Global, &["G", "end"], A::Bottom),
        (C::Global, &["enter"], A::Open),
        (C::Global, &["ctrl-l", "f5"], A::Refresh),
        (C::Global, &["ctrl-z"], A::Suspend),
        (C::Global, &["a"], A::QuickAdd),
        (C::Global, &["u"], A::Undo),
        (C::Global, &["ctrl-r"], A::Redo),
        (C::Global, &["ctrl-e"], A::Export),
        (C::Welcome, &["d"], A::LoadDemo),
        (C::Welcome, &["a", "n"], A::New),
        (C::Portfolio, &["n"], A::New),
        (C::Portfolio, &["e"], A::Edit),
        (C::Portfolio, &["A"], A::Archive),
        (C::Portfolio, &["v"], A::LogVisit),
        (C::Portfolio, &["c"], A::NewCommitment),
        (C::Account, &["n"], A::New),
        (C::Account, &["e"], A::Edit),
        (C::Account, &["E"], A::EditAccount),
        (C::Account, &["X", "delete"], A::Remove),
        (C::Account, &["A"], A::Archive),
        (C::Account, &["s"], A::MoveStage),
        (C::Account, &["R"], A::SettleRenewal),
        (C::Account, &["C"], A::Checklist),
        (C::Account, &["="], A::Assess),
        (C::Account, &["v"], A::LogVisit),
        (C::Account, &["c"], A::NewCommitment),
        (C::Account, &["m"], A::Measure),
        (C::Account, &["M"], A::Measurements),
        (C::Account, &["d"], A::Kept),
        (C::Account, &["D"], A::KeptOn),
        (C::Account, &["b"], A::Broken),
        (C::Account, &["r"], A::Renegotiate),
        (C::Account, &["x"], A::DropCommitment),
        (C::Bar, &["enter"], A::Save),
        (C::Bar, &["esc"], A::Back),
        (C::Bar, &["tab"], A::Complete),
        (C::Bar, &["shift-tab"], A::CompleteBack),
        (C::Bar, &["up", "ctrl-p"], A::Older),
        (C::Bar, &["down", "ctrl-n"], A::Newer),
        (C::Bar, &["ctrl-c"], A::Interrupt),
        (C::Bar, &["ctrl-z"], A::Suspend),
        (C::Form, &["ctrl-s"], A::Save),
        (C::Form, &["esc"], A::Back),
        (C::Form, &["tab", "down"], A::NextField),
        (C::Form, &["shift-tab", "up"], A::PrevField),
        (C::Form, &["ctrl-c"], A::Interrupt),
        (C::Form, &["ctrl-z"], A::Suspend),
        (C::Form, &["ctrl-o"], A::EditOutside),
        (C::Confirm, &["y", "enter"], A::Yes),
        (C::Confirm, &["n", "esc", "q"], A::Back),
        (C::Confirm, &["ctrl-c"], A::Quit),
        (C::Measurements, &["j", "down"], A::Down),
        (C::Measurements, &["k", "up"], A::Up),
        (C::Measurements, &["n", "m"], A::New),
        (C::Measurements, &["e", "enter"], A::Edit),
        (C::Measurements, &["X", "delete"], A::Remove),
        (C::Measurements, &["esc", "q"], A::Back),
        (C::Measurements, &["Q"], A::Quit),
        (C::Portfolio, &["/"], A::Filter),
        (C::Portfolio, &["m"], A::Scope),
        (C::Portfolio, &["s"], A::SortNext),
        (C::Portfolio, &["S"], A::SortReverse),
        (C::Portfolio, &["1"], A::SortBy1),
        (C::Portfolio, &["2"], A::SortBy2),
        (C::Portfolio, &["3"], A::SortBy3),
        (C::Portfolio, &["4"], A::SortBy4),
        (C::Portfolio, &["5"], A::SortBy5),
        (C::Portfolio, &["6"], A::SortBy6),
        (C::Portfolio, &["7"], A::SortBy7),
        (C::Portfolio, &["8"], A::SortBy8),
        (C::Portfolio, &["9"], A::SortBy9),
        (C::Directors, &["1"], A::SortBy1),
        (C::Directors, &["2"], A::SortBy2),
        (C::Directors, &["3"], A::SortBy3),
        (C::Directors, &["4"], A::SortBy4),
        (C::Directors, &["5"], A::SortBy5),
        (C::Directors, &["6"], A::SortBy6),
        (C::Directors, &["7"], A::SortBy7),
        (C::Directors, &["8"], A::SortBy8),
        (C::Portfolio, &["b"], A::Group),
        (C::Account, &["tab", "l", "right"], A::NextTab),
        (C::Account, &["shift-tab", "h", "left"], A::PrevTab),
        (C::Account, &["1"], A::TabOverview),
        (C::Account, &["2"], A::TabMetrics),
        (C::Account, &["3"], A::TabVisits),
        (C::Account, &["4"], A::TabCommitments),
        (C::Account, &["5"], A::TabStakeholders),
        (C::Account, &["6"], A::TabMoments),
        (C::Account, &["7"], A::TabConnect),
        (C::Attention, &["m"], A::Scope),
        (C::Attention, &["d"], A::Kept),
        (C::Attention, &["D"], A::KeptOn),
        (C::Attention, &["b"], A::Broken),
        (C::Attention, &["r"], A::Renegotiate),
        (C::Attention, &["x"], A::DropCommitment),
        (C::Lifecycle, &["m"], A::Scope),
        (C::Signals, &["m"], A::Scope),
        (C::Signals, &["n", "space"], A::NoteSignal),
        (C::Signals, &["A"], A::Acknowledged),
        (C::Directors, &["e"], A::Export),
        (C::Trends, &["e"], A::Export),
        (C::Trends, &["h", "left"], A::EarlierMonth),
        (C::Trends, &["l", "right"], A::LaterMonth),
        (C::Lifecycle, &["e"], A::Export),
        (C::Signals, &["e"], A::Export),
        (C::Attention, &["e"], A::Export),
        (C::Directors, &["s"], A::SortNext),
        (C::Directors, &["S"], A::SortReverse),
        (C::Input, &["esc"], A::Back),
        (C::Input, &["enter"], A::Open),
        (C::Input, &["down", "ctrl-n"], A::Down),
        (C::Input, &["up"], A::Up),
        (C::Input, &["ctrl-c"], A::Interrupt),
        (C::Help, &["?", "q", "esc", "f1"], A::Back),
        (C::Help, &["j", "down"], A::Down),
        (C::Help, &["k", "up"], A::Up),
        (C::Help, &["pagedown", "space", "ctrl-d"], A::PageDown),
        (C::Help, &["pageup", "ctrl-u"], A::PageUp),
        (C::Help, &["g", "home"], A::Top),
        (C::Help, &["G", "end"], A::Bottom),
        (C::Help, &["Q"], A::Quit),
    ]
};

/// What the status line hints at, per context (and, on an account, per
/// tab: the part), in order; each names its key from the bindings, so a
/// remapped key shows as it is.
const HINTS: &[(Context, Option<&str>, &[Action])] = {
    use Action::*;
    use Context as C;
    &[
        (C::Welcome, None, &[LoadDemo, New, Help, Quit]),
        (
            C::Portfolio,
            None,
            &[
                Open, QuickAdd, New, Filter, Scope, SortNext, Group, Attention, Directors, Finder,
                Help, Quit,
            ],
        ),
        (
            C::Account,
            Some("Commitments"),
            &[
                QuickAdd,
                Kept,
                Broken,
                Renegotiate,
                DropCommitment,
                New,
                Edit,
                Undo,
                Help,
            ],
        ),
        (
            C::Account,
            Some("Metrics"),
            &[QuickAdd, Measure, Measurements, New, Edit, NextTab, Help],
        ),
        (
            C::Account,
            Some("Overview"),
            &[
                QuickAdd,
                LogVisit,
                NewCommitment,
                MoveStage,
                Edit,
                NextTab,
                Back,
                Help,
            ],
        ),
        (
            C::Account,
            None,
            &[QuickAdd, New, Edit, Remove, NextTab, Back, Help],
        ),
        (
            C::Attention,
            None,
            &[Open, Kept, Renegotiate, Scope, Back, Help, Quit],
        ),
        (C::Directors, None, &[Open, SortNext, Back, Help, Quit]),
        (C::Lifecycle, None, &[Open, Scope, Back, Help, Quit]),
        (
            C::Signals,
            None,
            &[Open, NoteSignal, Scope, Undo, Back, Help],
        ),
        (C::Team, None, &[KeepMine, KeepTheirs, Back, Help, Quit]),
        (C::Partners, None, &[New, Edit, Remove, Undo, Back, Help]),
        (C::Maturity, None, &[Group, Back, Help, Quit]),
        (C::Trends, None, &[Open, Directors, Back, Help, Quit]),
        (C::Input, None, &[Open, Back]),
        (C::Help, None, &[Back]),
        (C::Global, None, &[Help]),
        (C::Bar, None, &[Save, Complete, Older, Back]),
        (C::Form, None, &[Save, NextField, Back]),
        (C::Confirm, None, &[Yes, Back]),
        (C::Measurements, None, &[New, Edit, Remove, Back]),
    ]
};

/// The actions the status line hints at in `context` (on `part` of it,
/// when it has parts): the part's own list, else the context's.
pub fn hints(context: Context, part: Option<&str>) -> &'static [Action] {
    let of = |p: Option<&str>| {
        HINTS
            .iter()
            .find(|(c, q, _)| *c == context && *q == p)
            .map(|h| h.2)
    };
    part.and_then(|p| of(Some(p)))
        .or_else(|| of(None))
        .unwrap_or(&[])
}

/// The defaults that hold only sometimes: (context, key, action, when).
const CONDITIONAL: &[(Context, &str, Action, When)] =
    &[(Context::Form, "enter", Action::Save, When::OutsideNotes)];

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

/// One key or several, as the config gives them.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
    /// A screen's own table: `[keys.portfolio]`.
    Table(BTreeMap<String, KeySpec>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeySpec::One(k) => vec![k.as_str()],
            KeySpec::Many(ks) => ks.iter().map(String::as_str).collect(),
            KeySpec::Table(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_have_no_duplicate_keys() {
        let map = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &map.bindings {
            assert!(
                seen.insert((b.context, b.key)),
                "{:?} {} bound twice",
                b.context,
                b.key
            );
        }
    }

    #[test]
    fn every_action_has_a_key() {
        let map = Keymap::default();
        for a in Action::ALL {
            assert!(
                map.bindings.iter().any(|b| b.action == *a),
                "{} has no key",
                a.name()
            );
        }
    }

    #[test]
    fn screens_shadow_global_keys() {
        let map = Keymap::default();
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, k("s")),
            Some(Action::SortNext)
        );
        assert_eq!(map.resolve(Context::Portfolio, k("j")), Some(Action::Down));
        assert_eq!(
            map.resolve(Context::Account, k("s")),
            Some(Action::MoveStage)
        );
        assert_eq!(map.resolve(Context::Attention, k("s")), None);
        assert_eq!(
            map.resolve(Context::Input, k("j")),
            None,
            "typing j in a field"
        );
        assert_eq!(map.resolve(Context::Input, k("esc")), Some(Action::Back));
        assert_eq!(map.resolve(Context::Account, k("l")), Some(Action::NextTab));
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(Key::parse("ctrl-p").unwrap().to_string(), "Ctrl-p");
        assert_eq!(Key::parse("Ctrl+P").unwrap(), Key::parse("ctrl-p").unwrap());
        assert_eq!(Key::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(Key::parse("S").unwrap().code, KeyCode::Char('S'));
        assert_eq!(Key::parse("f5").unwrap().code, KeyCode::F(5));
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hello")
            .unwrap_err()
            .starts_with("`hello`: not a key"));
    }

    #[test]
    fn an_override_never_takes_a_letter_from_a_text_field_nor_ctrl_c_from_quit() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), KeySpec::One("x".into()));
        o.insert(
            "down".to_string(),
            KeySpec::Many(vec!["j".into(), "ctrl-n".into()]),
        );
        let (map, problems) = Keymap::with_overrides(&o);
        assert!(problems.is_empty(), "{problems:?}");
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(map.resolve(Context::Portfolio, k("x")), Some(Action::Quit));
        assert_eq!(
            map.resolve(Context::Portfolio, k("Q")),
            None,
            "x replaced Q"
        );
        assert_eq!(
            map.resolve(Context::Portfolio, k("ctrl-c")),
            Some(Action::Quit),
            "Ctrl-C still quits"
        );
        for text in [Context::Input, Context::Bar, Context::Form] {
            assert_ne!(
                map.resolve(text, k("x")),
                Some(Action::Quit),
                "{text:?}: x is typed"
            );
            assert_ne!(
                map.resolve(text, k("j")),
                Some(Action::Down),
                "{text:?}: j is typed"
            );
        }
        assert_eq!(map.resolve(Context::Portfolio, k("j")), Some(Action::Down));
        assert_eq!(map.resolve(Context::Input, k("ctrl-n")), Some(Action::Down));
    }

    #[test]
    fn overrides_replace_single_actions() {
        let mut o = BTreeMap::new();
        o.insert("sort".to_string(), KeySpec::One("o".into()));
        o.insert(
            "quit".to_string(),
            KeySpec::Many(vec!["ctrl-q".into(), "Q".into()]),
        );
        o.insert("fly".to_string(), KeySpec::One("f".into()));
        o.insert("help".to_string(), KeySpec::One("ctrl-".into()));
        let (map, problems) = Keymap::with_overrides(&o);
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, k("o")),
            Some(Action::SortNext)
        );
        assert_eq!(map.resolve(Context::Portfolio, k("s")), None);
        assert_eq!(
            map.resolve(Context::Account, k("ctrl-q")),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(Context::Account, k("?")),
            Some(Action::Help),
            "a bad key keeps the default"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("[keys] `fly`: not an action"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("[keys] help: `ctrl-`: not a key"),
            "{problems:?}"
        );
    }

    #[test]
    fn help_lists_screen_then_global_without_shadowed_keys() {
        let map = Keymap::default();
        let h = map.help(Context::Portfolio);
        assert_eq!(h[0].0, Context::Portfolio);
        assert!(h
            .iter()
            .any(|(c, keys, a)| *c == Context::Global && *a == Action::Quit && keys == "Q Ctrl-c"));
        assert!(h
            .iter()
            .any(|(_, keys, a)| *a == Action::Filter && keys == "/"));
    }

    fn table(entries: &[(&str, &str)]) -> KeySpec {
        KeySpec::Table(
            entries
                .iter()
                .map(|(a, k)| (a.to_string(), KeySpec::One(k.to_string())))
                .collect(),
        )
    }

    #[test]
    fn a_screens_own_table_changes_that_screen_only() {
        let mut o = BTreeMap::new();
        o.insert(
            "portfolio".to_string(),
            table(&[("sort", "o"), ("down", "ctrl-j")]),
        );
        let (map, problems) = Keymap::with_overrides(&o);
        assert!(problems.is_empty(), "{problems:?}");
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, k("o")),
            Some(Action::SortNext)
        );
        assert_eq!(
            map.resolve(Context::Portfolio, k("s")),
            None,
            "o replaced s there"
        );
        assert_eq!(
            map.resolve(Context::Directors, k("s")),
            Some(Action::SortNext),
            "the Directors keep s"
        );
        assert_eq!(
            map.resolve(Context::Portfolio, k("ctrl-j")),
            Some(Action::Down)
        );
        assert_eq!(
            map.resolve(Context::Portfolio, k("j")),
            Some(Action::Down),
            "j still works"
        );
        assert_eq!(map.resolve(Context::Account, k("ctrl-j")), None);
    }

    #[test]
    fn a_screen_table_wins_over_keys_everywhere_and_mistakes_are_named() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), KeySpec::One("ctrl-q".into()));
        o.insert("account".to_string(), table(&[("quit", "ctrl-x")]));
        o.insert("form".to_string(), table(&[("save", "s")]));
        o.insert("potfolio".to_string(), table(&[("sort", "o")]));
        o.insert(
            "trends".to_string(),
            table(&[("export", "x"), ("later-month", "x")]),
        );
        let (map, problems) = Keymap::with_overrides(&o);
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, k("ctrl-q")),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(Context::Account, k("ctrl-x")),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(Context::Form, k("s")),
            None,
            "a letter in a form is typed"
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("[keys.form] save: a letter there is typed")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with(
                "[keys.potfolio]: no such screen; a table is one of welcome, portfolio"
            )),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("x is given to export too in Trends")),
            "{problems:?}"
        );
    }

    #[test]
    fn enter_saves_a_form_except_in_its_notes() {
        let map = Keymap::default();
        let k = |s| Key::parse(s).unwrap();
        let notes = Situation { in_notes: true };
        assert_eq!(map.resolve(Context::Form, k("enter")), Some(Action::Save));
        assert_eq!(map.resolve_at(Context::Form, k("enter"), notes), None);
        assert_eq!(
            map.resolve_at(Context::Form, k("ctrl-s"), notes),
            Some(Action::Save),
            "Ctrl-S saves from the notes too"
        );
        assert!(map
            .help(Context::Form)
            .iter()
            .any(|(_, keys, a)| *a == Action::Save && keys == "Enter (not in notes) Ctrl-s"));
    }

    #[test]
    fn every_context_has_a_table_name() {
        for c in Context::ALL {
            assert_eq!(Context::from_name(c.name()), Some(c));
        }
    }

    #[test]
    fn every_hint_names_a_bound_key() {
        let map = Keymap::default();
        for (context, part, actions) in HINTS {
            for a in *actions {
                assert!(
                    map.key_for(*context, *a).is_some(),
                    "{context:?} {part:?}: {} has no key to hint at",
                    a.name()
                );
            }
        }
        assert_eq!(hints(Context::Account, Some("Visits"))[0], Action::QuickAdd);
        assert!(hints(Context::Account, Some("Metrics")).contains(&Action::Measure));
    }
}
