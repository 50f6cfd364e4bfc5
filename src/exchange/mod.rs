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

/// Why an export was not written. What failed underneath is kept as it
/// came (`source()`), so a closed pipe or a full disk is told by its kind.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The path cannot be written as given; the message says what would do.
    #[error("{0}")]
    Refused(String),
    /// A file could not be made, written or put in place.
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing the export's text failed.
    #[error("{0}")]
    Write(#[from] std::io::Error),
    /// Writing into `path` failed part way: nothing of it was kept.
    #[error("writing {}: {source}", path.display())]
    Writing {
        path: PathBuf,
        #[source]
        source: Box<ExportError>,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl ExportError {
    pub fn file(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
        move |source| ExportError::File {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The reader of the output went away (`saydo export | head`).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            ExportError::File { source, .. } | ExportError::Write(source) => {
                source.kind() == std::io::ErrorKind::BrokenPipe
            }
            ExportError::Writing { source, .. } => source.is_broken_pipe(),
            _ => false,
        }
    }
}

/// Where an export to `path` really goes: refused when it names a folder
/// (or ends in `/`); a symlink is followed to the file it points at, which
/// is replaced, never the link itself.
pub fn export_target(path: &Path) -> Result<PathBuf, ExportError> {
    let shown = path.display();
    if path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR)
        || path.is_dir()
    {
        return Err(ExportError::Refused(format!(
            "{shown}: a folder; name the file to write, e.g. {}",
            path.join("book.toml").display()
        )));
    }
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !link {
        return Ok(path.to_path_buf());
    }
    let real = std::fs::canonicalize(path).map_err(|e| {
        ExportError::Refused(format!(
            "{shown}: a link to a file that cannot be reached ({e}); name the file itself"
        ))
    })?;
    if real.is_dir() {
        return Err(ExportError::Refused(format!(
            "{shown}: a link to a folder; name the file to write"
        )));
    }
    Ok(real)
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, ExportError> {
        let path = &export_target(path)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| ExportError::Refused(format!("{}: not a file name", path.display())))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let tmp = dir.join(tmp_name);
        let file = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(ExportError::file(&tmp))?;
        // A file written over keeps its mode; a new one is private.
        if let Some(mode) = crate::files::mode_of(path) {
            crate::files::set_mode(&tmp, mode).map_err(ExportError::file(&tmp))?;
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

    pub fn commit(mut self) -> Result<(), ExportError> {
        let out = self.out.take().expect("committed once");
        let file = out
            .into_inner()
            .map_err(|e| ExportError::file(&self.path)(e.into_error()))?;
        file.sync_all().map_err(ExportError::file(&self.path))?;
        std::fs::rename(&self.tmp, &self.path).map_err(ExportError::file(&self.path))?;
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
    write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut f = AtomicFile::create(path)?;
    write(f.writer()).map_err(|e| ExportError::Writing {
        path: path.to_path_buf(),
        source: Box::new(e),
    })?;
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

    pub fn parse(s: &str) -> Result<Format, crate::domain::Invalid> {
        Format::ALL
            .into_iter()
            .find(|f| f.word().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "`{s}`: not a format; use toml (reads back with import), csv, md or ics (a calendar)"
                ).into()
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

impl<'a> Setting<'a> {
    /// The settings the config gives, on `today`.
    pub fn of(config: &'a crate::config::Config, today: Date) -> Setting<'a> {
        Setting {
            today,
            window_days: config.window_days,
            unvisited_days: config.unvisited_days,
            stages: &config.stages,
            maturity: &config.maturity,
            tag_groups: config.tag_group_list(),
        }
    }
}

/// Streams every record `q` covers into `each`, stopping at the first
/// failure with its message.
fn stream(
    store: &dyn Store,
    q: &ExportQuery,
    each: &mut dyn FnMut(&crate::store::Exported) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    // The store's stream stops on a store error; the writer's own error
    // is kept here and handed back as it was.
    let mut failed = None;
    store
        .export(q, &mut |e| {
            each(&e).map_err(|m| {
                let said = m.to_string();
                failed = Some(m);
                StoreError::Backend(said)
            })
        })
        .map_err(|e| failed.take().unwrap_or(ExportError::Store(e)))
}

/// The TOML export, streamed into `w`.
pub fn write_toml(
    store: &dyn Store,
    q: &ExportQuery,
    w: &mut dyn Write,
) -> Result<(), ExportError> {
    toml_out::write_all(w, |each| stream(store, q, each))
}

/// CSV files in `dir`; their names.
pub fn write_csv(
    store: &dyn Store,
    q: &ExportQuery,
    dir: &Path,
) -> Result<Vec<String>, ExportError> {
    csv::write_dir(dir, |each| stream(store, q, each))
}

/// The account's brief when `q` names one, else the portfolio report.
pub fn markdown_text(
    store: &dyn Store,
    q: &ExportQuery,
    s: &Setting,
) -> Result<String, ExportError> {
    let w = Window::new(s.window_days, s.today);
    match q.account {
        Some(num) => account_markdown(store, num, s, w),
        None => portfolio_markdown(store, q, s, w),
    }
}

/// One account's brief, with its maturity section.
fn account_markdown(
    store: &dyn Store,
    num: i64,
    s: &Setting,
    w: Window,
) -> Result<String, ExportError> {
    use crate::report;
    let e = ExportError::Store;
    let a = store
        .account_by_num(num)
        .map_err(e)?
        .ok_or_else(|| ExportError::Refused(format!("account #{num} is gone")))?;
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
    Ok(text)
}

/// The portfolio report: figures, partners, maturity and the business
/// review of the accounts `q` covers.
fn portfolio_markdown(
    store: &dyn Store,
    q: &ExportQuery,
    s: &Setting,
    w: Window,
) -> Result<String, ExportError> {
    use crate::report;
    let e = ExportError::Store;
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
    Ok(text)
}

/// Writes an export to `path` (a folder for CSV); a line saying what was
/// written, for the status line.
pub fn export_to(
    store: &dyn Store,
    q: &ExportQuery,
    format: Format,
    path: &Path,
    s: &Setting,
) -> Result<String, ExportError> {
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
            write_atomically(path, |w| Ok(w.write_all(text.as_bytes())?))?;
            Ok(format!("wrote {}", path.display()))
        }
        Format::Ics => {
            let text = ics::calendar(store, q, s.today)?;
            write_atomically(path, |w| Ok(w.write_all(text.as_bytes())?))?;
            Ok(format!("wrote {}", path.display()))
        }
    }
}
