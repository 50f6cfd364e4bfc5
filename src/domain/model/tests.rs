use super::*;

#[test]
fn choices_parse_words_and_aliases() {
    assert_eq!(VisitKind::parse("onsite"), Ok(VisitKind::OnSite));
    assert_eq!(VisitKind::parse("On-Site"), Ok(VisitKind::OnSite));
    assert_eq!(Intent::parse("proactive"), Ok(Intent::Proactive));
    assert_eq!(
        Layer::parse("janitor"),
        Err("not a layer; one of physician, nursing, administration, it, procurement, patient, other".into())
    );
}

#[test]
fn serde_names_match_words() {
    for k in MetricKind::ALL {
        assert_eq!(
            serde_json::to_string(k).unwrap(),
            format!("\"{}\"", k.word())
        );
    }
    for k in VisitKind::ALL {
        assert_eq!(
            serde_json::to_string(k).unwrap(),
            format!("\"{}\"", k.word())
        );
    }
    for k in Status::ALL {
        assert_eq!(
            serde_json::to_string(k).unwrap(),
            format!("\"{}\"", k.word())
        );
    }
}

#[test]
fn stages_match_loosely() {
    let st = default_stages();
    assert_eq!(find_stage(&st, "adoption").unwrap().name, "Adoption");
    assert_eq!(
        find_stage(&st, "OPTIMISATION").unwrap().name,
        "Optimisation"
    );
    assert!(find_stage(&st, "growth")
        .unwrap_err()
        .contains("Implementation, Adoption"));
}
