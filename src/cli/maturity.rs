//! Engagement maturity from the command line: `saydo account assess @h
//! DIMENSION=LEVEL…` and `saydo maturity [--by market|GROUP]`.

use super::records::saved;
use super::table::Table;
use super::{print_json, Ctx, Failure, Outcome};
use crate::domain::maturity::{assess as add, Assessment};
use crate::store::{Change, Store};

pub(super) fn assess(
    ctx: &mut Ctx,
    account: &str,
    levels: &[String],
    on: Option<String>,
    note: String,
) -> Outcome {
    let mut a = ctx.account(account)?;
    let scale = ctx.config.maturity.clone();
    let on = match on {
        Some(d) => ctx.date_at("--on", &d, a.num, true)?,
        None => ctx.today,
    };
    for pair in levels {
        let Some((dimension, level)) = pair.split_once('=') else {
            return Err(Failure::Input(format!(
                "`{pair}`: give DIMENSION=LEVEL, e.g. \"{}=3\"",
                scale.dimensions[0]
            )));
        };
        let dimension = scale
            .dimension(dimension)
            .ok_or_else(|| Failure::Input(scale.unknown_dimension(dimension)))?
            .to_string();
        let level = scale
            .parse_level(level)
            .map_err(|e| Failure::Input(format!("`{pair}`: {e}")))?;
        add(
            &mut a.assessments,
            Assessment {
                dimension,
                level,
                on,
                note: note.trim().to_string(),
            },
        );
    }
    saved(ctx.store.apply(&Change::EditAccount(a), ctx.today)?);
    Ok(())
}

pub(super) fn heat(ctx: &Ctx, by: &str, json: bool) -> Outcome {
    let groups = ctx.config.tag_group_list();
    let index =
        if by.trim().eq_ignore_ascii_case("market") || by.trim().eq_ignore_ascii_case("region") {
            0
        } else {
            match groups
                .iter()
                .position(|(name, _)| name.eq_ignore_ascii_case(by.trim()))
            {
                Some(i) => i + 1,
                None => {
                    let mut names = vec!["market".to_string()];
                    names.extend(groups.iter().map(|(n, _)| format!("\"{n}\"")));
                    return Err(Failure::Input(format!(
                        "--by {by}: by market or a tag group of the config: {}",
                        names.join(", ")
                    )));
                }
            }
        };
    let dims = &ctx.config.maturity.dimensions;
    let (name, rows, assessed) = crate::report::maturity::table(&ctx.store, dims, &groups, index)?;
    if json {
        #[derive(serde::Serialize)]
        struct Heat<'a> {
            by: &'a str,
            dimensions: &'a [String],
            levels: Vec<String>,
            assessed: usize,
            rows: &'a [crate::domain::maturity::HeatRow],
        }
        return print_json(&Heat {
            by: &name,
            dimensions: dims,
            levels: ctx
                .config
                .maturity
                .levels
                .iter()
                .map(|l| l.name.clone())
                .collect(),
            assessed,
            rows: &rows,
        });
    }
    if rows.is_empty() {
        outln!(
            "No account assessed yet: `saydo account assess @h \"{}=3\"` assesses one.",
            dims[0]
        );
        return Ok(());
    }
    let mut headers = vec![name.clone(), ">accounts".to_string()];
    headers.extend(dims.iter().map(|d| format!(">{d}")));
    let mut t = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    for r in &rows {
        let mut cells = vec![r.label.clone(), r.accounts.to_string()];
        for c in &r.cells {
            cells.push(c.map_or("—".into(), |(m, n)| format!("{m:.1} ({n})")));
        }
        t.row(cells);
    }
    t.print();
    Ok(())
}
