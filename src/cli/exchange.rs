//! `saydo export` and `saydo import`.

use super::{bad, Ctx, Failure, Outcome};
use crate::exchange::toml_in::{self, ImportError};
use crate::exchange::{export_to, markdown_text, write_toml, Format, Setting};
use crate::store::{ExportQuery, Store};
use std::path::Path;

pub fn export(
    ctx: &Ctx,
    format: &str,
    account: Option<&str>,
    owner: Option<&str>,
    out: Option<&Path>,
) -> Outcome {
    let format = Format::parse(format).map_err(|m| Failure::Input(format!("--format {m}")))?;
    let mut q = ExportQuery::default();
    if let Some(a) = account {
        q.account = Some(ctx.account(a)?.num);
    } else {
        q.owner = ctx.owner(owner.map(str::to_string))?;
    }
    let setting = Setting::of(&ctx.config, ctx.today);
    let store: &dyn Store = &ctx.store;
    match (format, out) {
        (_, Some(path)) => {
            let said = export_to(store, &q, format, path, &setting)?;
            if format == Format::Csv {
                outln!("{said}");
            }
            Ok(())
        }
        (Format::Csv, None) => {
            bad("`--format csv` writes one file per kind of record: name a folder with --out DIR")
        }
        (Format::Md, None) => {
            let text = markdown_text(store, &q, &setting)?;
            out!("{text}");
            Ok(())
        }
        (Format::Ics, None) => {
            let text = crate::exchange::ics::calendar(store, &q, ctx.today)?;
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| Failure::Other(e.to_string()))
        }
        (Format::Toml, None) => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write_toml(store, &q, &mut lock).map_err(|e| {
                // `saydo export | head` is done when head is.
                if e.is_broken_pipe() {
                    std::process::exit(0);
                }
                Failure::from(e)
            })
        }
    }
}

/// "FILE: nothing imported; N problems:" and each one with its line and
/// column (line 0: about the whole file), then how many were not listed.
fn nothing_imported<'a>(
    file: &Path,
    total: usize,
    listed: impl Iterator<Item = (usize, usize, &'a str)>,
) -> String {
    let mut msg = format!(
        "{}: nothing imported; {total} problem{}:",
        file.display(),
        if total == 1 { "" } else { "s" }
    );
    let mut n = 0;
    for (line, column, message) in listed {
        n += 1;
        if line == 0 {
            msg.push_str(&format!("\n  {message}"));
        } else {
            msg.push_str(&format!(
                "\n  {}:{line}:{column}: {message}",
                file.display()
            ));
        }
    }
    if total > n {
        msg.push_str(&format!("\n  … and {} more", total - n));
    }
    msg
}

/// A CRM's CSV: accounts or contacts, all or nothing (or a dry run).
fn import_csv(ctx: &mut Ctx, file: &Path, map: &[String], dry_run: bool) -> Outcome {
    use crate::exchange::crm_csv;
    let mut pairs = Vec::new();
    for m in map {
        let Some((f, h)) = m.split_once('=') else {
            return bad(format!(
                "--map {m}: write FIELD=HEADER, e.g. --map name=\"Hospital\""
            ));
        };
        pairs.push((f.trim().to_string(), h.trim().trim_matches('"').to_string()));
    }
    let first = ctx.config.stages[0].name.clone();
    let me = ctx.me.clone();
    let defaults = crm_csv::Defaults {
        me: &me,
        first_stage: &first,
        layers: &ctx.config.layers,
    };
    match crm_csv::import(file, &mut ctx.store, ctx.today, &defaults, &pairs, dry_run) {
        Ok((kind, made)) => {
            let (n, what, list) = match kind {
                crm_csv::Kind::Accounts => (made.accounts.len(), "account", &made.accounts),
                crm_csv::Kind::Contacts => {
                    (made.stakeholders.len(), "stakeholder", &made.stakeholders)
                }
            };
            if dry_run {
                outln!(
                    "{} would be made (dry run: nothing written):",
                    crate::domain::plural(n, what)
                );
                for l in list {
                    outln!("  {l}");
                }
            } else {
                outln!("imported {}", crate::domain::plural(n, what));
            }
            Ok(())
        }
        Err(problems) => {
            let listed = problems
                .iter()
                .take(50)
                .map(|p| (p.line, p.column, p.message.as_str()));
            Err(Failure::Input(nothing_imported(
                file,
                problems.len(),
                listed,
            )))
        }
    }
}

pub fn import(ctx: &mut Ctx, file: &Path, map: &[String], dry_run: bool) -> Outcome {
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return import_csv(ctx, file, map, dry_run);
    }
    if !map.is_empty() || dry_run {
        return bad("--map and --dry-run are for a CRM's CSV export (FILE.csv)");
    }
    match toml_in::import_with(file, &mut ctx.store, ctx.today, &ctx.config.layers) {
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
            let listed = shown.iter().map(|p| (p.line, p.column, p.message.as_str()));
            Err(Failure::Input(nothing_imported(file, total, listed)))
        }
        Err(ImportError::Read(m)) => Err(Failure::Input(format!("cannot import {m}"))),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// The kinds in the order a summary names them (the file's, but for the
/// partners, named after the accounts), with their names for people.
const ORDER: &[(&str, &str, &str)] = &[
    ("person", "person", "people"),
    ("account", "account", "accounts"),
    ("partner", "partner", "partners"),
    ("stage_span", "stage span", "stage spans"),
    ("stakeholder", "stakeholder", "stakeholders"),
    ("moment", "moment of truth", "moments of truth"),
    ("metric", "metric", "metrics"),
    ("measurement", "measurement", "measurements"),
    ("visit", "visit", "visits"),
    ("commitment", "commitment", "commitments"),
    ("signal_note", "note on a signal", "notes on signals"),
    ("introduction", "introduction", "introductions"),
];
