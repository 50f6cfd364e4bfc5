//! The stakeholder form: who they are, their layer, whether they speak to peers.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups) -> (String, Vec<Field>) {
    let s = match &target {
        Target::EditStakeholder(s) => s.clone(),
        _ => blank_stakeholder(0),
    };
    let title = if s.num == 0 {
        "New stakeholder".to_string()
    } else {
        format!("Edit stakeholder {}", s.name)
    };
    (
        title,
        vec![
            t(F::Name, "Name", &s.name).required(),
            t(F::Role, "Role", &s.role),
            Field::new(
                F::Layer,
                "Layer",
                FieldKind::Choice(l.layers.clone()),
                // A new one starts on the config's first layer.
                match (&target, l.layers.first()) {
                    (Target::NewStakeholder { .. }, Some(first))
                        if !l.layers.iter().any(|x| x == s.layer.word()) =>
                    {
                        first.as_str()
                    }
                    _ => s.layer.word(),
                },
            ),
            t(F::Contact, "Contact", &s.contact),
            notes(F::Notes, "Notes", &s.notes),
            Field::new(
                Id::Peers,
                "Speaks to peers",
                FieldKind::Choice(vec!["no".into(), "yes".into()]),
                if s.peers { "yes" } else { "no" },
            )
            .with_hint("Willing to speak to their peers at other customers (Connect)"),
        ],
    )
}

pub(super) fn change(form: &RecordForm) -> Result<Change, Refused> {
    let mut s = match &form.target {
        Target::EditStakeholder(s) => s.clone(),
        Target::NewStakeholder { account } => blank_stakeholder(*account),
        _ => unreachable!("forms::change sends only these"),
    };
    s.name = form.text(F::Name);
    s.role = form.text(F::Role);
    s.layer = match form.field(F::Layer).map(|f| &f.kind) {
        Some(FieldKind::Choice(layers)) => Layer::parse_in(&form.text(F::Layer), layers),
        _ => Layer::parse(&form.text(F::Layer)),
    }
    .map_err(|e| (Id::Of(F::Layer), e.into()))?;
    s.contact = form.text(F::Contact);
    s.notes = form.text(F::Notes);
    s.peers = form.text(Id::Peers).eq_ignore_ascii_case("yes");
    Ok(if s.num == 0 {
        Change::AddStakeholder(s)
    } else {
        Change::EditStakeholder(s)
    })
}

pub(super) fn blank_stakeholder(account: i64) -> Stakeholder {
    Stakeholder {
        id: Uuid::nil(),
        num: 0,
        account,
        name: String::new(),
        role: String::new(),
        layer: Layer::Physician,
        contact: String::new(),
        notes: String::new(),
        peers: false,
    }
}
