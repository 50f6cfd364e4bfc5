//! Engagement maturity: a scale of levels (configurable, five by default),
//! assessed per account on dimensions (how we measure success, common
//! behaviours…) over time; the latest assessment of each dimension is the
//! account's level, the earlier ones its history; and the levels rolled up
//! by market (region) or by a tag group (therapeutic area) as a heat table.

use super::dates::Date;
use serde::{Deserialize, Serialize};

/// One assessment: a dimension, the level it was judged at (1 = the
/// scale's first), when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub dimension: String,
    pub level: u8,
    pub on: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// The levels, lowest first, and the dimensions assessed on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scale {
    pub levels: Vec<Level>,
    pub dimensions: Vec<String>,
}

impl Default for Scale {
    fn default() -> Self {
        let level = |name: &str, description: &str| Level {
            name: name.into(),
            description: description.into(),
        };
        Scale {
            levels: vec![
                level(
                    "Unaware",
                    "engagement is talked about; nothing is measured or done differently",
                ),
                level(
                    "Reactive",
                    "we respond when the customer asks; measures are ours, not theirs",
                ),
                level(
                    "Developing",
                    "some of the customer's own measures are tracked; habits are forming",
                ),
                level(
                    "Embedded",
                    "their measures drive our plans; the behaviours are routine",
                ),
                level(
                    "Leading",
                    "the customer sets the pace with us; we improve their measures together",
                ),
            ],
            dimensions: vec![
                "How we measure success".into(),
                "Common behaviours".into(),
                "Customer insight".into(),
            ],
        }
    }
}

/// The most dimensions a scale assesses (one form holds them all).
pub const MAX_DIMENSIONS: usize = 8;

/// Names compare without case or surrounding space.
fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Scale {
    /// What is wrong with a scale from the config.
    pub fn problem(&self) -> Option<String> {
        if !(2..=10).contains(&self.levels.len()) {
            return Some(format!(
                "maturity.levels: a scale has 2 to 10 levels, not {}",
                self.levels.len()
            ));
        }
        if self.levels.iter().any(|l| l.name.trim().is_empty()) {
            return Some("maturity.levels: each level needs a name".into());
        }
        if self.dimensions.is_empty() || self.dimensions.iter().any(|d| d.trim().is_empty()) {
            return Some("maturity.dimensions: at least one dimension, each with a name".into());
        }
        for (i, d) in self.dimensions.iter().enumerate() {
            if self.dimensions[..i].iter().any(|o| same(o, d)) {
                return Some(format!("maturity.dimensions: {d} is listed twice"));
            }
        }
        None
    }

    /// "3 Developing".
    pub fn level_name(&self, level: u8) -> String {
        match self.levels.get(usize::from(level).wrapping_sub(1)) {
            Some(l) => format!("{level} {}", l.name),
            None => level.to_string(),
        }
    }

    /// The dimension as the scale spells it.
    pub fn dimension<'a>(&'a self, typed: &str) -> Option<&'a str> {
        self.dimensions
            .iter()
            .find(|d| same(d, typed))
            .map(|d| d.as_str())
    }

    /// A level typed as its number or its name (any case).
    pub fn parse_level(&self, typed: &str) -> Result<u8, super::Invalid> {
        let t = typed.trim();
        if let Ok(n) = t.parse::<u8>() {
            if (1..=self.levels.len()).contains(&usize::from(n)) {
                return Ok(n);
            }
        }
        if let Some(i) = self.levels.iter().position(|l| same(&l.name, t)) {
            return Ok(i as u8 + 1);
        }
        Err(format!(
            "`{t}` is not a level; give 1 to {} or a name: {}",
            self.levels.len(),
            self.levels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} {}", i + 1, l.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into())
    }

    /// Why `typed` is no dimension, naming the scale's.
    pub fn unknown_dimension(&self, typed: &str) -> String {
        format!(
            "`{}` is not a dimension of the maturity scale; the config's: {}",
            typed.trim(),
            self.dimensions.join(", ")
        )
    }
}

/// A dimension's standing: its latest assessment and the level before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing<'a> {
    pub latest: &'a Assessment,
    pub before: Option<u8>,
}

impl Standing<'_> {
    /// ", was 2" when the level before was another; nothing when it held.
    pub fn was(&self) -> String {
        match self.before {
            Some(b) if b != self.latest.level => format!(", was {b}"),
            _ => String::new(),
        }
    }
}

/// The latest assessment of `dimension` in `list` (oldest first) and the
/// level before it.
pub fn standing<'a>(list: &'a [Assessment], dimension: &str) -> Option<Standing<'a>> {
    let mut of = list.iter().filter(|a| same(&a.dimension, dimension));
    let mut latest = of.next()?;
    let mut before = None;
    for a in of {
        if a.on >= latest.on {
            before = Some(latest.level);
            latest = a;
        }
    }
    Some(Standing { latest, before })
}

/// Adds an assessment, keeping the list oldest first; one of the same
/// dimension on the same day replaces it (a correction, not a history).
pub fn assess(list: &mut Vec<Assessment>, a: Assessment) {
    list.retain(|x| !(x.on == a.on && same(&x.dimension, &a.dimension)));
    list.push(a);
    list.sort_by_key(|x| x.on);
}

/// One row of a heat table: a market or a tag, the accounts assessed in
/// it, and per dimension the mean level and how many accounts it is of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatRow {
    pub label: String,
    pub accounts: usize,
    pub cells: Vec<Option<(f64, usize)>>,
}

