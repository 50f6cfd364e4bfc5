use super::*;
use crate::rules::Field as F;
use jiff::civil::date;

const TODAY: Date = date(2026, 11, 24);

#[test]
fn fields_check_what_they_hold() {
    let d = Field::new(F::Due, "Due", FieldKind::Date, "fri");
    assert_eq!(d.check(TODAY), Ok(Some("Fri 27 Nov 2026".into())));
    let bad = Field::new(F::Due, "Due", FieldKind::Date, "fryday");
    assert!(bad
        .check(TODAY)
        .unwrap_err()
        .starts_with("`fryday`: not a date"));
    let n = Field::new(
        F::Value,
        "Value",
        FieldKind::Number { unit: "min".into() },
        "42 min",
    );
    assert_eq!(n.check(TODAY), Ok(None));
    assert_eq!(number("42 min", "min"), Some(42.0));
    let empty = Field::new(F::What, "What", FieldKind::Text, " ").required();
    assert_eq!(empty.check(TODAY), Err("what is needed".into()));
    let pick = Field::new(
        F::Visit,
        "Visit",
        FieldKind::Pick {
            options: vec!["#3 Fri 20 Nov".into()],
            list: false,
            free: false,
        },
        "#4",
    );
    assert!(pick.check(TODAY).is_err());
}

#[test]
fn picks_complete_and_choices_step() {
    let mut f: Form<()> = Form::new(
        "t",
        (),
        vec![
            Field::new(
                F::Ours,
                "With",
                FieldKind::Pick {
                    options: vec!["Dr Lee".into(), "Ana Ruiz".into()],
                    list: true,
                    free: true,
                },
                "Ana Ruiz, le",
            ),
            Field::new(
                F::Kind,
                "Kind",
                FieldKind::Choice(vec!["on-site".into(), "virtual".into(), "call".into()]),
                "on-site",
            ),
        ],
    );
    f.tab(true, TODAY);
    assert_eq!(f.focus, 1, "tabbing past a name leaves it as it is");
    assert_eq!(f.fields[0].input.text, "Ana Ruiz, le");
    f.tab(false, TODAY);
    f.key(&KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE));
    f.tab(true, TODAY);
    assert_eq!(f.fields[0].input.text, "Ana Ruiz, Dr Lee");
    assert_eq!(f.focus, 0, "the first Tab after typing completes");
    f.tab(true, TODAY);
    assert_eq!(f.focus, 1);
    f.key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(f.text(F::Kind), "call");
    f.key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    assert_eq!(f.text(F::Kind), "on-site");
    assert!(f.changed());
}
