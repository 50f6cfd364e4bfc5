//! The portfolio report's business partners: per partner, which customer
//! metrics its KPIs serve, and the KPIs no customer metric serves.

use super::markdown::cell;
use crate::domain::partners::PartnerLine;
use std::collections::HashMap;
use std::fmt::Write;

/// How many accounts a metric's line names before it counts the rest.
const NAMED: usize = 4;

/// The metrics serving one KPI, those of one name together (a portfolio
/// has the same metric at many accounts): "Report turnaround — “…” at
/// @mercy, @aurora and 3 more; CPI at 4 of 5".
fn grouped(metrics: &[&crate::domain::Metric], handles: &HashMap<i64, String>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for m in metrics {
        if !names.contains(&m.name.as_str()) {
            names.push(&m.name);
        }
    }
    names
        .iter()
        .map(|name| {
            let same: Vec<_> = metrics.iter().filter(|m| m.name == *name).collect();
            let at: Vec<String> = same
                .iter()
                .filter_map(|m| handles.get(&m.account).map(|h| format!("@{h}")))
                .collect();
            let mut where_ = at
                .iter()
                .take(NAMED)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if at.len() > NAMED {
                let _ = write!(where_, " and {} more", at.len() - NAMED);
            }
            let cpi = same.iter().filter(|m| m.is_cpi()).count();
            format!(
                "{} at {where_}; CPI at {cpi} of {}",
                same[0].label(),
                same.len()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The section, empty when the register is.
pub fn partners_section(lines: &[PartnerLine], handles: &HashMap<i64, String>) -> String {
    let mut o = String::new();
    if lines.is_empty() {
        return o;
    }
    let _ = writeln!(o, "## Business partners\n");
    let _ = writeln!(
        o,
        "The KPIs each partner already answers for, and the customer metrics aligned with them.\n"
    );
    let _ = writeln!(o, "| Partner | Owner | KPI | Customer metrics it serves |");
    let _ = writeln!(o, "| --- | --- | --- | --- |");
    for l in lines {
        let p = l.partner;
        for k in &l.kpis {
            let served = if k.metrics.is_empty() {
                "— no customer metric beside it".to_string()
            } else {
                grouped(&k.metrics, handles)
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                cell(&p.name),
                cell(p.owner.as_deref().unwrap_or("—")),
                cell(k.kpi),
                cell(&served)
            );
        }
        if p.kpis.is_empty() {
            let _ = writeln!(
                o,
                "| {} | {} | — | no KPIs in the register yet |",
                cell(&p.name),
                cell(p.owner.as_deref().unwrap_or("—"))
            );
        }
    }
    let unserved: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            l.unserved()
                .into_iter()
                .map(move |k| format!("{} · {k}", l.partner.name))
        })
        .collect();
    if !unserved.is_empty() {
        let _ = writeln!(
            o,
            "\nKPIs with no customer metric beside them: {}.",
            cell(&unserved.join("; "))
        );
    }
    o
}
