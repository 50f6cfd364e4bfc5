//! Moving data in and out of saydo: the whole book (or one account, or one
//! person's) as a documented TOML file that reads back without loss, CSV
//! files for spreadsheets, and Markdown briefs for people.
//!
//! Files are written beside their final place and renamed into it, so a
//! failed export never leaves half a file.

pub mod crm_csv;
pub mod csv;
pub mod ics;
pub mod markdown;
pub mod maturity_md;
pub mod partners_md;
pub mod toml_in;
pub mod toml_out;

use std::io::Write;
use std::path::{Path, PathBuf};

/// The version of the TOML format, written as `saydo = 1` at the top.
pub const FORMAT: i64 = 1;

/// A file being written beside its final place: `commit` flushes it to
/// disk and renames it over the target, so readers see the old file or
/// the whole new one, never a part. Dropped without `commit`, it is removed.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    out: Option<std::io::BufWriter<std::fs::File>>,
    /// Set once renamed into place; until then a drop removes the
    /// temporary file, whatever step failed.
    committed: bool,
}

/// Where an export to `path` really goes: refused when it names a folder
/// (or ends in `/`); a symlink is followed to the file it points at, which
/// is replaced, never the link itself.
pub fn export_target(path: &Path) -> Result<PathBuf, String> {
    let shown = path.display();
    if path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR)
        || path.is_dir()
    {
        return Err(format!(
            "{shown}: a folder; name the file to write, e.g. {}",
            path.join("book.toml").display()
        ));
    }
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !link {
        return Ok(path.to_path_buf());
    }
    let real = std::fs::canonicalize(path).map_err(|e| {
        format!("{shown}: a link to a file that cannot be reached ({e}); name the file itself")
    })?;
    if real.is_dir() {
        return Err(format!(
            "{shown}: a link to a folder; name the file to write"
        ));
    }
    Ok(real)
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        let path = &export_target(path)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", path.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let tmp = dir.join(tmp_name);
        let file = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        // A file written over keeps its mode; a new one is private.
        if let Some(mode) = crate::files::mode_of(path) {
            crate::files::set_mode(&tmp, mode).map_err(|e| format!("{}: {e}", tmp.display()))?;
        }
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
            out: Some(std::io::BufWriter::new(file)),
            committed: false,
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        self.out.as_mut().expect("open until committed")
    }

    pub fn commit(mut self) -> Result<(), String> {
        let out = self.out.take().expect("committed once");
        let file = out
            .into_inner()
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        file.sync_all()
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            self.out.take();
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `path` whole or not at all (see [`AtomicFile`]).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), String> {
    let mut f = AtomicFile::create(path)?;
    write(f.writer()).map_err(|e| format!("writing {}: {e}", path.display()))?;
    f.commit()
}

use crate::domain::figures::Window;
use crate::domain::{Date, Stage};
use crate::store::{ExportQuery, Store, StoreError};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The interchange file `saydo import` reads.
    Toml,
    /// One file per kind of record, for spreadsheets.
    Csv,
    /// An account brief or a portfolio report, for people.
    Md,
    /// A calendar (RFC 5545) of due commitments, planned visits, renewals.
    Ics,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Toml, Format::Csv, Format::Md, Format::Ics];

    pub fn word(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Ics => "ics",
        }
    }

    pub fn parse(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.word().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "`{s}`: not a format; use toml (reads back with import), csv, md or ics (a calendar)"
                )
            })
    }
}

/// What the reports need besides the store.
pub struct Setting<'a> {
    pub today: Date,
    pub window_days: u32,
    pub unvisited_days: u32,
    pub stages: &'a [Stage],
    pub maturity: &'a crate::domain::maturity::Scale,
    pub tag_groups: Vec<(String, Vec<String>)>,
}

/// Streams every record `q` covers into `each`, stopping at the first
/// failure with its message.
fn stream(
    store: &dyn Store,
    q: &ExportQuery,
    each: &mut dyn FnMut(&crate::store::Exported) -> Result<(), String>,
) -> Result<(), String> {
    let mut failed = None;
    store
        .export(q, &mut |e| {
            each(&e).map_err(|m| {
                failed = Some(m.clone());
                StoreError::Backend(m)
            })
        })
        .map_err(|e| failed.take().unwrap_or_else(|| e.to_string()))
}

