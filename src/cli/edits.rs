//! Editing and removing every kind of record, and a commitment's outcomes,
//! from the shell: the same changes the TUI makes (one transaction each,
//! the same rules, undoable with `saydo undo`). A field not given keeps its
//! value.

use super::args::{
    CommitCmd, MeasurementCmd, MetricCmd, MomentCmd, SignalCmd, StakeholderCmd, VisitCmd,
};
use super::records::{choice, number};
use super::{Ctx, Failure, Outcome};
use crate::domain::Date;
use crate::store::{Change, Record, Store, VisitQuery};

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Applies `change` and says what was saved (and any notice).
fn save(ctx: &mut Ctx, change: Change) -> Outcome {
    // A visit's notes may make or change commitments (`>` lines).
    let cctx = crate::capture::Context {
        today: ctx.today,
        me: &ctx.me,
        account: None,
        visit: None,
    };
    let (change, notes) = crate::capture::notes::with_notes(change, &cctx, &ctx.store)?;
    let applied = ctx.store.apply(&change, ctx.today)?;
    outln!("saved #{}: {}", applied.num, applied.label);
    for p in &notes.previews {
        outln!("  {p}");
    }
    for n in applied.notice.iter().chain(notes.notice().iter()) {
        outln!("note: {n}");
    }
    Ok(())
}

fn visit_numbered(ctx: &Ctx, num: i64) -> Result<crate::domain::Visit, Failure> {
    ctx.store
        .visits(&VisitQuery::default())?
        .into_iter()
        .find(|v| v.num == num)
        .ok_or_else(|| no_such("visit", num, "saydo visit list"))
}

fn no_such(kind: &str, num: i64, listed_by: &str) -> Failure {
    Failure::Input(format!(
        "there is no {kind} #{num}; `{listed_by}` shows their numbers"
    ))
}

fn on_or_today(ctx: &Ctx, on: Option<&str>) -> Result<Date, Failure> {
    Ok(ctx.opt_past_date("--on", on)?.unwrap_or(ctx.today))
}

pub fn commit(ctx: &mut Ctx, cmd: CommitCmd) -> Outcome {
    let change = match cmd {
        CommitCmd::List { .. } => return Ok(()),
        CommitCmd::Done { num, on } => Change::Keep {
            commitment: num,
            on: on_or_today(ctx, on.as_deref())?,
        },
        CommitCmd::Broken { num, reason, on } => Change::Break {
            commitment: num,
            on: on_or_today(ctx, on.as_deref())?,
            reason: reason.trim().to_string(),
        },
        CommitCmd::Drop { num, reason, on } => Change::Drop {
            commitment: num,
            on: on_or_today(ctx, on.as_deref())?,
            reason: reason.trim().to_string(),
        },
        CommitCmd::Renegotiate { num, due, reason } => Change::Renegotiate {
            commitment: num,
            new_due: match ctx.store.commitment(num)? {
                Some(c) => ctx.date_at("--due", &due, c.account, false)?,
                None => ctx.date("--due", &due)?,
            },
            reason: reason.trim().to_string(),
            agreed_on: ctx.today,
        },
        CommitCmd::Edit {
            num,
            what,
            to,
            owner,
            due,
            made,
        } => {
            let mut c = ctx
                .store
                .commitment(num)?
                .ok_or_else(|| no_such("commitment", num, "saydo commit list --all"))?;
            if let Some(w) = what {
                c.what = w.trim().to_string();
            }
            if let Some(t) = to {
                c.to_whom = t.trim().to_string();
            }
            if let Some(o) = ctx.owner(owner)? {
                c.owner = o;
            }
            if let Some(d) = due {
                c.due_on = ctx.date_at("--due", &d, c.account, false)?;
            }
            if let Some(m) = made {
                c.made_on = ctx.date_at("--made", &m, c.account, true)?;
            }
            Change::EditCommitment(c)
        }
        CommitCmd::Remove { num } => Change::Remove(Record::Commitment(num)),
    };
    save(ctx, change)
}

