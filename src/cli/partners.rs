//! `saydo partner`: the register of business partners and the customer
//! metrics aligned with their KPIs.

use super::args::{PartnerCmd, PartnerFields};
use super::records::saved;
use super::table::Table;
use super::{print_json, Ctx, Failure, Outcome};
use crate::domain::partners::{same_kpi, PartnerLine};
use crate::domain::Partner;
use crate::report::register::Register;
use crate::store::{Change, Record, Store};
use std::collections::HashMap;
use uuid::Uuid;

/// The partner typed: its name (any case) or its number.
pub fn find(ctx: &Ctx, typed: &str) -> Result<Partner, Failure> {
    let all = ctx.store.partners()?;
    let t = typed.trim();
    let num = t.trim_start_matches('#').parse::<i64>().ok();
    if let Some(p) = all
        .iter()
        .find(|p| Some(p.num) == num || p.name.eq_ignore_ascii_case(t))
    {
        return Ok(p.clone());
    }
    let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    Err(Failure::Input(if names.is_empty() {
        format!(
            "no partner named `{t}`: the register is empty; `saydo partner add NAME --kpi …` adds one"
        )
    } else {
        format!(
            "no partner named `{t}`; the register has: {} (`saydo partner list`)",
            names.join(", ")
        )
    }))
}

fn fill(p: &mut Partner, f: PartnerFields) {
    if let Some(v) = f.function {
        p.function = v.trim().to_string();
    }
    if let Some(o) = f.owner {
        let o = o.trim();
        p.owner = (!o.is_empty() && o != "none").then(|| o.to_string());
    }
    for k in f.kpi {
        for k in crate::domain::partners::parse_kpis(&k) {
            // Named again, a KPI it has is refused by the rules.
            p.kpis.push(k);
        }
    }
}

pub fn partner(ctx: &mut Ctx, cmd: PartnerCmd) -> Outcome {
    match cmd {
        PartnerCmd::Add { name, fields } => {
            let mut p = Partner {
                id: Uuid::nil(),
                num: 0,
                name: name.trim().to_string(),
                function: String::new(),
                owner: None,
                kpis: Vec::new(),
            };
            fill(&mut p, fields);
            saved(ctx.store.apply(&Change::AddPartner(p), ctx.today)?);
        }
        PartnerCmd::Edit {
            partner,
            name,
            fields,
            drop_kpi,
        } => return edit(ctx, &partner, name, fields, drop_kpi),
        PartnerCmd::Remove { partner } => {
            let p = find(ctx, &partner)?;
            saved(
                ctx.store
                    .apply(&Change::Remove(Record::Partner(p.num)), ctx.today)?,
            );
        }
        PartnerCmd::List { json } => return list(ctx, json),
        PartnerCmd::Show { partner, json } => {
            let p = find(ctx, &partner)?;
            let register = Register::live(&ctx.store)?;
            let lines = register.lines();
            let Some(l) = lines.iter().find(|l| l.partner.num == p.num) else {
                return Ok(());
            };
            if json {
                return print_json(&shown(l, &register.handles));
            }
            out!("{}", show_text(l, &register.handles));
        }
    }
    Ok(())
}

/// A partner's name, function, owner or KPIs changed; a KPI dropped.
fn edit(
    ctx: &mut Ctx,
    partner: &str,
    name: Option<String>,
    fields: PartnerFields,
    drop_kpi: Vec<String>,
) -> Outcome {
    let mut p = find(ctx, partner)?;
    if let Some(n) = name {
        p.name = n.trim().to_string();
    }
    fill(&mut p, fields);
    for d in drop_kpi {
        let before = p.kpis.len();
        p.kpis.retain(|k| !same_kpi(k, &d));
        if p.kpis.len() == before {
            return Err(Failure::Input(format!(
                "`--drop-kpi {d}`: {} has no such KPI; theirs: {}",
                p.name,
                p.kpis.join("; ")
            )));
        }
    }
    saved(ctx.store.apply(&Change::EditPartner(p), ctx.today)?);
    Ok(())
}

/// The register: each partner, their KPIs and how many metrics serve them.
fn list(ctx: &Ctx, json: bool) -> Outcome {
    let register = Register::live(&ctx.store)?;
    let lines = register.lines();
    if json {
        return print_json(
            &lines
                .iter()
                .map(|l| shown(l, &register.handles))
                .collect::<Vec<_>>(),
        );
    }
    if lines.is_empty() {
        outln!("No business partners yet: `saydo partner add \"Medical Affairs\" --kpi \"…\"` adds one.");
        return Ok(());
    }
    let mut t = Table::new(&[
        "#",
        "partner",
        "function",
        "owner",
        "KPIs",
        ">metrics",
        "no metric beside it",
    ]);
    for l in &lines {
        let p = l.partner;
        t.row(vec![
            p.num.to_string(),
            p.name.clone(),
            p.function.clone(),
            p.owner.clone().unwrap_or_default(),
            p.kpis.join("; "),
            l.served().to_string(),
            l.unserved().join("; "),
        ]);
    }
    t.print();
    Ok(())
}

/// A partner's KPIs, each with what serves it, for people.
pub fn show_text(l: &PartnerLine, handles: &HashMap<i64, String>) -> String {
    let p = l.partner;
    let mut o = format!("{} (partner #{})\n", p.name, p.num);
    if !p.function.is_empty() {
        o.push_str(&format!("function: {}\n", p.function));
    }
    o.push_str(&format!(
        "owner: {}\n",
        p.owner.as_deref().unwrap_or("nobody yet")
    ));
    if p.kpis.is_empty() {
        o.push_str("No KPIs yet: `saydo partner edit … --kpi \"…\"` adds one.\n");
    }
    for k in &l.kpis {
        o.push_str(&format!("\nKPI {}\n", k.kpi));
        if k.metrics.is_empty() {
            o.push_str("  no customer metric beside it\n");
        }
        for m in &k.metrics {
            let at = handles
                .get(&m.account)
                .map_or(String::new(), |h| format!(" at @{h}"));
            o.push_str(&format!(
                "  #{} {}{at} · {}\n",
                m.num,
                m.label(),
                m.standing()
            ));
        }
    }
    o
}

#[derive(serde::Serialize)]
struct ShownKpi {
    kpi: String,
    metrics: Vec<ShownMetric>,
}

#[derive(serde::Serialize)]
struct ShownMetric {
    num: i64,
    name: String,
    words: String,
    account_handle: String,
    cpi: bool,
}

#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    partner: &'a Partner,
    aligned: Vec<ShownKpi>,
    unserved: Vec<String>,
}

fn shown<'a>(l: &PartnerLine<'a>, handles: &HashMap<i64, String>) -> Shown<'a> {
    Shown {
        partner: l.partner,
        aligned: l
            .kpis
            .iter()
            .map(|k| ShownKpi {
                kpi: k.kpi.to_string(),
                metrics: k
                    .metrics
                    .iter()
                    .map(|m| ShownMetric {
                        num: m.num,
                        name: m.name.clone(),
                        words: m.words.clone(),
                        account_handle: handles.get(&m.account).cloned().unwrap_or_default(),
                        cpi: m.is_cpi(),
                    })
                    .collect(),
            })
            .collect(),
        unserved: l.unserved().iter().map(|k| k.to_string()).collect(),
    }
}
