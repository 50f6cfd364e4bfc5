//! Business partners — functions inside our company with the KPIs they
//! already answer for — and the customer metrics aligned with those KPIs:
//! which of a partner's KPIs serve a customer's metric, and which serve none.

use super::{Metric, Partner};

/// KPI names compare without case or surrounding space.
pub fn same_kpi(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The partner's own spelling of `kpi`, if it answers for it.
pub fn kpi_of<'a>(p: &'a Partner, kpi: &str) -> Option<&'a str> {
    p.kpis.iter().find(|k| same_kpi(k, kpi)).map(|k| k.as_str())
}

/// Why `kpi` cannot be aligned with partner `p`, naming the KPIs it has.
pub fn kpi_problem(p: &Partner, kpi: &str) -> Option<String> {
    if kpi.trim().is_empty() {
        return Some(format!(
            "aligned with {} but no KPI named; give one of theirs: {}",
            p.name,
            listed(&p.kpis)
        ));
    }
    if kpi_of(p, kpi).is_some() {
        return None;
    }
    Some(format!(
        "{} does not answer for `{}`; their KPIs: {} (or add it to {} first)",
        p.name,
        kpi.trim(),
        listed(&p.kpis),
        p.name
    ))
}

fn listed(kpis: &[String]) -> String {
    if kpis.is_empty() {
        "none yet".into()
    } else {
        kpis.join("; ")
    }
}

/// KPIs as typed in one field: separated by `;` or new lines (a KPI's
/// name may hold a comma: "time to formulary, in days").
pub fn parse_kpis(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// What is wrong with a partner's KPI list: an empty name or one twice.
pub fn list_problem(kpis: &[String]) -> Option<String> {
    if kpis.iter().any(|k| k.trim().is_empty()) {
        return Some("a KPI needs a name".into());
    }
    for (i, k) in kpis.iter().enumerate() {
        if kpis[..i].iter().any(|o| same_kpi(o, k)) {
            return Some(format!("the KPI `{}` is listed twice", k.trim()));
        }
    }
    None
}

/// One of a partner's KPIs and the customer metrics aligned with it.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiLine<'a> {
    pub kpi: &'a str,
    pub metrics: Vec<&'a Metric>,
}

/// A partner with each of its KPIs.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerLine<'a> {
    pub partner: &'a Partner,
    pub kpis: Vec<KpiLine<'a>>,
}

impl PartnerLine<'_> {
    /// How many customer metrics its KPIs serve.
    pub fn served(&self) -> usize {
        self.kpis.iter().map(|k| k.metrics.len()).sum()
    }

    /// Its KPIs with no customer metric beside them.
    pub fn unserved(&self) -> Vec<&str> {
        self.kpis
            .iter()
            .filter(|k| k.metrics.is_empty())
            .map(|k| k.kpi)
            .collect()
    }
}

/// Per partner (in the order given), which customer metrics each of its
/// KPIs serves: a metric serves a KPI when it is aligned with that partner
/// and names the KPI.
pub fn alignment<'a>(partners: &'a [Partner], metrics: &'a [Metric]) -> Vec<PartnerLine<'a>> {
    partners
        .iter()
        .map(|p| PartnerLine {
            partner: p,
            kpis: p
                .kpis
                .iter()
                .map(|k| KpiLine {
                    kpi: k,
                    metrics: metrics
                        .iter()
                        .filter(|m| m.partner == Some(p.num) && same_kpi(&m.kpi, k))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// "serves Market Access · time to formulary" for an aligned metric.
pub fn serves_line(m: &Metric, partners: &[Partner]) -> Option<String> {
    let p = partners.iter().find(|p| Some(p.num) == m.partner)?;
    Some(format!("serves {} · {}", p.name, m.kpi.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(num: i64, name: &str, kpis: &[&str]) -> Partner {
        Partner {
            id: uuid::Uuid::nil(),
            num,
            name: name.into(),
            function: String::new(),
            owner: None,
            kpis: kpis.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn metric(num: i64, partner: Option<i64>, kpi: &str) -> Metric {
        Metric {
            id: uuid::Uuid::nil(),
            num,
            account: 1,
            name: format!("metric {num}"),
            words: String::new(),
            kind: crate::domain::MetricKind::Outcome,
            unit: String::new(),
            direction: crate::domain::Direction::Higher,
            baseline: None,
            proxy: String::new(),
            target: None,
            target_on: None,
            kpi: kpi.into(),
            moment: None,
            definition: Default::default(),
            voice: Default::default(),
            partner,
        }
    }

    #[test]
    fn kpis_parse_by_semicolon_or_line_and_keep_commas() {
        assert_eq!(
            parse_kpis(" time to formulary, in days ;\nfill rate;; "),
            vec!["time to formulary, in days", "fill rate"]
        );
    }

    #[test]
    fn a_kpi_listed_twice_in_any_case_is_named() {
        let k = vec!["Fill rate".to_string(), "fill rate ".to_string()];
        assert_eq!(
            list_problem(&k).as_deref(),
            Some("the KPI `fill rate` is listed twice")
        );
        assert_eq!(list_problem(&k[..1]), None);
    }

    #[test]
    fn a_kpi_the_partner_does_not_answer_for_is_refused_with_theirs() {
        let p = partner(1, "Supply", &["fill rate", "OTIF"]);
        assert_eq!(kpi_problem(&p, " Fill Rate"), None);
        assert_eq!(
            kpi_problem(&p, "cost").as_deref(),
            Some("Supply does not answer for `cost`; their KPIs: fill rate; OTIF (or add it to Supply first)")
        );
        assert!(kpi_problem(&p, "").unwrap().contains("no KPI named"));
    }

    #[test]
    fn alignment_puts_each_metric_beside_its_partners_kpi_and_shows_the_unserved() {
        let ps = vec![
            partner(1, "Supply", &["fill rate", "OTIF"]),
            partner(2, "Medical", &["fill rate"]),
        ];
        let ms = vec![
            metric(10, Some(1), "Fill rate"),
            metric(11, Some(2), "fill rate"),
            metric(12, None, "fill rate"),
            metric(13, Some(1), "fill rate"),
        ];
        let lines = alignment(&ps, &ms);
        let nums = |k: &KpiLine| k.metrics.iter().map(|m| m.num).collect::<Vec<_>>();
        assert_eq!(nums(&lines[0].kpis[0]), vec![10, 13]);
        assert_eq!(lines[0].unserved(), vec!["OTIF"]);
        assert_eq!(lines[0].served(), 2);
        assert_eq!(nums(&lines[1].kpis[0]), vec![11]);
        assert!(lines[1].unserved().is_empty());
        assert_eq!(
            serves_line(&ms[0], &ps).as_deref(),
            Some("serves Supply · Fill rate")
        );
        assert_eq!(serves_line(&ms[2], &ps), None);
    }
}
