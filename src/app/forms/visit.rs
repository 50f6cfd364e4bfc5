//! The visit form: when, what kind, why, who was there, the notes (their > lines are commitments) and, afterwards, the feedback.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups, me: &str, today: Date) -> (String, Vec<Field>) {
    let v = match &target {
        Target::EditVisit(v) => v.clone(),
        _ => blank_visit(0, me, today),
    };
    let title = if v.num == 0 {
        "Log a visit".to_string()
    } else {
        format!("Edit visit #{}", v.num)
    };
    let mut fields = vec![
        date(
            F::On,
            "On",
            if v.num == 0 {
                "today".into()
            } else {
                v.on.to_string()
            },
        )
        .required(),
        choice(F::Kind, "Kind", v.kind),
        intent_field(&v),
        pick(
            F::Theirs,
            "Their side",
            &l.stakeholders,
            true,
            v.theirs.join(", "),
        ),
        pick(F::Ours, "Our side", &l.people, true, v.ours.join(", ")),
        notes(F::Notes, "Notes", &v.notes),
    ];
    // Feedback comes after the visit, once its experience is complete.
    if v.num != 0 {
        let f = v.feedback.as_ref();
        fields.push(Field::new(
            F::Score,
            "Feedback score",
            FieldKind::Number { unit: "/10".into() },
            f.map_or(String::new(), |f| f.score.to_string()),
        ));
        fields.push(t(F::Words, "In their words", f.map_or("", |f| &f.words)));
        fields.push(past(
            F::AskedOn,
            "Feedback on",
            f.map_or("today".into(), |f| f.on.to_string()),
        ));
    }
    (title, fields)
}

pub(super) fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut v = match &form.target {
        Target::EditVisit(v) => v.clone(),
        Target::NewVisit { account } => blank_visit(*account, "", today),
        _ => unreachable!("forms::change sends only these"),
    };
    v.on = need_date(form, F::On, today)?;
    v.kind = parsed(form, F::Kind)?;
    v.intent = parsed(form, F::Intent)?;
    v.theirs = form.items(F::Theirs);
    v.ours = form.items(F::Ours);
    v.notes = form.notes(F::Notes);
    if form.field(F::Score).is_some() {
        v.feedback = match form.number(F::Score) {
            None if form.text(F::Score).is_empty() => None,
            None => {
                return Err((
                    Id::Of(F::Score),
                    "a score from 0 to 10, or nothing when none was given".into(),
                ))
            }
            Some(s) if !(0.0..=10.0).contains(&s) || s.fract() != 0.0 => {
                return Err((Id::Of(F::Score), format!("{s}: a whole score from 0 to 10")))
            }
            Some(s) => Some(crate::domain::Feedback {
                score: s as u8,
                words: form.text(F::Words),
                on: form.date(Id::Of(F::AskedOn), today).unwrap_or(today),
            }),
        };
    }
    Ok(if v.num == 0 {
        Change::AddVisit(v)
    } else {
        Change::EditVisit(v)
    })
}

pub(super) fn blank_visit(account: i64, me: &str, today: Date) -> Visit {
    Visit {
        id: Uuid::nil(),
        num: 0,
        account,
        on: today,
        kind: VisitKind::OnSite,
        intent: Intent::Proactive,
        ours: vec![me.to_string()],
        theirs: vec![],
        notes: String::new(),
        feedback: None,
    }
}

/// The visit a visit form would save, as far as its fields read (the date
/// today's while it does not), with its notes before: for the preview of
/// the commitments its notes make.
pub fn visit_so_far(form: &RecordForm, today: Date) -> Option<(Visit, String)> {
    let mut v = match &form.target {
        Target::EditVisit(v) => v.clone(),
        Target::NewVisit { account } => blank_visit(*account, "", today),
        _ => return None,
    };
    let before = std::mem::take(&mut v.notes);
    v.on = form.date(F::On, today).unwrap_or(today);
    v.theirs = form.items(F::Theirs);
    v.notes = form.notes(F::Notes);
    Some((v, before))
}
