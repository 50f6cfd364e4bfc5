//! The partners register as a report reads it: the partners, and the
//! metrics of the accounts it covers, so that a KPI is "served" only by a
//! metric someone can see (an archived account's metric serves nothing).

use crate::domain::partners::{alignment, PartnerLine};
use crate::domain::{Metric, Partner};
use crate::store::{Result, Store};
use std::collections::HashMap;

pub struct Register {
    pub partners: Vec<Partner>,
    /// The metrics on the accounts covered.
    pub metrics: Vec<Metric>,
    /// The accounts covered: number → handle.
    pub handles: HashMap<i64, String>,
}

impl Register {
    /// The register over the accounts in `handles`.
    pub fn read(store: &dyn Store, handles: HashMap<i64, String>) -> Result<Register> {
        let metrics = store
            .metrics(None)?
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
        let handles = store
            .accounts(&Default::default())?
            .into_iter()
            .map(|a| (a.num, a.handle))
            .collect();
        Register::read(store, handles)
    }

    /// Per partner, what each of its KPIs serves.
    pub fn lines(&self) -> Vec<PartnerLine<'_>> {
        alignment(&self.partners, &self.metrics)
    }
}
