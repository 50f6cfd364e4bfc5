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
    if format != "toml" {
        return bad(format!("`--format {format}`: not a format; use toml"));
    }
    let mut q = ExportQuery::default();
    if let Some(a) = account {
        q.account = Some(ctx.account(a)?.num);
    } else if let Some(o) = owner {
        q.owner = Some(o.to_string());
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