pub fn visit(ctx: &mut Ctx, cmd: VisitCmd) -> Outcome {
    let change = match cmd {
        VisitCmd::List { .. } => return Ok(()),
        VisitCmd::Edit {
            num,
            on,
            kind,
            intent,
            with,
            us,
            notes,
        } => {
            let mut v = visit_numbered(ctx, num)?;
            if let Some(d) = on {
                v.on = ctx.date_at("--on", &d, v.account, true)?;
            }
            if let Some(k) = kind {
                v.kind = choice("--kind", &k)?;
            }
            if let Some(i) = intent {
                v.intent = choice("--intent", &i)?;
            }
            if let Some(w) = with {
                v.theirs = list(&w);
            }
            if let Some(u) = us {
                v.ours = list(&u);
            }
            if let Some(n) = notes {
                v.notes = n;
            }
            Change::EditVisit(v)
        }
        VisitCmd::Feedback {
            num,
            score,
            words,
            on,
        } => {
            let mut v = visit_numbered(ctx, num)?;
            v.feedback = Some(crate::domain::Feedback {
                score,
                words,
                on: on_or_today(ctx, on.as_deref())?,
            });
            Change::EditVisit(v)
        }
        VisitCmd::Remove { num } => Change::Remove(Record::Visit(num)),
    };
    save(ctx, change)
}

pub fn stakeholder(ctx: &mut Ctx, cmd: StakeholderCmd) -> Outcome {
    let change = match cmd {
        StakeholderCmd::Add { .. } | StakeholderCmd::List { .. } => return Ok(()),
        StakeholderCmd::Edit {
            num,
            name,
            role,
            layer,
            contact,
            notes,
            peers,
        } => {
            let mut s = ctx
                .store
                .stakeholders(None)?
                .into_iter()
                .find(|s| s.num == num)
                .ok_or_else(|| no_such("stakeholder", num, "saydo stakeholder list"))?;
            if let Some(n) = name {
                s.name = n.trim().to_string();
            }
            if let Some(r) = role {
                s.role = r.trim().to_string();
            }
            if let Some(l) = layer {
                s.layer = crate::domain::Layer::parse_in(&l, &ctx.config.layers)
                    .map_err(|e| Failure::Input(format!("`--layer {l}`: {e}")))?;
            }
            if let Some(c) = contact {
                s.contact = c.trim().to_string();
            }
            if let Some(n) = notes {
                s.notes = n;
            }
            if let Some(p) = peers {
                s.peers = yes_no(
                    "--peers",
                    &p,
                    "will they speak to their peers at other customers?",
                )?;
            }
            Change::EditStakeholder(s)
        }
        StakeholderCmd::Remove { num } => Change::Remove(Record::Stakeholder(num)),
    };
    save(ctx, change)
}

pub fn moment(ctx: &mut Ctx, cmd: MomentCmd) -> Outcome {
    let change = match cmd {
        MomentCmd::Add { .. } | MomentCmd::List { .. } => return Ok(()),
        MomentCmd::Edit {
            num,
            what,
            severity,
        } => {
            let mut m = ctx
                .store
                .moments(None)?
                .into_iter()
                .find(|m| m.num == num)
                .ok_or_else(|| no_such("moment of truth", num, "saydo moment list"))?;
            if let Some(w) = what {
                m.what = w.trim().to_string();
            }
            if let Some(s) = severity {
                m.severity = choice("--severity", &s)?;
            }
            Change::EditMoment(m)
        }
        MomentCmd::Remove { num } => Change::Remove(Record::Moment(num)),
    };
    save(ctx, change)
}

pub fn metric(ctx: &mut Ctx, cmd: MetricCmd) -> Outcome {
    let change = match cmd {
        MetricCmd::Edit {
            num,
            name,
            words,
            unit,
            direction,
            target,
            target_on,
            kpi,
            proxy,
            definition,
        } => {
            let mut m = ctx
                .store
                .metric(num)?
                .ok_or_else(|| no_such("metric", num, "saydo metric list"))?;
            if let Some(n) = name {
                m.name = n.trim().to_string();
            }
            if let Some(w) = words {
                m.words = w.trim().to_string();
            }
            if let Some(u) = unit {
                m.unit = u.trim().to_string();
            }
            if let Some(d) = direction {
                m.direction = choice("--direction", &d)?;
            }
            if let Some(t) = target {
                m.target = match t.trim() {
                    "" | "none" => None,
                    t => Some(number("--target", t)?),
                };
            }
            if let Some(d) = target_on {
                m.target_on = match d.trim() {
                    "" | "none" => None,
                    d => Some(ctx.date("--target-on", d)?),
                };
            }
            if let Some(k) = kpi {
                m.kpi = k.trim().to_string();
            }
            if let Some(p) = proxy {
                m.proxy = p.trim().to_string();
            }
            define(ctx, &mut m, definition)?;
            Change::EditMetric(m)
        }
        MetricCmd::Remove { num } => Change::Remove(Record::Metric(num)),
        _ => return Ok(()),
    };
    save(ctx, change)
}

