//! The keymap's defaults, overrides and look-ups.

use super::defaults::HINTS;
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
        problems.iter().any(|p| p
            .starts_with("[keys.potfolio]: no such screen; a table is one of welcome, portfolio")),
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
