//! The note that takes a signal out of the inbox: what happened, and the
//! visit or commitment it led to.

use super::*;
use crate::domain::xmr::Rule;

pub(super) fn fields(
    name: &str,
    rule: Rule,
    on: Date,
    l: &Lookups,
    today: Date,
) -> (String, Vec<Field>) {
    (
        format!("{name}: {} on {}", rule.describe(), shown(today, on)),
        vec![
            notes(F::Note, "What happened", "").required(),
            ref_field(F::Visit, "Led to visit", &l.visits, None),
            ref_field(F::Commitment, "Led to commitment", &l.commitments, None),
        ],
    )
}

pub(super) fn change(form: &RecordForm, metric: i64, rule: Rule, on: Date, today: Date) -> Change {
    Change::NoteSignal(crate::domain::SignalNote {
        id: Uuid::nil(),
        num: 0,
        metric,
        rule,
        on,
        note: form.notes(F::Note),
        visit: ref_num(&form.text(F::Visit)),
        commitment: ref_num(&form.text(F::Commitment)),
        acknowledged_on: today,
    })
}
