//! The business partners screen, rendered into ratatui's TestBackend and
//! driven through its keys: add a partner in its form, see a metric
//! aligned with one of its KPIs, remove it and undo.

mod common;

use common::tui::*;
use saydo::app::{Overlay, Screen};
use saydo::store::Change;

#[test]
fn partners_are_added_in_their_form_and_show_what_serves_each_kpi() {
    let (_db, mut app) = fixture_app();
    keys(&mut app, "B");
    assert_eq!(app.screen, Screen::Partners);
    let s = screen(&app);
    assert!(s.contains("No business partners yet: n adds one"), "{s}");

    keys(&mut app, "n");
    let s = screen(&app);
    assert!(s.contains("New business partner"), "{s}");
    keys(
        &mut app,
        "Supply<tab>supply chain<tab>Priya Shah<tab>fill rate; OTIF<ctrl-s>",
    );
    assert!(matches!(app.overlay, Overlay::None), "saved and closed");
    let s = screen(&app);
    let row = row_with(&s, "supply chain");
    for cell in ["supply chain", "Priya Shah", "2", "0", "fill rate; OTIF"] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
    assert!(s.contains("KPI fill rate"), "{s}");
    assert!(s.contains("  no customer metric beside it"), "{s}");

    // A metric aligned with the KPI shows under it, by name and account.
    let supply = app.store.partners().unwrap()[0].num;
    let mut m = app.store.metrics(None).unwrap().remove(0);
    m.partner = Some(supply);
    m.kpi = "fill rate".into();
    let name = m.name.clone();
    app.store
        .apply(&Change::EditMetric(m), common::TODAY)
        .unwrap();
    keys(&mut app, "<ctrl-l>");
    let s = screen(&app);
    assert!(row_with(&s, "supply chain").contains(" 1 "), "{s}");
    let served = row_with(&s, &name);
    assert!(served.contains("at @"), "{served}");
    assert!(served.contains("CPI at "), "{served}");

    // Enter edits it; X asks, then removes it; u brings it back.
    keys(&mut app, "<enter>");
    assert!(screen(&app).contains("Edit partner Supply"));
    keys(&mut app, "<esc>");
    keys(&mut app, "X");
    let s = screen(&app);
    assert!(
        s.contains("Remove the partner Supply; 1 metric aligned with it"),
        "{s}"
    );
    keys(&mut app, "y");
    assert!(screen(&app).contains("No business partners yet"));
    keys(&mut app, "u");
    assert!(screen(&app).contains("KPI fill rate"));
}

#[test]
fn a_metric_form_aligns_it_with_a_partners_kpi_and_names_a_kpi_not_theirs() {
    let (_db, mut app) = fixture_app();
    app.store
        .apply(
            &Change::AddPartner(saydo::domain::Partner {
                id: uuid::Uuid::nil(),
                num: 0,
                name: "Supply".into(),
                function: String::new(),
                owner: None,
                kpis: vec!["fill rate".into()],
            }),
            common::TODAY,
        )
        .unwrap();
    let m = app.store.metrics(None).unwrap().remove(0);
    app.open_form(saydo::app::forms::Target::EditMetric(m.clone()));
    let Overlay::Form(f) = &mut app.overlay else {
        panic!("the metric's form")
    };
    f.focus = f.fields.iter().position(|x| x.label == "Partner").unwrap();
    let kpi = f
        .fields
        .iter()
        .position(|x| x.label == "Aligned KPI")
        .unwrap();
    f.fields[kpi].input.set(String::new());
    keys(&mut app, "#1 Supply<tab>cost<ctrl-s>");
    let s = screen(&app);
    assert!(
        s.contains("Supply does not answer for `cost`; their KPIs: fill rate"),
        "{s}"
    );
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "kept open, as typed"
    );
    let Overlay::Form(f) = &mut app.overlay else {
        unreachable!()
    };
    f.focus = f
        .fields
        .iter()
        .position(|x| x.label == "Aligned KPI")
        .unwrap();
    f.fields[f.focus].input.set(String::new());
    keys(&mut app, "fill rate<ctrl-s>");
    assert!(matches!(app.overlay, Overlay::None), "{}", screen(&app));
    let after = app.store.metric(m.num).unwrap().unwrap();
    assert_eq!(after.partner, Some(1));
    assert_eq!(after.kpi, "fill rate");
}

#[test]
fn the_demos_partners_fit_a_small_terminal_and_a_wide_one() {
    let db = common::temp_db();
    common::ok(&db, &["demo"]);
    let mut app = app_on(&db, "Dana Cole");
    keys(&mut app, "B");
    for (w, h) in [(80, 24), (140, 40)] {
        let s = render(&app, w, h).join("\n");
        if std::env::var_os("SHOW").is_some() {
            eprintln!("{s}");
        }
        assert!(s.contains("Business partners · 4 partners"), "{s}");
        let row = row_with(&s, "Applications");
        assert!(row.contains("Lea Fischer"), "{row}");
        // The first partner's KPIs, below the table.
        assert!(s.contains("KPI Workflow efficiency"), "{s}");
    }
    keys(&mut app, "j");
    let lines = render(&app, 140, 40);
    let at = lines
        .iter()
        .position(|l| l.starts_with("KPI First-time fix rate"))
        .expect("Field Service's KPIs, once it is selected");
    assert!(
        lines[at + 1].contains("no customer metric beside it"),
        "{}",
        lines.join("\n")
    );
}
