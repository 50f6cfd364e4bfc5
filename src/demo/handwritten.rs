//! The demo's hand-written records, drawn without the random numbers so
//! every other record stays as it was: a visit whose notes hold its
//! promises, and two experiences whose feedback Attention asks for.

use super::day;
use crate::domain::{Commitment, Date, Intent, Status, Visit, VisitKind};
use crate::store::{Result, Sink};
use uuid::Uuid;

/// An id of a record drawn without the generator: the same in every demo.
pub(super) fn fixed_id(name: &str) -> Uuid {
    const DEMO: Uuid = Uuid::from_u128(0x0de0_5a7d_0000_4000_8000_000d_e302_0001);
    Uuid::new_v5(&DEMO, name.as_bytes())
}

/// Nobody visits or trains on a weekend: back to the Friday.
pub(super) fn back_to_weekday(mut on: Date) -> Date {
    while matches!(
        on.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ) {
        on = day(on, -1);
    }
    on
}

/// Who met in the demo's hand-written visits: the account, its director
/// and the customer's person.
pub(super) struct Met<'a> {
    pub(super) account: i64,
    pub(super) director: &'a str,
    pub(super) them: &'a str,
}

impl Met<'_> {
    fn visit(
        &self,
        id: &str,
        on: Date,
        notes: String,
        feedback: Option<crate::domain::Feedback>,
    ) -> Visit {
        Visit {
            id: fixed_id(id),
            num: 0,
            account: self.account,
            on,
            kind: VisitKind::OnSite,
            intent: Intent::Proactive,
            ours: vec![self.director.into()],
            theirs: vec![self.them.into()],
            notes,
            feedback,
        }
    }

    /// A promise made in `visit` on `on`: kept on `kept`, or open.
    fn promise(
        &self,
        id: &str,
        what: &str,
        on: Date,
        due: Date,
        visit: i64,
        kept: Option<Date>,
    ) -> Commitment {
        Commitment {
            id: fixed_id(id),
            num: 0,
            account: self.account,
            what: what.into(),
            to_whom: self.them.into(),
            owner: self.director.into(),
            made_on: on,
            due_on: due,
            visit: Some(visit),
            status: if kept.is_some() {
                Status::Kept
            } else {
                Status::Open
            },
            resolved_on: kept,
            reason: String::new(),
            renegotiations: vec![],
        }
    }
}

/// Two visits whose commitments are all kept: one lately, whose feedback
/// Attention asks for, and one whose feedback was given.
pub(super) fn experiences(sink: &mut dyn Sink, met: &Met, today: Date) -> Result<u64> {
    let account = met.account;
    let kinds = [
        (
            "roll out the dosing report to the night shift",
            back_to_weekday(day(today, -16)),
            None,
        ),
        (
            "train the ward on the new discharge checklist",
            back_to_weekday(day(today, -60)),
            Some((9, "the night shift plans discharges before rounds now")),
        ),
    ];
    for (what, on, said) in kinds {
        let kept = day(on, 12).min(today);
        let feedback = said.map(|(score, words): (u8, &str)| crate::domain::Feedback {
            score,
            words: words.into(),
            on: day(kept, 3).min(today),
        });
        let v = met.visit(
            &format!("demo-experience-visit-{account}-{what}"),
            on,
            format!("Agreed to {what}."),
            feedback,
        );
        let visit = sink.visit(&v)?;
        sink.commitment(&met.promise(
            &format!("demo-experience-{account}-{what}"),
            what,
            on,
            day(on, 14),
            visit,
            Some(kept),
        ))?;
    }
    Ok(4)
}

/// A visit whose notes hold the commitments made in it (`>` lines), as
/// they would be written in the field; drawn without the random numbers,
/// so every other record of the demo stays as it was.
pub(super) fn promises_in_notes(sink: &mut dyn Sink, met: &Met, today: Date) -> Result<u64> {
    let account = met.account;
    let on = back_to_weekday(day(today, -2));
    let lines = [
        ("send the discharge checklist template", day(on, 9)),
        ("book the pharmacy follow-up", day(on, 20)),
    ];
    let mut notes = String::from("Walked the discharge pathway with the ward team.");
    for (what, due) in lines {
        notes.push_str(&format!("\n> {what} due:{due}"));
    }
    let visit = sink.visit(&met.visit(&format!("demo-notes-visit-{account}"), on, notes, None))?;
    for (what, due) in lines {
        sink.commitment(&met.promise(
            &format!("demo-notes-{account}-{what}"),
            what,
            on,
            due,
            visit,
            None,
        ))?;
    }
    Ok(1 + lines.len() as u64)
}
