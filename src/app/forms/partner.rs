//! The form of a business partner: its fields, and the change it makes.

use super::{Lookups, RecordForm, Target};
use crate::app::fields::{Field, FieldId as Id, FieldKind};
use crate::domain::partners::parse_kpis;
use crate::domain::Partner;
use crate::rules::Field as F;
use crate::store::Change;
use uuid::Uuid;

fn blank() -> Partner {
    Partner {
        id: Uuid::nil(),
        num: 0,
        name: String::new(),
        function: String::new(),
        owner: None,
        kpis: Vec::new(),
    }
}

/// The title and fields of a new partner's form, or of `p`'s.
pub fn fields(target: &Target, l: &Lookups) -> (String, Vec<Field>) {
    let p = match target {
        Target::EditPartner(p) => p.clone(),
        _ => blank(),
    };
    let title = if p.num == 0 {
        "New business partner".to_string()
    } else {
        format!("Edit partner {}", p.name)
    };
    (
        title,
        vec![
            Field::new(Id::Of(F::Name), "Name", FieldKind::Text, &p.name)
                .required()
                .with_hint("A function inside the company: Medical Affairs, Field Service…"),
            Field::new(
                Id::Of(F::Function),
                "Function",
                FieldKind::Text,
                &p.function,
            ),
            Field::new(
                Id::Of(F::Owner),
                "Owner",
                FieldKind::Pick {
                    options: l.people.clone(),
                    list: false,
                    free: true,
                },
                p.owner.clone().unwrap_or_default(),
            ),
            Field::new(Id::Of(F::Kpis), "KPIs", FieldKind::Text, p.kpis.join("; "))
                .with_hint("The KPIs it already answers for, separated by ;"),
        ],
    )
}

/// The change the partner's form makes.
pub fn change(form: &RecordForm) -> Change {
    let mut p = match &form.target {
        Target::EditPartner(p) => p.clone(),
        _ => blank(),
    };
    p.name = form.text(F::Name);
    p.function = form.text(F::Function);
    p.owner = Some(form.text(F::Owner)).filter(|o| !o.is_empty());
    p.kpis = parse_kpis(&form.text(F::Kpis));
    if p.num == 0 {
        Change::AddPartner(p)
    } else {
        Change::EditPartner(p)
    }
}
