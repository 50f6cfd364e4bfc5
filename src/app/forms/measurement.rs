//! The measurement form: a reading of a metric on a day.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups, today: Date) -> (String, Vec<Field>) {
    let (on, value, source, note, title) = match &target {
        Target::EditMeasurement(x) => (
            x.on.to_string(),
            x.value.to_string(),
            x.source.clone(),
            x.note.clone(),
            format!("Edit measurement of {}, {}", l.metric, shown(today, x.on)),
        ),
        _ => (
            "today".to_string(),
            String::new(),
            String::new(),
            String::new(),
            if l.unit.is_empty() {
                format!("New measurement of {}", l.metric)
            } else {
                format!("New measurement of {} ({})", l.metric, l.unit)
            },
        ),
    };
    (
        title,
        vec![
            past(F::On, "On", on).required(),
            Field::new(
                F::Value,
                "Value",
                FieldKind::Number {
                    unit: l.unit.clone(),
                },
                value,
            )
            .required(),
            t(F::Source, "Source", &source),
            t(F::Note, "Note", &note),
        ],
    )
}

pub(super) fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut x = match &form.target {
        Target::EditMeasurement(x) => x.clone(),
        Target::NewMeasurement { metric } => blank_measurement(*metric, today),
        _ => unreachable!("forms::change sends only these"),
    };
    x.on = need_date(form, F::On, today)?;
    x.value = form
        .number(F::Value)
        .ok_or((Id::Of(F::Value), "value is needed".to_string()))?;
    x.source = form.text(F::Source);
    x.note = form.text(F::Note);
    Ok(if x.num == 0 {
        Change::AddMeasurement(x)
    } else {
        Change::EditMeasurement(x)
    })
}

pub(super) fn blank_measurement(metric: i64, today: Date) -> Measurement {
    Measurement {
        id: Uuid::nil(),
        num: 0,
        metric,
        on: today,
        value: 0.0,
        source: String::new(),
        note: String::new(),
    }
}