/// The TOML export, streamed into `w`.
pub fn write_toml(store: &dyn Store, q: &ExportQuery, w: &mut dyn Write) -> Result<(), String> {
    toml_out::write_all(w, |each| stream(store, q, each))
}

/// CSV files in `dir`; their names.
pub fn write_csv(store: &dyn Store, q: &ExportQuery, dir: &Path) -> Result<Vec<String>, String> {
    csv::write_dir(dir, |each| stream(store, q, each))
}

/// The account's brief when `q` names one, else the portfolio report.
pub fn markdown_text(store: &dyn Store, q: &ExportQuery, s: &Setting) -> Result<String, String> {
    use crate::report;
    let w = Window::new(s.window_days, s.today);
    let e = |e: StoreError| e.to_string();
    Ok(match q.account {
        Some(num) => {
            let a = store
                .account_by_num(num)
                .map_err(e)?
                .ok_or_else(|| format!("account #{num} is gone"))?;
            let assessments = a.assessments.clone();
            let d = report::account_detail(store, a, w, s.stages).map_err(e)?;
            let mut text = markdown::account_brief(&d, s.today, s.window_days);
            let section = maturity_md::account_section(&assessments, s.maturity);
            if !section.is_empty() {
                if !text.ends_with("\n\n") {
                    text.push('\n');
                }
                text.push_str(&section);
            }
            text
        }
        None => {
            // One pass over the book: each review holds its account's row.
            let mut reviews = report::reviews(
                store,
                &crate::store::AccountQuery {
                    owner: q.owner.clone(),
                    ..Default::default()
                },
                w,
            )
            .map_err(e)?;
            if let Some(nums) = &q.accounts {
                let keep: std::collections::HashSet<i64> = nums.iter().copied().collect();
                reviews.retain(|r| keep.contains(&r.row.account.num));
            }
            let rows: Vec<report::AccountRow> = reviews.iter().map(|r| r.row.clone()).collect();
            let title = match (&q.owner, &q.accounts) {
                (Some(o), _) => format!("Portfolio of {o}"),
                (None, Some(nums)) => format!(
                    "Portfolio report: {}",
                    crate::domain::plural(nums.len(), "account")
                ),
                (None, None) => "Portfolio report".to_string(),
            };
            let mut text = markdown::portfolio_report(
                &title,
                &report::totals(&rows, s.unvisited_days),
                &report::person_rows(store, &rows, w, s.unvisited_days).map_err(e)?,
                &rows,
                s.today,
                s.window_days,
                s.unvisited_days,
            );
            text.push('\n');
            let register = report::register::Register::read(
                store,
                rows.iter()
                    .map(|r| (r.account.num, r.account.handle.clone()))
                    .collect(),
            )
            .map_err(e)?;
            let section = partners_md::partners_section(&register.lines(), &register.handles);
            if !section.is_empty() {
                text.push_str(&section);
                text.push('\n');
            }
            let assessed: Vec<crate::store::Assessed> = store
                .assessed()
                .map_err(e)?
                .into_iter()
                .filter(|a| register.handles.contains_key(&a.account))
                .collect();
            text.push_str(&maturity_md::heat_section(
                &assessed,
                s.maturity,
                &s.tag_groups,
            ));
            text.push_str(&markdown::business_review(&reviews, s.window_days));
            text
        }
    })
}

/// Writes an export to `path` (a folder for CSV); a line saying what was
/// written, for the status line.
pub fn export_to(
    store: &dyn Store,
    q: &ExportQuery,
    format: Format,
    path: &Path,
    s: &Setting,
) -> Result<String, String> {
    match format {
        Format::Toml => {
            write_atomically(path, |w| write_toml(store, q, w))?;
            Ok(format!("wrote {}", path.display()))
        }
        Format::Csv => {
            let names = write_csv(store, q, path)?;
            Ok(format!("wrote {} in {}", names.join(", "), path.display()))
        }
        Format::Md => {
            let text = markdown_text(store, q, s)?;
            let text = crate::domain::text::visible(&text);
            write_atomically(path, |w| {
                w.write_all(text.as_bytes()).map_err(|e| e.to_string())
            })?;
            Ok(format!("wrote {}", path.display()))
        }
        Format::Ics => {
            let text = ics::calendar(store, q, s.today)?;
            write_atomically(path, |w| {
                w.write_all(text.as_bytes()).map_err(|e| e.to_string())
            })?;
            Ok(format!("wrote {}", path.display()))
        }
    }
}
