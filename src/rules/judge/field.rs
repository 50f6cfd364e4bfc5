//! Verdicts on the records of the field: metrics, measurements, visits
//! and commitments, their outcomes and renegotiations, signal notes and
//! removals.

use super::*;

/// Measurements, visits and commitments.
pub(super) fn field_records<F: Facts>(change: &Change, f: &F, today: Date) -> Judged<F::Error> {
    Ok(match change {
        Change::AddMeasurement(m) | Change::EditMeasurement(m) => {
            let edit = matches!(change, Change::EditMeasurement(_));
            return measurement(f, m, edit, today);
        }
        Change::AddVisit(v) | Change::EditVisit(v) => {
            let edit = matches!(change, Change::EditVisit(_));
            let a = if edit {
                owner_of(f, Record::Visit(v.num), Some(v.account))?
            } else {
                need_account(f, v.account)?
            };
            records(records::visit(v, today))?;
            let label = if edit {
                Label::fixed(format!("edit visit #{} at @{}", v.num, a.handle))
            } else {
                Label::numbered(
                    format!("log {} {} visit #", v.intent, v.kind),
                    format!(" at @{} on {}", a.handle, shown(today, v.on)),
                )
            };
            Verdict::new(label, a)
        }
        Change::AddCommitment(c) | Change::EditCommitment(c) => {
            let edit = matches!(change, Change::EditCommitment(_));
            let a = if edit {
                owner_of(f, Record::Commitment(c.num), Some(c.account))?
            } else {
                need_account(f, c.account)?
            };
            records(records::commitment(c, today))?;
            commitment_links(f, c, &a, today)?;
            let label = if edit {
                Label::fixed(format!("edit commitment #{} at @{}", c.num, a.handle))
            } else {
                Label::numbered(
                    "add commitment #",
                    format!(" at @{} · due {}", a.handle, shown(today, c.due())),
                )
            };
            Verdict::new(label, a)
        }
        _ => return not_here(),
    })
}

/// A measurement added or edited: its metric exists, one a day, and it
/// stays with its metric.
fn measurement<F: Facts>(
    f: &F,
    m: &crate::domain::Measurement,
    edit: bool,
    today: Date,
) -> Judged<F::Error> {
    if edit
        && f.account_of(Record::Measurement(m.num))
            .map_err(Fault::Facts)?
            .is_none()
    {
        return refuse(None, format!("there is no measurement #{}", m.num));
    }
    let Some(metric) = f.metric(m.metric).map_err(Fault::Facts)? else {
        return refuse(
            Some(Field::Metric),
            format!("there is no metric #{}", m.metric),
        );
    };
    records(records::measurement(m, today))?;
    if f.measured_on(m.metric, m.on, if edit { m.num } else { 0 })
        .map_err(Fault::Facts)?
    {
        return refuse(
            Some(Field::On),
            format!(
                "{} has a measurement on {} already; edit that one, or give another date",
                metric.name,
                shown(today, m.on)
            ),
        );
    }
    if edit && f.measurement_metric(m.num).map_err(Fault::Facts)? != Some(m.metric) {
        return refuse(
            Some(Field::Metric),
            "a measurement stays with its metric; add a new one to the other metric".into(),
        );
    }
    let a = need_account(f, metric.account)?;
    let unit = if metric.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", metric.unit)
    };
    let verb = if edit {
        "edit measurement of"
    } else {
        "measure"
    };
    let label = format!(
        "{verb} {} = {}{unit} on {}",
        metric.name,
        m.value,
        shown(today, m.on)
    );
    Ok(Verdict::new(Label::fixed(label), a))
}

/// A commitment's outcome or a new due date.
pub(super) fn outcomes<F: Facts>(change: &Change, f: &F, today: Date) -> Judged<F::Error> {
    Ok(match change {
        Change::Keep { commitment, on } => {
            let c = need_open_commitment(f, *commitment, today)?;
            outcome_date(*on, today)?;
            let a = need_account(f, c.account)?;
            let status = kept_status(c.judged_due(), *on);
            let how = if status == Status::Kept {
                "on time"
            } else {
                "late"
            };
            let label = format!("commitment #{} kept {how} on {}", c.num, shown(today, *on));
            outcome(c, a, status, label)
        }
        Change::Break { commitment, on, .. } => {
            let c = need_open_commitment(f, *commitment, today)?;
            outcome_date(*on, today)?;
            let a = need_account(f, c.account)?;
            let label = format!("commitment #{} broken on {}", c.num, shown(today, *on));
            outcome(c, a, Status::Broken, label)
        }
        Change::Drop { commitment, on, .. } => {
            let c = need_open_commitment(f, *commitment, today)?;
            outcome_date(*on, today)?;
            let a = need_account(f, c.account)?;
            let label = format!("commitment #{} dropped", c.num);
            outcome(c, a, Status::Dropped, label)
        }
        Change::Renegotiate {
            commitment,
            new_due,
            reason,
            agreed_on,
        } => renegotiate(f, *commitment, *new_due, reason, *agreed_on, today)?,
        _ => return not_here(),
    })
}

