//! Moving data in and out of saydo: the whole book (or one account, or one
//! person's) as a documented TOML file that reads back without loss, CSV
//! files for spreadsheets, and Markdown briefs for people.
//!
//! Files are written beside their final place and renamed into it, so a
//! failed export never leaves half a file.

pub mod csv;
pub mod markdown;
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
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
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
        let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
            out: Some(std::io::BufWriter::new(file)),
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        self.out.as_mut().expect("open until committed")
    }

    pub fn commit(mut self) -> Result<(), String> {
        let out = self.out.take().expect("committed once");
        let file = out
            .into_inner()
            .map_err(|e| format!("{}: {e}", self.tmp.display()))?;
        file.sync_all()
            .map_err(|e| format!("{}: {e}", self.tmp.display()))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.is_some() {
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
    write(f.writer())?;
    f.commit()
}
