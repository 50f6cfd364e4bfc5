//! Engagement maturity in Markdown: the brief's levels per dimension, and
//! the portfolio report's heat tables by market and by each tag group.

use super::markdown::cell;
use crate::domain::dates::long;
use crate::domain::maturity::{standing, Assessment, HeatRow, Scale};
use crate::report::maturity::heat_of;
use crate::store::Assessed;
use std::fmt::Write;

/// The brief's section: each dimension's level, since when, and before.
pub fn account_section(list: &[Assessment], scale: &Scale) -> String {
    let mut o = String::new();
    if list.is_empty() {
        return o;
    }
    let _ = writeln!(o, "## Engagement maturity\n");
    for d in &scale.dimensions {
        match standing(list, d) {
            Some(s) => {
                let was = s.was();
                let note = if s.latest.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", s.latest.note)
                };
                let _ = writeln!(
                    o,
                    "- {d}: {} (since {}{was}){note}",
                    scale.level_name(s.latest.level),
                    long(s.latest.on)
                );
            }
            None => {
                let _ = writeln!(o, "- {d}: not assessed yet");
            }
        }
    }
    o.push('\n');
    o
}

fn table(o: &mut String, by: &str, rows: &[HeatRow], dims: &[String]) {
    let _ = writeln!(o, "By {by}:\n");
    let _ = writeln!(
        o,
        "| {} | Accounts | {} |",
        cell(by),
        dims.iter().map(|d| cell(d)).collect::<Vec<_>>().join(" | ")
    );
    let _ = writeln!(o, "| --- | --- |{}", " --- |".repeat(dims.len()));
    for r in rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| c.map_or("—".into(), |(m, n)| format!("{m:.1} ({n})")))
            .collect();
        let _ = writeln!(
            o,
            "| {} | {} | {} |",
            cell(&r.label),
            r.accounts,
            cells.join(" | ")
        );
    }
    o.push('\n');
}

/// The report's section over the accounts in `all`: empty when none was assessed.
pub fn heat_section(all: &[Assessed], scale: &Scale, groups: &[(String, Vec<String>)]) -> String {
    let mut o = String::new();
    if all.is_empty() {
        return o;
    }
    let _ = writeln!(o, "## Engagement maturity\n");
    let levels: Vec<String> = scale
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {}", i + 1, l.name))
        .collect();
    let _ = writeln!(
        o,
        "The mean of each account's latest level per dimension (how many accounts it is of), on the scale {}.\n",
        levels.join(", ")
    );
    for by in 0..=groups.len() {
        let (name, rows, _) = heat_of(all, &scale.dimensions, groups, by);
        table(&mut o, &name, &rows, &scale.dimensions);
    }
    o
}
