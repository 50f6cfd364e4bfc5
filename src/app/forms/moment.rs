//! The moment of truth form: what happens and how much rides on it.

use super::*;

pub(super) fn fields(target: &Target) -> (String, Vec<Field>) {
    let (what, sev, title) = match target {
        Target::EditMoment(m) => (
            m.what.clone(),
            m.severity,
            format!("Edit moment of truth #{}", m.num),
        ),
        _ => (
            String::new(),
            Severity::High,
            "New moment of truth".to_string(),
        ),
    };
    (
        title,
        vec![
            t(F::What, "What happens", &what).required(),
            choice(F::Severity, "Severity", sev),
        ],
    )
}

pub(super) fn change(form: &RecordForm) -> Result<Change, Refused> {
    Ok(match &form.target {
        Target::EditMoment(m) => Change::EditMoment(Moment {
            what: form.text(F::What),
            severity: parsed(form, F::Severity)?,
            ..m.clone()
        }),
        Target::NewMoment { account } => Change::AddMoment(Moment {
            id: Uuid::nil(),
            num: 0,
            account: *account,
            what: form.text(F::What),
            severity: parsed(form, F::Severity)?,
        }),
        _ => unreachable!("forms::change sends only these"),
    })
}
