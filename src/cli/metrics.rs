//! `saydo metric …`: a customer's success metrics, their measurements and
//! what the XmR chart says of them.

use super::args::MetricCmd;
use super::records::{choice, fmt_value, number, saved};
use super::table::Table;
use super::{bad, print_json, Ctx, Failure, Outcome};
use crate::domain::dates::shown;
use crate::domain::figures::percent;
use crate::domain::text::slug;
use crate::domain::xmr;
use crate::domain::{Baseline, Direction, Metric, MetricKind};
use crate::report::{self, metric_status};
use crate::store::{Change, Store};
use serde::Serialize;

pub(super) fn metric_table(list: &[report::MetricStatus]) -> Table {
    let mut t = Table::new(&[
        "#",
        "metric",
        "kind",
        ">baseline",
        ">latest",
        ">target",
        ">progress",
        "status",
        ">signals",
        "cpi",
    ]);
    for s in list {
        let m = &s.metric;
        let baseline = match &m.baseline {
            Some(b) => fmt_value(Some(b.value), &m.unit),
            None if !m.proxy.is_empty() => format!("proxy: {}", m.proxy),
            None => "—".into(),
        };
        t.row(vec![
            m.num.to_string(),
            m.label(),
            m.kind.to_string(),
            baseline,
            fmt_value(s.latest, &m.unit),
            fmt_value(m.target, &m.unit),
            percent(s.progress),
            match s.track {
                crate::domain::figures::Track::OnTrack => "on track",
                crate::domain::figures::Track::OffTrack => "off track",
                crate::domain::figures::Track::Unknown => "—",
            }
            .into(),
            s.signals.to_string(),
            m.standing().into(),
        ]);
    }
    t
}

pub fn metric(ctx: &mut Ctx, cmd: MetricCmd) -> Outcome {
    match cmd {
        c @ (MetricCmd::Edit { .. } | MetricCmd::Remove { .. }) => super::edits::metric(ctx, c),
        MetricCmd::Add {
            account,
            name,
            words,
            kind,
            unit,
            direction,
            baseline,
            baseline_on,
            proxy,
            target,
            target_on,
            kpi,
            guards,
            definition,
        } => {
            let a = ctx.account(&account)?;
            let baseline = match baseline {
                Some(v) => Some(Baseline {
                    value: number("--baseline", &v)?,
                    on: ctx
                        .opt_past_date("--baseline-on", baseline_on.as_deref())?
                        .unwrap_or(ctx.today),
                }),
                None if baseline_on.is_some() => {
                    return bad("`--baseline-on` needs `--baseline VALUE` too")
                }
                None => None,
            };
            let m = Metric {
                words,
                kind: choice::<MetricKind>("--kind", &kind)?,
                unit,
                direction: choice::<Direction>("--direction", &direction)?,
                baseline,
                proxy,
                target: target.map(|t| number("--target", &t)).transpose()?,
                target_on: ctx.opt_date("--target-on", target_on.as_deref())?,
                kpi,
                moment: guards,
                ..Metric::new(a.num, name)
            };
            let mut m = m;
            super::edits::define(ctx, &mut m, definition)?;
            saved(ctx.store.apply(&Change::AddMetric(m), ctx.today)?);
            Ok(())
        }
        MetricCmd::List { account, json } => {
            let acc = account.map(|a| ctx.account(&a)).transpose()?;
            let list = ctx
                .store
                .metrics(acc.as_ref().map(|a| a.num))?
                .iter()
                .map(|m| metric_status(&ctx.store, m))
                .collect::<Result<Vec<_>, _>>()?;
            if json {
                return print_json(&list);
            }
            out!("{}", metric_table(&list).render());
            Ok(())
        }
        MetricCmd::Show { metric, name, json } => show_metric(ctx, &metric, name.as_deref(), json),
    }
}

struct MetricDetail {
    status: report::MetricStatus,
    limits: Option<xmr::Limits>,
    signals: Vec<xmr::Signal>,
    measurements: Vec<crate::domain::Measurement>,
}

impl Serialize for MetricDetail {
    /// The status's fields (its signal count left to `signals`' length),
    /// limits, signals and measurements, each key once.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        report::one_object(
            &self.status,
            &[("signals", None)],
            vec![
                (
                    "limits",
                    serde_json::to_value(&self.limits).unwrap_or_default(),
                ),
                (
                    "signals",
                    serde_json::to_value(&self.signals).unwrap_or_default(),
                ),
                (
                    "measurements",
                    serde_json::to_value(&self.measurements).unwrap_or_default(),
                ),
            ],
        )
        .serialize(s)
    }
}

fn show_metric(ctx: &Ctx, first: &str, name: Option<&str>, json: bool) -> Outcome {
    let m = which_metric(ctx, first, name)?;
    let status = metric_status(&ctx.store, &m)?;
    let ms = ctx.store.measurements(m.num)?;
    let values: Vec<f64> = ms.iter().map(|x| x.value).collect();
    let chart = xmr::chart(&values);
    let d = MetricDetail {
        limits: chart.as_ref().map(|c| c.limits.clone()),
        signals: chart
            .as_ref()
            .map(|c| c.signals.clone())
            .unwrap_or_default(),
        measurements: ms,
        status,
    };
    if json {
        return print_json(&d);
    }
    about(ctx, &m, &d)?;
    limits_and_signals(ctx, &m, &d)?;
    readings(ctx, &m, &d, chart.as_ref());
    Ok(())
}

