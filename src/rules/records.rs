//! What a record must be on its own, before the book is asked anything:
//! the checks a form runs as a field is left, the importer runs on every
//! block, and [`super::judge`] runs on every change.

use super::{Checked, Field, Refusal};
use crate::domain::dates::shown;
use crate::domain::{
    Account, Commitment, Date, Direction, Introduction, Measurement, Metric, Moment, Partner,
    SignalNote, Stakeholder, Visit,
};

/// Things that happened are dated today or earlier.
pub fn happened(field: Field, what: &str, on: Date, today: Date) -> Checked {
    if on > today {
        return Err(Refusal::at(
            field,
            format!(
                "{what} {} is in the future; what happened is dated today ({}) or earlier",
                shown(today, on),
                shown(today, today)
            ),
        ));
    }
    Ok(())
}

pub fn account(a: &Account, today: Date) -> Checked {
    if a.name.trim().is_empty() {
        return Err(Refusal::at(Field::Name, "an account needs a name"));
    }
    if !crate::domain::text::valid_handle(&a.handle) {
        return Err(Refusal::at(
            Field::Handle,
            format!(
                "`@{}`: not a handle; use letters, digits, - _ or . (up to 40), e.g. @mercy",
                a.handle
            ),
        ));
    }
    if let Some(t) = a
        .tags
        .iter()
        .find(|t| t.trim().is_empty() || t.contains(','))
    {
        return Err(Refusal::at(
            Field::Tags,
            format!("`{t}`: not a tag; tags are single words or phrases without commas"),
        ));
    }
    if let Some(p) = crate::domain::key_dates::list_problem(&a.key_dates) {
        return Err(Refusal::at(Field::KeyDates, p));
    }
    for r in &a.renewals {
        happened(Field::Renewals, "a renewal settled", r.on, today)?;
    }
    for x in &a.answers {
        if x.answer.trim().is_empty() || x.prompt.trim().is_empty() {
            return Err(Refusal::at(
                Field::Answers,
                "an answer to a stage's prompt needs the prompt and its answer",
            ));
        }
        happened(Field::Answers, "an answer given", x.on, today)?;
    }
    for x in &a.assessments {
        if x.dimension.trim().is_empty() || !(1..=10).contains(&x.level) {
            return Err(Refusal::at(
                Field::Assessments,
                format!(
                    "an assessment needs a dimension and a level from 1 to 10 (`{}` at {})",
                    x.dimension, x.level
                ),
            ));
        }
        happened(Field::Assessments, "an assessment made", x.on, today)?;
    }
    happened(
        Field::StageSince,
        "in its stage since",
        a.stage_since,
        today,
    )
}

pub fn partner(p: &Partner) -> Checked {
    if p.name.trim().is_empty() {
        return Err(Refusal::at(
            Field::Name,
            "a business partner needs a name (e.g. Medical Affairs)",
        ));
    }
    if let Some(why) = crate::domain::partners::list_problem(&p.kpis) {
        return Err(Refusal::at(Field::Kpis, why));
    }
    Ok(())
}

pub fn introduction(x: &Introduction, today: Date) -> Checked {
    if x.from.trim().is_empty() {
        return Err(Refusal::at(
            Field::From,
            "an introduction needs the stakeholder of theirs who is introduced",
        ));
    }
    if x.to.trim().is_empty() {
        return Err(Refusal::at(
            Field::To,
            "an introduction needs whom they meet: a peer at another customer, or an expert of ours",
        ));
    }
    happened(Field::On, "an introduction proposed", x.on, today)?;
    happened(Field::StatusOn, "its status moved", x.status_on, today)?;
    if x.status_on < x.on {
        return Err(Refusal::at(
            Field::StatusOn,
            format!(
                "its status moved {} before it was proposed ({})",
                shown(today, x.status_on),
                shown(today, x.on)
            ),
        ));
    }
    Ok(())
}

pub fn stakeholder(s: &Stakeholder) -> Checked {
    if s.name.trim().is_empty() {
        return Err(Refusal::at(Field::Name, "a stakeholder needs a name"));
    }
    Ok(())
}

pub fn moment(m: &Moment) -> Checked {
    if m.what.trim().is_empty() {
        return Err(Refusal::at(
            Field::What,
            "a moment of truth needs a description",
        ));
    }
    Ok(())
}

