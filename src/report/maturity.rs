//! Engagement maturity rolled up: the latest levels of the accounts
//! assessed, per dimension, by market (region) or by a tag group.

use crate::domain::maturity::{heat, in_group, HeatRow};
use crate::store::{Assessed, Store};

/// The rows of a heat table: by market (`by` 0) or by tag group `by - 1`,
/// and what they are called.
pub fn table(
    store: &dyn Store,
    dims: &[String],
    groups: &[(String, Vec<String>)],
    by: usize,
) -> crate::store::Result<(String, Vec<HeatRow>, usize)> {
    Ok(heat_of(&store.assessed()?, dims, groups, by))
}

/// The heat table of the accounts in `all`.
pub fn heat_of(
    all: &[Assessed],
    dims: &[String],
    groups: &[(String, Vec<String>)],
    by: usize,
) -> (String, Vec<HeatRow>, usize) {
    let n = all.len();
    let (name, rows) = match groups.get(by.wrapping_sub(1)) {
        Some((name, tags)) if by > 0 => (
            name.clone(),
            heat(
                all.iter()
                    .map(|a| (in_group(&a.tags, tags), a.assessments.as_slice())),
                dims,
            ),
        ),
        _ => (
            "market".to_string(),
            heat(
                all.iter().map(|a| {
                    let r = if a.region.trim().is_empty() {
                        "(no region)".to_string()
                    } else {
                        a.region.clone()
                    };
                    (vec![r], a.assessments.as_slice())
                }),
                dims,
            ),
        ),
    };
    (name, rows, n)
}
