//! The form that assesses an account's engagement maturity: one choice per
//! dimension of the config's scale (its current level preset), the day,
//! and a note; the levels that changed are kept as new assessments.

use super::RecordForm;
use crate::app::fields::{Field, FieldId as Id, FieldKind, Refused};
use crate::domain::dates::shown;
use crate::domain::maturity::{assess, standing, Assessment, Scale, MAX_DIMENSIONS};
use crate::domain::{Account, Date};
use crate::rules::Field as F;
use crate::store::Change;

/// A field per dimension, named by its place; the dimension is its hint.
const DIMENSION_LABELS: [&str; MAX_DIMENSIONS] = [
    "Dimension 1",
    "Dimension 2",
    "Dimension 3",
    "Dimension 4",
    "Dimension 5",
    "Dimension 6",
    "Dimension 7",
    "Dimension 8",
];

/// What a dimension never assessed shows.
const NOT_ASSESSED: &str = "— not assessed";

fn options(scale: &Scale) -> Vec<String> {
    std::iter::once(NOT_ASSESSED.to_string())
        .chain((1..=scale.levels.len() as u8).map(|l| scale.level_name(l)))
        .collect()
}

pub fn fields(a: &Account, scale: &Scale, today: Date) -> (String, Vec<Field>) {
    let mut fields: Vec<Field> = scale
        .dimensions
        .iter()
        .zip(DIMENSION_LABELS)
        .enumerate()
        .map(|(n, (d, label))| {
            let (now, hint) = match standing(&a.assessments, d) {
                Some(s) => (
                    scale.level_name(s.latest.level),
                    format!("{d} (since {})", shown(today, s.latest.on)),
                ),
                None => (NOT_ASSESSED.to_string(), d.clone()),
            };
            Field::new(
                Id::Dimension(n),
                label,
                FieldKind::Choice(options(scale)),
                now,
            )
            .with_hint(hint)
        })
        .collect();
    fields.push(Field::new(Id::Of(F::On), "On", FieldKind::PastDate, "today").required());
    fields.push(Field::new(Id::Of(F::Note), "Note", FieldKind::Text, ""));
    (
        format!("@{}: engagement maturity (←/→ picks a level)", a.handle),
        fields,
    )
}

/// The account with the levels chosen kept: those that changed, or, when
/// none did, every level chosen (a reassessment that found them as they were).
pub fn change(
    form: &RecordForm,
    a: &Account,
    scale: &Scale,
    today: Date,
) -> Result<Change, Refused> {
    let on = form.date(Id::Of(F::On), today).ok_or((
        Id::Of(F::On),
        "the day of the assessment is needed".to_string(),
    ))?;
    let note = form.text(F::Note);
    let mut chosen = Vec::new();
    for (n, d) in scale.dimensions.iter().enumerate() {
        let text = form.text(Id::Dimension(n));
        if text == NOT_ASSESSED || text.is_empty() {
            continue;
        }
        let level = scale
            .parse_level(text.split_whitespace().next().unwrap_or(""))
            .map_err(|e| (Id::Dimension(n), e.into()))?;
        let before = standing(&a.assessments, d).map(|s| s.latest.level);
        chosen.push((d.clone(), level, before != Some(level)));
    }
    if chosen.is_empty() {
        return Err((
            Id::Dimension(0),
            "choose a level for at least one dimension".into(),
        ));
    }
    let any_changed = chosen.iter().any(|c| c.2);
    let mut after = a.clone();
    for (dimension, level, changed) in chosen {
        if changed || !any_changed {
            assess(
                &mut after.assessments,
                Assessment {
                    dimension,
                    level,
                    on,
                    note: note.clone(),
                },
            );
        }
    }
    Ok(Change::EditAccount(after))
}
