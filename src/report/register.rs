//! The partners register as a report reads it: the partners, and the
//! metrics of the accounts it covers, so that a KPI is "served" only by a
//! metric someone can see (an archived account's metric serves nothing).

use crate::domain::partners::{alignment, PartnerLine};
use crate::domain::{Metric, Partner};
use crate::store::{Result, Store};
use std::collections::HashMap;
use std::fmt::Write;

pub struct Register {
    pub partners: Vec<Partner>,
    /// The metrics on the accounts covered that are aligned with a partner.
    pub metrics: Vec<Metric>,
    /// The accounts covered: number → handle.
    pub handles: HashMap<i64, String>,
}

impl Register {
    /// The register over the accounts in `handles`.
    pub fn read(store: &dyn Store, handles: HashMap<i64, String>) -> Result<Register> {
        let metrics = store
            .aligned_metrics()?
            .into_iter()
            .filter(|m| handles.contains_key(&m.account))
            .collect();
        Ok(Register {
            partners: store.partners()?,
            metrics,
            handles,
        })
    }

    /// The register over every live account.
    pub fn live(store: &dyn Store) -> Result<Register> {
        Register::read(store, store.live_handles()?)
    }

    /// Per partner, what each of its KPIs serves.
    pub fn lines(&self) -> Vec<PartnerLine<'_>> {
        alignment(&self.partners, &self.metrics)
    }
}

/// How many accounts a metric's line names before it counts the rest.
const NAMED: usize = 4;

/// The metrics serving one KPI, a line for those of one name (a portfolio
/// has the same metric at many accounts): "Report turnaround — “…” at
/// @mercy, @aurora and 3 more; CPI at 4 of 5".
pub fn served_lines(metrics: &[&Metric], handles: &HashMap<i64, String>) -> Vec<String> {
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
        .collect()
}