/// Notes on signals, and removals.
pub(super) fn notes_and_removals<F: Facts>(
    change: &Change,
    f: &F,
    today: Date,
) -> Judged<F::Error> {
    Ok(match change {
        Change::NoteSignal(n) => {
            let Some(metric) = f.metric(n.metric).map_err(Fault::Facts)? else {
                return refuse(
                    Some(Field::Metric),
                    format!("there is no metric #{}", n.metric),
                );
            };
            let a = need_account(f, metric.account)?;
            if let Some(v) = n.visit {
                if !belongs(f, Record::Visit(v), a.num)? {
                    return refuse(
                        Some(Field::Visit),
                        format!("@{} has no visit #{v}", a.handle),
                    );
                }
            }
            if let Some(c) = n.commitment {
                if !belongs(f, Record::Commitment(c), a.num)? {
                    return refuse(
                        Some(Field::Commitment),
                        format!("@{} has no commitment #{c}", a.handle),
                    );
                }
            }
            records(records::signal_note(n, today))?;
            if f.signal_noted(n.metric, n.rule, n.on)
                .map_err(Fault::Facts)?
            {
                return refuse(
                    None,
                    format!(
                        "the {} signal of {} on {} has a note already",
                        n.rule.describe(),
                        metric.name,
                        shown(today, n.on)
                    ),
                );
            }
            let label = format!(
                "note on {} at @{}: {} on {}",
                metric.name,
                a.handle,
                n.rule.describe(),
                shown(today, n.on)
            );
            Verdict::new(Label::fixed(label), a)
        }
        Change::Remove(r) => {
            let a = owner_of(f, *r, None)?;
            let also = match r {
                Record::Metric(n) => match f.measurement_count(*n).map_err(Fault::Facts)? {
                    0 => String::new(),
                    k => format!(" and its {}", plural(k, "measurement")),
                },
                _ => String::new(),
            };
            let label = format!("remove {}{also} at @{}", r.describe(), a.handle);
            Verdict::new(Label::fixed(label), a)
        }
        _ => return not_here(),
    })
}

/// A new due date agreed on `agreed_on`. It must lie ahead; when the date
/// it replaces has already passed, the commitment keeps being judged on the
/// date that was missed, and the verdict says so.
fn renegotiate<F: Facts>(
    f: &F,
    num: i64,
    new_due: Date,
    reason: &str,
    agreed_on: Date,
    today: Date,
) -> Judged<F::Error> {
    let c = need_open_commitment(f, num, today)?;
    if new_due == c.due() {
        return refuse(
            Some(Field::NewDue),
            format!(
                "commitment #{} is already due {}",
                c.num,
                shown(today, new_due)
            ),
        );
    }
    if new_due < today {
        return refuse(
            Some(Field::NewDue),
            format!(
                "{} has passed; a renegotiated due date is today ({}) or later",
                shown(today, new_due),
                shown(today, today)
            ),
        );
    }
    records(records::happened(
        Field::AgreedOn,
        "a renegotiation agreed on",
        agreed_on,
        today,
    ))?;
    let a = need_account(f, c.account)?;
    let mut after = c.clone();
    after.renegotiations.push(Renegotiation {
        new_due,
        reason: reason.to_string(),
        agreed_on,
    });
    let missed = after.judged_due();
    let notice = (missed < new_due).then(|| {
        let late = days_between(missed, agreed_on).max(1);
        format!(
            "already {} late: this stays late in say/do (judged on {}, the date that was missed)",
            plural(late as usize, "day"),
            shown(today, missed)
        )
    });
    let mut label = format!(
        "commitment #{} renegotiated · due {}",
        c.num,
        shown(today, new_due)
    );
    if let Some(n) = &notice {
        label.push_str(&format!(" · {n}"));
    }
    Ok(Verdict {
        label: Label::fixed(label),
        account: Some(a),
        commitment: Some(c),
        status: None,
        notice,
    })
}
