//! The portfolio report's business partners: per partner, which customer
//! metrics its KPIs serve, and the KPIs no customer metric serves.

use super::markdown::cell;
use crate::domain::partners::PartnerLine;
use std::collections::HashMap;
use std::fmt::Write;

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
                crate::report::register::served_lines(&k.metrics, handles).join(" · ")
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
