//! Moving data in and out of saydo: the whole book (or one account, or one
//! person's) as a documented TOML file that reads back without loss, CSV
//! files for spreadsheets, and Markdown briefs for people.
//!
//! Files are written beside their final place and renamed into it, so a
//! failed export never leaves half a file.

pub mod toml_in;
pub mod toml_out;

use std::io::Write;
use std::path::{Path, PathBuf};

/// The version of the TOML format, written as `saydo = 1` at the top.
pub const FORMAT: i64 = 1;

/// Writes a file through a temporary one in the same folder, flushed to
/// disk before it is renamed over `path`: readers see the old file or the
/// whole new one, never a part.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), String> {
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
    let result = (|| {
        let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        file.sync_all()
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
