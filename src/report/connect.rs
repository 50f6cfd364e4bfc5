//! Connect's suggestions for an account: for each of its metrics, the
//! other customers whose comparable metric (the same name) reached what
//! this one aims at (its target), or failing that are further along, with
//! their stakeholders willing to speak to peers;
//! and the expert of ours whose KPI the metric is aligned with (the
//! business partner's owner).

use crate::domain::connect::{further, margin, reached};
use crate::domain::Metric;
use crate::store::{Result, Store};

/// A peer: another customer whose comparable metric reached the aim.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Peer {
    pub handle: String,
    pub latest: f64,
    /// It reached this one's target (else it is only further along).
    pub reached: bool,
    /// Their stakeholders willing to speak to peers.
    pub willing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub metric: i64,
    pub metric_name: String,
    pub peers: Vec<Peer>,
    /// Our expert: (person, partner, KPI).
    pub expert: Option<(String, String, String)>,
}

impl Suggestion {
    /// A line per peer and for our expert, for people.
    pub fn said(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .peers
            .iter()
            .map(|p| {
                let who = if p.willing.is_empty() {
                    "nobody there marked willing to speak to peers yet".to_string()
                } else {
                    format!("{} will speak to peers", p.willing.join(", "))
                };
                let how = if p.reached {
                    "reached the target"
                } else {
                    "is further along"
                };
                format!("@{} {how}: {} — {who}", p.handle, p.latest)
            })
            .collect();
        if let Some((who, partner, kpi)) = &self.expert {
            out.push(format!(
                "our {who} ({partner} · {kpi}), whose KPI it serves"
            ));
        }
        out
    }
}

/// At most this many peers a metric.
const PEERS: usize = 3;

/// For each metric of `account` (with its latest value), who it could meet.
pub fn suggestions(
    store: &dyn Store,
    account: i64,
    metrics: &[(Metric, Option<f64>)],
) -> Result<Vec<Suggestion>> {
    let partners = store.partners()?;
    let mut out = Vec::new();
    for (m, latest) in metrics {
        let mut peers: Vec<(f64, Peer, i64)> = store
            .comparable_metrics(&m.name)?
            .into_iter()
            .filter(|c| c.account != account)
            .filter_map(|c| {
                let v = c.latest?;
                let got = reached(m, *latest, v);
                (got || further(m, *latest, v)).then(|| {
                    (
                        margin(m, *latest, v),
                        Peer {
                            handle: c.handle,
                            latest: v,
                            reached: got,
                            willing: Vec::new(),
                        },
                        c.account,
                    )
                })
            })
            .collect();
        // The willing are read for the best few only (a big book has many peers).
        peers.sort_by(|a, b| b.1.reached.cmp(&a.1.reached).then(b.0.total_cmp(&a.0)));
        peers.truncate(PEERS * 4);
        for p in &mut peers {
            p.1.willing = store
                .stakeholders(Some(p.2))?
                .into_iter()
                .filter(|s| s.peers)
                .map(|s| s.name)
                .collect();
        }
        // Those who reached the target first, then those with someone
        // willing to speak, then the furthest along.
        peers.sort_by(|a, b| {
            b.1.reached
                .cmp(&a.1.reached)
                .then(a.1.willing.is_empty().cmp(&b.1.willing.is_empty()))
                .then(b.0.total_cmp(&a.0))
        });
        let expert = m
            .partner
            .and_then(|n| partners.iter().find(|p| p.num == n))
            .and_then(|p| {
                p.owner
                    .clone()
                    .map(|o| (o, p.name.clone(), m.kpi.trim().to_string()))
            });
        out.push(Suggestion {
            metric: m.num,
            metric_name: m.name.clone(),
            peers: peers.into_iter().take(PEERS).map(|p| p.1).collect(),
            expert,
        });
    }
    Ok(out)
}
