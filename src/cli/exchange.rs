//! `saydo export` and `saydo import`.

use super::{bad, Ctx, Failure, Outcome};
use crate::exchange::toml_in::{self, ImportError};
use crate::exchange::{toml_out, write_atomically};
use crate::store::{ExportQuery, Store};
use std::io::Write;
use std::path::Path;

pub fn export(
    ctx: &Ctx,
    format: &str,
    account: Option<&str>,
    owner: Option<&str>,
    out: Option<&Path>,
) -> Outcome {
    let mut q = ExportQuery::default();
    if let Some(a) = account {
        q.account = Some(ctx.account(a)?.num);
    } else if let Some(o) = owner {
        q.owner = Some(o.to_string());
    }
    match format {
        "toml" => {}
        "csv" => return csv(ctx, &q, out),
        "md" => return markdown(ctx, &q, out),
        other => {
            return bad(format!(
                "`--format {other}`: not a format; use toml (reads back with import), csv or md"
            ))
        }
    }
    let store: &dyn Store = &ctx.store;
    let write = |w: &mut dyn Write| -> Result<(), String> {
        toml_out::write_all(w, |each| {
            let mut failed = None;
            store
                .export(&q, &mut |e| {
                    each(&e).map_err(|m| {
                        failed = Some(m.clone());
                        crate::store::StoreError::Backend(m)
                    })
                })
                .map_err(|e| failed.take().unwrap_or_else(|| e.to_string()))
        })
    };
    match out {
        Some(path) => write_atomically(path, write).map_err(Failure::Other),
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write(&mut lock).map_err(|e| {
                if e.contains("Broken pipe") {
                    std::process::exit(0);
                }
                Failure::Other(e)
            })
        }
    }
}

fn csv(ctx: &Ctx, q: &ExportQuery, out: Option<&Path>) -> Outcome {
    let Some(dir) = out else {
        return bad(
            "`--format csv` writes one file per kind of record: name a folder with --out DIR",
        );
    };
    let store: &dyn Store = &ctx.store;
    let names = crate::exchange::csv::write_dir(dir, |each| {
        let mut failed = None;
        store
            .export(q, &mut |e| {
                each(&e).map_err(|m| {
                    failed = Some(m.clone());
                    crate::store::StoreError::Backend(m)
                })
            })
            .map_err(|e| failed.take().unwrap_or_else(|| e.to_string()))
    })
    .map_err(Failure::Other)?;
    outln!("wrote {} in {}", names.join(", "), dir.display());
    Ok(())
}

fn markdown(ctx: &Ctx, q: &ExportQuery, out: Option<&Path>) -> Outcome {
    use crate::domain::figures::Window;
    use crate::exchange::markdown;
    use crate::report;
    let w = Window::new(ctx.config.window_days, ctx.today);
    let text = match q.account {
        Some(num) => {
            let a = ctx
                .store
                .account_by_num(num)?
                .ok_or_else(|| Failure::Other(format!("account #{num} is gone")))?;
            let d = report::account_detail(&ctx.store, a, w, &ctx.config.stages)?;
            markdown::account_brief(&d, ctx.today, ctx.config.window_days)
        }
        None => {
            let rows = report::account_rows(
                &ctx.store,
                &crate::store::AccountQuery {
                    owner: q.owner.clone(),
                    ..Default::default()
                },
                w,
            )?;
            let unvisited = ctx.config.unvisited_days;
            let title = match &q.owner {
                Some(o) => format!("Portfolio of {o}"),
                None => "Portfolio report".to_string(),
            };
            markdown::portfolio_report(
                &title,
                &report::totals(&rows, unvisited),
                &report::person_rows(&ctx.store, &rows, w, unvisited)?,
                &rows,
                ctx.today,
                ctx.config.window_days,
                unvisited,
            )
        }
    };
    match out {
        Some(path) => write_atomically(path, |w| {
            w.write_all(text.as_bytes()).map_err(|e| e.to_string())
        })
        .map_err(Failure::Other),
        None => {
            out!("{text}");
            Ok(())
        }
    }
}

pub fn import(ctx: &mut Ctx, file: &Path) -> Outcome {
    match toml_in::import(file, &mut ctx.store) {
        Ok(done) => {
            let list = |m: &std::collections::BTreeMap<&str, usize>| {
                ORDER
                    .iter()
                    .filter_map(|(k, one, many)| {
                        m.get(k)
                            .map(|n| format!("{n} {}", if *n == 1 { one } else { many }))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if done.added.is_empty() {
                outln!("nothing new: every record is already in the database");
            } else {
                outln!("imported {}", list(&done.added));
            }
            if !done.existing.is_empty() {
                outln!("already there, left as they were: {}", list(&done.existing));
            }
            Ok(())
        }
        Err(ImportError::Problems { shown, total }) => {
            let mut msg = format!(
                "{}: nothing imported; {total} problem{}:",
                file.display(),
                if total == 1 { "" } else { "s" }
            );
            for p in &shown {
                msg.push_str(&format!(
                    "\n  {}:{}:{}: {}",
                    file.display(),
                    p.line,
                    p.column,
                    p.message
                ));
            }
            if total > shown.len() {
                msg.push_str(&format!("\n  … and {} more", total - shown.len()));
            }
            Err(Failure::Input(msg))
        }
        Err(ImportError::Read(m)) => Err(Failure::Input(format!("cannot read {m}"))),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// The kinds in file order, with their names for people.
const ORDER: &[(&str, &str, &str)] = &[
    ("person", "person", "people"),
    ("account", "account", "accounts"),
    ("stage_span", "stage span", "stage spans"),
    ("stakeholder", "stakeholder", "stakeholders"),
    ("moment", "moment of truth", "moments of truth"),
    ("metric", "metric", "metrics"),
    ("measurement", "measurement", "measurements"),
    ("visit", "visit", "visits"),
    ("commitment", "commitment", "commitments"),
];