pub fn measurement(ctx: &mut Ctx, cmd: MeasurementCmd) -> Outcome {
    let change = match cmd {
        MeasurementCmd::Edit {
            num,
            value,
            on,
            source,
            note,
        } => {
            let mut found = None;
            for m in ctx.store.metrics(None)? {
                if let Some(x) = ctx
                    .store
                    .measurements(m.num)?
                    .into_iter()
                    .find(|x| x.num == num)
                {
                    found = Some(x);
                    break;
                }
            }
            let mut x = found.ok_or_else(|| no_such("measurement", num, "saydo metric show N"))?;
            if let Some(v) = value {
                x.value = number("--value", &v)?;
            }
            if let Some(d) = on {
                x.on = ctx.past_date("--on", &d)?;
            }
            if let Some(s) = source {
                x.source = s.trim().to_string();
            }
            if let Some(n) = note {
                x.note = n;
            }
            Change::EditMeasurement(x)
        }
        MeasurementCmd::Remove { num } => Change::Remove(Record::Measurement(num)),
    };
    save(ctx, change)
}

pub fn signal(ctx: &mut Ctx, cmd: SignalCmd) -> Outcome {
    let SignalCmd::Note {
        metric,
        rule,
        on,
        note,
        visit,
        commitment,
    } = cmd
    else {
        return Ok(());
    };
    let rule: crate::domain::xmr::Rule = serde_json::from_value(serde_json::Value::String(
        rule.trim().to_lowercase(),
    ))
    .map_err(|_| {
        Failure::Input(format!(
            "`{rule}`: not a signal's rule; one of beyond-limit, run-of-eight, three-of-four"
        ))
    })?;
    ctx.store
        .metric(metric)?
        .ok_or_else(|| no_such("metric", metric, "saydo signal list"))?;
    let on = ctx.past_date("on", &on)?;
    save(
        ctx,
        Change::NoteSignal(crate::domain::SignalNote {
            id: uuid::Uuid::nil(),
            num: 0,
            metric,
            rule,
            on,
            note: note.trim().to_string(),
            visit,
            commitment,
            acknowledged_on: ctx.today,
        }),
    )
}

/// The definition and voice flags given, onto a metric.
/// A yes or no flag's value; `what` is the question it answers.
pub fn yes_no(flag: &str, v: &str, what: &str) -> Result<bool, Failure> {
    match v.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(Failure::Input(format!(
            "`{flag} {v}`: say yes or no ({what})"
        ))),
    }
}

pub fn define(
    ctx: &Ctx,
    m: &mut crate::domain::Metric,
    a: super::args::DefinitionArgs,
) -> Result<(), Failure> {
    let trimmed = |s: String| s.trim().to_string();
    if let Some(v) = a.partner {
        m.partner = match v.trim() {
            "" | "none" => None,
            name => Some(super::partners::find(ctx, name)?.num),
        };
    }
    if let Some(v) = a.said_by {
        m.voice.by = trimmed(v);
    }
    if let Some(v) = a.said_on {
        m.voice.on = match v.trim() {
            "" | "none" => None,
            w => Some(ctx.date_at("--said-on", w, m.account, true)?),
        };
    }
    if let Some(v) = a.valued {
        m.voice.valued = yes_no("--valued", &v, "did they say they value it?")?;
    }
    let d = &mut m.definition;
    if let Some(v) = a.intended {
        d.intended = trimmed(v);
    }
    if let Some(v) = a.calculation {
        d.calculation = trimmed(v);
    }
    if let Some(v) = a.data_source {
        d.data_source = trimmed(v);
    }
    if let Some(v) = a.measured_by {
        d.measured_by = trimmed(v);
    }
    if let Some(v) = a.every {
        d.every_days = match v.trim() {
            "" | "none" => None,
            w => Some(
                crate::domain::dates::parse_window(w)
                    .map_err(|e| Failure::Input(format!("--every {e}")))?,
            ),
        };
    }
    Ok(())
}