/// Each row's latest levels per dimension, averaged: `items` gives an
/// account's rows (its region, or its tags of a group) and assessments.
pub fn heat<'a>(
    items: impl IntoIterator<Item = (Vec<String>, &'a [Assessment])>,
    dimensions: &[String],
) -> Vec<HeatRow> {
    // (label, accounts, per dimension (sum, count))
    type Tally = (String, usize, Vec<(u32, usize)>);
    let mut rows: Vec<Tally> = Vec::new();
    for (labels, list) in items {
        let levels: Vec<Option<u8>> = dimensions
            .iter()
            .map(|d| standing(list, d).map(|s| s.latest.level))
            .collect();
        if levels.iter().all(Option::is_none) {
            continue;
        }
        for label in labels {
            let i = match rows.iter().position(|r| same(&r.0, &label)) {
                Some(i) => i,
                None => {
                    rows.push((label, 0, vec![(0, 0); dimensions.len()]));
                    rows.len() - 1
                }
            };
            let row = &mut rows[i];
            row.1 += 1;
            for (cell, l) in row.2.iter_mut().zip(&levels) {
                if let Some(l) = l {
                    cell.0 += u32::from(*l);
                    cell.1 += 1;
                }
            }
        }
    }
    rows.sort_by_key(|r| r.0.to_lowercase());
    rows.into_iter()
        .map(|(label, accounts, cells)| HeatRow {
            label,
            accounts,
            cells: cells
                .into_iter()
                .map(|(sum, n)| (n > 0).then(|| (f64::from(sum) / n as f64, n)))
                .collect(),
        })
        .collect()
}

/// The tags of `tags` that belong to `group` (as the config lists them),
/// or "(none)" when there is none.
pub fn in_group(tags: &[String], group: &[String]) -> Vec<String> {
    let mine: Vec<String> = group
        .iter()
        .filter(|g| tags.iter().any(|t| same(t, g)))
        .cloned()
        .collect();
    if mine.is_empty() {
        vec!["(none)".into()]
    } else {
        mine
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn a(dimension: &str, level: u8, on: Date) -> Assessment {
        Assessment {
            dimension: dimension.into(),
            level,
            on,
            note: String::new(),
        }
    }

    #[test]
    fn the_default_scale_has_five_levels_and_holds() {
        let s = Scale::default();
        assert_eq!(s.levels.len(), 5);
        assert_eq!(s.problem(), None);
        assert_eq!(s.level_name(3), "3 Developing");
        assert_eq!(s.parse_level("embedded"), Ok(4));
        assert_eq!(s.parse_level(" 2 "), Ok(2));
        let e = s.parse_level("6").unwrap_err();
        assert!(
            e.contains("give 1 to 5 or a name: 1 Unaware, 2 Reactive"),
            "{e}"
        );
        assert_eq!(s.dimension("common BEHAVIOURS"), Some("Common behaviours"));
    }

    #[test]
    fn a_scale_of_one_level_or_a_dimension_twice_is_named() {
        let mut s = Scale::default();
        s.levels.truncate(1);
        assert!(s.problem().unwrap().contains("2 to 10 levels"));
        let mut s = Scale::default();
        s.dimensions.push("customer insight".into());
        assert!(s.problem().unwrap().contains("listed twice"));
    }

    #[test]
    fn the_latest_assessment_stands_and_the_one_before_is_its_history() {
        let mut list = Vec::new();
        assess(&mut list, a("Common behaviours", 2, date(2026, 3, 1)));
        assess(&mut list, a("How we measure success", 1, date(2026, 1, 1)));
        assess(&mut list, a("Common behaviours", 3, date(2026, 9, 1)));
        // The same day again corrects it.
        assess(&mut list, a("common behaviours", 4, date(2026, 9, 1)));
        assert_eq!(list.len(), 3);
        let s = standing(&list, "Common behaviours").unwrap();
        assert_eq!((s.latest.level, s.before), (4, Some(2)));
        let s = standing(&list, "How we measure success").unwrap();
        assert_eq!((s.latest.level, s.before), (1, None));
        assert!(standing(&list, "Customer insight").is_none());
    }

    #[test]
    fn heat_averages_each_rows_latest_levels_per_dimension() {
        let dims = vec!["A".to_string(), "B".to_string()];
        let one = vec![a("A", 2, date(2026, 1, 1)), a("A", 4, date(2026, 6, 1))];
        let two = vec![a("A", 2, date(2026, 2, 1)), a("B", 5, date(2026, 2, 1))];
        let none: Vec<Assessment> = vec![];
        let rows = heat(
            vec![
                (vec!["Nordics".into()], one.as_slice()),
                (vec!["nordics".into(), "DACH".into()], two.as_slice()),
                (vec!["DACH".into()], none.as_slice()),
            ],
            &dims,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "DACH");
        assert_eq!(
            rows[0].accounts, 1,
            "an account never assessed is not counted"
        );
        assert_eq!(rows[1].label, "Nordics");
        assert_eq!(rows[1].accounts, 2);
        assert_eq!(rows[1].cells[0], Some((3.0, 2)));
        assert_eq!(rows[1].cells[1], Some((5.0, 1)));
    }

    #[test]
    fn an_accounts_tags_of_a_group_are_its_rows() {
        let group = vec!["Oncology".to_string(), "Cardiology".to_string()];
        let tags = vec!["teaching".to_string(), "oncology".to_string()];
        assert_eq!(in_group(&tags, &group), vec!["Oncology"]);
        assert_eq!(in_group(&[], &group), vec!["(none)"]);
    }
}
