//! The business partners screen: each partner with its KPIs, and for the
//! one selected, the customer metrics each KPI serves and the KPIs none
//! serves.

use super::list::ListState;
use crate::domain::Partner;
use crate::report::register::{served_lines, Register};
use crate::store::Store;

/// One of a partner's KPIs and what serves it, as lines to show.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub kpi: String,
    /// A line per metric name: "“…” · Scanner uptime at @mercy, …; CPI at 3 of 5".
    pub served: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRow {
    pub partner: Partner,
    pub kpis: Vec<KpiRow>,
    /// How many customer metrics its KPIs serve.
    pub served: usize,
    pub unserved: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PartnersView {
    pub list: ListState,
    pub rows: Vec<PartnerRow>,
    /// Why the register could not be read, if it could not.
    pub problem: Option<String>,
}

impl PartnersView {
    /// Reads the register again, over the live accounts.
    pub fn refresh(&mut self, store: &dyn Store) {
        match Register::live(store) {
            Ok(r) => {
                self.rows = r
                    .lines()
                    .iter()
                    .map(|l| PartnerRow {
                        partner: l.partner.clone(),
                        kpis: l
                            .kpis
                            .iter()
                            .map(|k| KpiRow {
                                kpi: k.kpi.to_string(),
                                served: served_lines(&k.metrics, &r.handles),
                            })
                            .collect(),
                        served: l.served(),
                        unserved: l.unserved().iter().map(|k| k.to_string()).collect(),
                    })
                    .collect();
                self.problem = None;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
        self.list.clamp(self.rows.len());
    }

    pub fn selected(&self) -> Option<&PartnerRow> {
        self.rows.get(self.list.selected)
    }
}

impl super::list::ListScreen for PartnersView {
    fn cursor(&mut self) -> &mut ListState {
        &mut self.list
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn opens(&self) -> super::list::Opens {
        super::list::Opens::EditSelected
    }
}
