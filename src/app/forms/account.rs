//! The account form: its name, owner, tags, renewal, their words and pace, its key dates.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups, me: &str, today: Date) -> (String, Vec<Field>) {
    let a = match &target {
        Target::EditAccount(a) => a.clone(),
        _ => blank_account(me, l.stages.first().cloned().unwrap_or_default(), today),
    };
    let mut fields = vec![
        t(F::Name, "Name", &a.name).required(),
        t(F::Handle, "Handle", &a.handle),
        pick(
            F::Owner,
            "Owner",
            &l.people,
            false,
            a.owner.clone().unwrap_or_default(),
        ),
        t(F::Region, "Region", &a.region),
        t(F::Tags, "Tags", &a.tags.join(", ")),
    ];
    if matches!(target, Target::NewAccount) {
        fields.push(Field::new(
            F::Stage,
            "Stage",
            FieldKind::Choice(l.stages.clone()),
            a.stage.clone(),
        ));
    }
    fields.push(date(F::Renewal, "Renewal", date_text(a.renewal)));
    fields.push(notes(F::Why, "Why (their words)", &a.why));
    // The customer's pace: empty falls back to the config's.
    let days = |id: Id, label, v: Option<u32>| {
        Field::new(
            id,
            label,
            FieldKind::Number {
                unit: "days".into(),
            },
            num_text(v.map(f64::from)),
        )
    };
    fields.push(days(Id::VisitEvery, "Visit every", a.pace.visit_every_days));
    fields.push(days(Id::StageTakes, "Stage takes", a.pace.stage_days));
    fields.push(date(
        Id::PausedUntil,
        "Paused until",
        date_text(a.pace.paused_until),
    ));
    fields.push(Field::new(
        F::KeyDates,
        "Key dates",
        FieldKind::KeyDates,
        crate::domain::key_dates::text(&a.key_dates),
    ));
    let title = match &target {
        Target::EditAccount(a) => format!("Edit @{}", a.handle),
        _ => "New account".to_string(),
    };
    (title, fields)
}

pub(super) fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut a = match &form.target {
        Target::EditAccount(a) => a.clone(),
        _ => blank_account("", form.text(F::Stage), today),
    };
    a.name = form.text(F::Name);
    a.handle = match form.text(F::Handle) {
        h if h.is_empty() => slug(&a.name),
        h => h.trim_start_matches('@').to_string(),
    };
    a.owner = Some(form.text(F::Owner)).filter(|o| !o.is_empty());
    a.region = form.text(F::Region);
    a.tags = form
        .text(F::Tags)
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    a.renewal = form.date(F::Renewal, today);
    a.why = form.notes(F::Why);
    let days = |id: Id| {
        form.number(id)
            .map(|d| d.round().clamp(1.0, 36_500.0) as u32)
    };
    a.pace.visit_every_days = days(Id::VisitEvery);
    a.pace.stage_days = days(Id::StageTakes);
    a.pace.paused_until = form.date(Id::PausedUntil, today);
    a.key_dates = crate::domain::key_dates::parse(&form.text(F::KeyDates), today)
        .map_err(|e| (Id::Of(F::KeyDates), e.into()))?;
    Ok(if a.num == 0 {
        Change::AddAccount(a)
    } else {
        Change::EditAccount(a)
    })
}

pub(super) fn blank_account(me: &str, stage: String, today: Date) -> Account {
    Account {
        owner: Some(me.to_string()).filter(|m| !m.is_empty()),
        ..Account::new("", stage, today)
    }
}