pub fn metric(m: &Metric, today: Date) -> Checked {
    if m.name.trim().is_empty() {
        return Err(Refusal::at(Field::Name, "a success metric needs a name"));
    }
    for (field, what, v) in [
        (
            Field::Baseline,
            "baseline",
            m.baseline.as_ref().map(|b| b.value),
        ),
        (Field::Target, "target", m.target),
    ] {
        if let Some(v) = v {
            number(field, what, v)?;
        }
    }
    if let Some(d) = m.definition.every_days {
        if !(1..=3650).contains(&d) {
            return Err(Refusal::at(
                Field::Every,
                format!("a measurement every {d} days: give 1 to 3650 days (e.g. 7, 30, 90)"),
            ));
        }
    }
    if let Some(on) = m.voice.on {
        happened(Field::SaidOn, "the day they said it", on, today)?;
    }
    if let Some(b) = &m.baseline {
        happened(Field::BaselineOn, "the baseline's date", b.on, today)?;
        if !m.proxy.trim().is_empty() {
            return Err(Refusal::at(
                Field::Proxy,
                "a proxy stands in while there is no baseline; with a baseline, leave the proxy empty",
            ));
        }
        if let Some(t) = m.target {
            let (ok, side) = match m.direction {
                Direction::Higher => (t > b.value, "above"),
                Direction::Lower => (t < b.value, "below"),
            };
            if !ok {
                return Err(Refusal::at(
                    Field::Target,
                    format!(
                        "target {t} is not {side} the baseline {}, yet {} is better; \
                         change the target or the direction",
                        b.value,
                        match m.direction {
                            Direction::Higher => "higher",
                            Direction::Lower => "lower",
                        }
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The largest magnitude saydo keeps: far beyond any real measure, and
/// safely printable and comparable.
pub const LARGEST: f64 = 1e15;

/// A finite number of a sensible size.
pub fn number(field: Field, what: &str, v: f64) -> Checked {
    if !v.is_finite() {
        return Err(Refusal::at(field, format!("the {what} must be a number")));
    }
    if v.abs() > LARGEST {
        return Err(Refusal::at(
            field,
            format!("the {what} {v:e} is too large; saydo keeps numbers up to 1e15"),
        ));
    }
    Ok(())
}

pub fn measurement(m: &Measurement, today: Date) -> Checked {
    if !m.value.is_finite() {
        return Err(Refusal::at(Field::Value, "a measurement must be a number"));
    }
    number(Field::Value, "measurement", m.value)?;
    happened(Field::On, "a measurement dated", m.on, today)
}

pub fn visit(v: &Visit, today: Date) -> Checked {
    happened(Field::On, "a visit on", v.on, today)?;
    if let Some(f) = &v.feedback {
        if f.score > 10 {
            return Err(Refusal::at(
                Field::Score,
                format!("a score of {}: feedback scores run from 0 to 10", f.score),
            ));
        }
        if f.on < v.on {
            return Err(Refusal::at(
                Field::AskedOn,
                format!(
                    "feedback given {} is before the visit ({}); it is asked for after",
                    shown(today, f.on),
                    shown(today, v.on)
                ),
            ));
        }
        happened(Field::AskedOn, "feedback given on", f.on, today)?;
    }
    Ok(())
}

pub fn commitment(c: &Commitment, today: Date) -> Checked {
    if c.what.trim().is_empty() {
        return Err(Refusal::at(
            Field::What,
            "a commitment needs to say what was promised",
        ));
    }
    if c.owner.trim().is_empty() {
        return Err(Refusal::at(Field::Owner, "a commitment needs an owner"));
    }
    if c.due_on < c.made_on {
        return Err(Refusal::at(
            Field::Due,
            format!(
                "due {} is before it was made ({}); a commitment falls due on or after the day it was made",
                shown(today, c.due_on),
                shown(today, c.made_on)
            ),
        ));
    }
    happened(Field::Made, "made on", c.made_on, today)?;
    if let Some(r) = c.resolved_on {
        happened(Field::ResolvedOn, "resolved on", r, today)?;
    }
    if (c.status == crate::domain::Status::Open) != c.resolved_on.is_none() {
        return Err(Refusal::at(
            Field::Status,
            format!(
                "status {}: an open commitment has no resolution date, and any other status needs one",
                c.status
            ),
        ));
    }
    for r in &c.renegotiations {
        happened(
            Field::AgreedOn,
            "a renegotiation agreed on",
            r.agreed_on,
            today,
        )?;
    }
    Ok(())
}

pub fn signal_note(n: &SignalNote, today: Date) -> Checked {
    if n.note.trim().is_empty() {
        return Err(Refusal::at(
            Field::Note,
            "a note says what happened; write a few words",
        ));
    }
    happened(Field::On, "the signal's last point", n.on, today)?;
    happened(Field::On, "a note written on", n.acknowledged_on, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Baseline, MetricKind};
    use jiff::civil::date;
    use uuid::Uuid;

    const TODAY: Date = date(2026, 11, 24);

    fn metric_with(direction: Direction, baseline: f64, target: f64) -> Metric {
        Metric {
            id: Uuid::nil(),
            num: 0,
            account: 1,
            name: "Cost per procedure".into(),
            words: String::new(),
            kind: MetricKind::BusinessCase,
            unit: "EUR".into(),
            direction,
            baseline: Some(Baseline {
                value: baseline,
                on: date(2026, 1, 5),
            }),
            proxy: String::new(),
            target: Some(target),
            target_on: None,
            kpi: String::new(),
            moment: None,
            definition: Default::default(),
            voice: Default::default(),
            partner: None,
        }
    }

    #[test]
    fn a_target_sits_on_the_better_side_of_the_baseline() {
        let e = metric(&metric_with(Direction::Higher, 410.0, 340.0), TODAY).unwrap_err();
        assert_eq!(e.field, Some(Field::Target));
        assert!(e.message.contains("not above the baseline 410"), "{e}");
        assert!(metric(&metric_with(Direction::Lower, 410.0, 340.0), TODAY).is_ok());
        assert!(metric(&metric_with(Direction::Lower, 410.0, 410.0), TODAY).is_err());
    }

    #[test]
    fn a_baseline_and_a_proxy_do_not_go_together() {
        let mut m = metric_with(Direction::Lower, 410.0, 340.0);
        m.proxy = "audit sample".into();
        assert_eq!(metric(&m, TODAY).unwrap_err().field, Some(Field::Proxy));
    }

    #[test]
    fn nothing_that_happened_is_dated_in_the_future() {
        assert!(happened(Field::On, "a visit on", TODAY, TODAY).is_ok());
        let e = happened(Field::On, "a visit on", date(2026, 12, 24), TODAY).unwrap_err();
        assert!(e.message.contains("in the future"), "{e}");
    }

    #[test]
    fn numbers_are_finite_and_bounded() {
        assert!(number(Field::Value, "value", 1e308).is_err());
        assert!(number(Field::Value, "value", f64::NAN).is_err());
        assert!(number(Field::Value, "value", -42.5).is_ok());
    }
}
