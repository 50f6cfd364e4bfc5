//! The success metric form: the customer's measure, its baseline and target, its definition, who said it and the partner KPI it serves.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups) -> (String, Vec<Field>) {
    let m = match &target {
        Target::EditMetric(m) => m.clone(),
        _ => blank_metric(0),
    };
    let title = if m.num == 0 {
        "New success metric".to_string()
    } else {
        format!("Edit metric {}", m.name)
    };
    (
        title,
        vec![
            t(F::Name, "Name", &m.name).required(),
            notes(F::Words, "In their words", &m.words),
            choice(F::Kind, "Kind", m.kind),
            t(F::Unit, "Unit", &m.unit),
            choice(F::Direction, "Better when", m.direction),
            Field::new(
                F::Baseline,
                "Baseline",
                FieldKind::Number {
                    unit: m.unit.clone(),
                },
                num_text(m.baseline.as_ref().map(|b| b.value)),
            ),
            past(
                F::BaselineOn,
                "Baseline on",
                date_text(m.baseline.as_ref().map(|b| b.on)),
            ),
            t(F::Proxy, "Proxy", &m.proxy),
            Field::new(
                F::Target,
                "Target",
                FieldKind::Number {
                    unit: m.unit.clone(),
                },
                num_text(m.target),
            ),
            date(F::TargetOn, "Target date", date_text(m.target_on)),
            ref_field(F::Partner, "Partner", &l.partners, m.partner)
                .with_hint("The business partner whose KPI this metric serves, if any"),
            pick(F::Kpi, "Aligned KPI", &l.kpis, false, m.kpi.clone()),
            ref_field(F::Moment, "Guards moment", &l.moments, m.moment),
            // The measure's definition (PuMP).
            t(Id::Intended, "Intended result", &m.definition.intended),
            t(Id::Calculation, "Calculation", &m.definition.calculation),
            t(Id::DataSource, "Data source", &m.definition.data_source),
            Field::new(
                F::Every,
                "Measured every",
                FieldKind::Number {
                    unit: "days".into(),
                },
                num_text(m.definition.every_days.map(f64::from)),
            ),
            t(Id::MeasuredBy, "Measured by", &m.definition.measured_by),
            // A CPI only once they said it: who, when, and that they value it.
            pick(
                Id::SaidBy,
                "Said by",
                &l.stakeholders,
                false,
                m.voice.by.clone(),
            )
            .with_hint("Is it theirs? Who said they care about it, when, and do they value it"),
            past(F::SaidOn, "Said on", date_text(m.voice.on)),
            Field::new(
                Id::Valued,
                "They value it",
                FieldKind::Choice(vec!["no".into(), "yes".into()]),
                if m.voice.valued { "yes" } else { "no" },
            ),
        ],
    )
}

pub(super) fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut m = match &form.target {
        Target::EditMetric(m) => m.clone(),
        Target::NewMetric { account } => blank_metric(*account),
        _ => unreachable!("forms::change sends only these"),
    };
    m.name = form.text(F::Name);
    m.words = form.text(F::Words);
    m.kind = parsed(form, F::Kind)?;
    m.unit = form.text(F::Unit);
    m.direction = parsed(form, F::Direction)?;
    m.baseline = match (form.number(F::Baseline), form.date(F::BaselineOn, today)) {
        (Some(value), on) => Some(Baseline {
            value,
            on: on.unwrap_or(today),
        }),
        (None, Some(_)) => {
            return Err((
                Id::Of(F::Baseline),
                "a baseline date needs a baseline value; give both or neither".into(),
            ))
        }
        (None, None) => None,
    };
    m.proxy = form.text(F::Proxy);
    m.target = form.number(F::Target);
    m.target_on = form.date(F::TargetOn, today);
    m.kpi = form.text(F::Kpi);
    m.partner = ref_num(&form.text(F::Partner));
    m.moment = ref_num(&form.text(F::Moment));
    m.definition = crate::domain::Definition {
        intended: form.text(Id::Intended),
        calculation: form.text(Id::Calculation),
        data_source: form.text(Id::DataSource),
        every_days: form
            .number(F::Every)
            .map(|d| d.round().clamp(0.0, u32::MAX as f64) as u32),
        measured_by: form.text(Id::MeasuredBy),
    };
    m.voice = crate::domain::Voice {
        by: form.text(Id::SaidBy),
        on: form.date(F::SaidOn, today),
        valued: form.text(Id::Valued).eq_ignore_ascii_case("yes"),
    };
    Ok(if m.num == 0 {
        Change::AddMetric(m)
    } else {
        Change::EditMetric(m)
    })
}

pub(super) fn blank_metric(account: i64) -> Metric {
    Metric::new(account, "")
}