/// The metric typed: `#12`, or an account and the metric's name.
fn which_metric(ctx: &Ctx, first: &str, name: Option<&str>) -> Result<Metric, Failure> {
    let m = if let Ok(num) = first.trim_start_matches('#').parse::<i64>() {
        match ctx.store.metric(num)? {
            Some(m) => m,
            None => {
                return bad(format!(
                    "there is no metric #{num}; `saydo metric list` shows their numbers"
                ))
            }
        }
    } else {
        let a = ctx.account(first)?;
        let Some(name) = name else {
            return bad(format!(
                "which metric of @{}? e.g. saydo metric show @{} door-to-needle",
                a.handle, a.handle
            ));
        };
        let metrics = ctx.store.metrics(Some(a.num))?;
        let t = crate::capture::Typed {
            text: name.to_string(),
            span: 0..name.len(),
        };
        crate::capture::resolve::pick_metric(&t, &a, &metrics)
            .map_err(|e| Failure::Input(e.message))?
            .clone()
    };
    Ok(m)
}

/// What it measures, from where to where, and what it serves.
fn about(ctx: &Ctx, m: &Metric, d: &MetricDetail) -> Outcome {
    outln!(
        "#{} {} — {} ({} is better)",
        m.num,
        m.label(),
        m.kind,
        m.direction
    );
    if !m.words.is_empty() {
        outln!("in their words: “{}”", m.words);
    }
    match &m.baseline {
        Some(b) => outln!(
            "baseline {} on {}",
            fmt_value(Some(b.value), &m.unit),
            shown(ctx.today, b.on)
        ),
        None => outln!(
            "no baseline yet{}",
            if m.proxy.is_empty() {
                String::new()
            } else {
                format!("; proxy: {}", m.proxy)
            }
        ),
    }
    outln!(
        "target {} by {} · latest {} · progress {}",
        fmt_value(m.target, &m.unit),
        m.target_on.map_or("—".into(), |d| shown(ctx.today, d)),
        fmt_value(d.status.latest, &m.unit),
        percent(d.status.progress)
    );
    let partners = ctx.store.partners()?;
    match crate::domain::partners::serves_line(m, &partners) {
        Some(line) => outln!("{line}"),
        None if !m.kpi.is_empty() => outln!("lines up with our KPI: {}", m.kpi),
        None => {}
    }
    outln!("{}", m.voice_line(ctx.today));
    let how = m.definition.describe();
    if !how.is_empty() {
        outln!("{how}");
    }
    Ok(())
}

/// The process limits, the notes on its signals, and the signals.
fn limits_and_signals(ctx: &Ctx, m: &Metric, d: &MetricDetail) -> Outcome {
    match &d.limits {
        Some(l) => {
            outln!(
                "XmR: central line {:.2} · natural process limits {:.2} – {:.2} · average moving range {:.2}",
                l.central, l.lower, l.upper, l.avg_moving_range
            );
            outln!("mR: upper range limit {:.2}", l.upper_range());
        }
        None => outln!(
            "XmR: too few points for limits ({} of the {} they need)",
            d.measurements.len(),
            xmr::MIN_POINTS
        ),
    }
    for n in ctx.store.signal_notes(Some(m.num))? {
        outln!(
            "note on the {} signal of {}: {} (written {})",
            n.rule.describe(),
            crate::domain::dates::shown(ctx.today, n.on),
            n.note,
            crate::domain::dates::shown(ctx.today, n.acknowledged_on)
        );
    }
    for s in &d.signals {
        outln!(
            "signal: {} ({}), {} → {}",
            s.rule.describe(),
            match s.side {
                xmr::Side::Above => "above",
                xmr::Side::Below => "below",
            },
            shown(ctx.today, d.measurements[s.first].on),
            shown(ctx.today, d.measurements[s.last].on)
        );
    }
    Ok(())
}

/// Each reading with its moving range and whether it is a signal.
fn readings(ctx: &Ctx, m: &Metric, d: &MetricDetail, chart: Option<&xmr::Chart>) {
    let mut t = Table::new(&["date", ">value", ">mR", "signal", "source", "note"]);
    let url = d.limits.as_ref().map(|l| l.upper_range());
    for (i, x) in d.measurements.iter().enumerate() {
        let flagged = chart.as_ref().is_some_and(|c| c.flags(i));
        // The moving range from the reading before; ▲ above its limit.
        let mr = match i
            .checked_sub(1)
            .map(|p| (x.value - d.measurements[p].value).abs())
        {
            Some(r) if url.is_some_and(|u| r > u) => format!("{} ▲", fmt_value(Some(r), "")),
            Some(r) => fmt_value(Some(r), ""),
            None => String::new(),
        };
        t.row(vec![
            shown(ctx.today, x.on),
            fmt_value(Some(x.value), ""),
            mr,
            if flagged { "◆".into() } else { String::new() },
            x.source.clone(),
            x.note.clone(),
        ]);
    }
    if t.is_empty() {
        outln!(
            "no measurements yet: saydo add 'measure @handle {} VALUE'",
            slug(&m.name)
        );
    } else {
        t.print();
    }
}
