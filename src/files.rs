//! Files that hold customer data are private to the person: created 0600,
//! in folders created 0700. Other users of the machine cannot read them.

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents, each one it creates 0700.
/// Folders that exist already keep their mode (`/tmp` is not ours).
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Keeps `text` in `path`, private to the person, or removes the file when
/// `text` is blank. Failures are quiet: for drafts and remembered views,
/// whose loss loses nothing of the book.
pub fn keep_or_remove(path: &Path, text: &str) {
    if text.trim().is_empty() {
        let _ = std::fs::remove_file(path);
        return;
    }
    use std::io::Write;
    if let Ok(mut f) = private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
    {
        let _ = f.write_all(text.as_bytes());
    }
}

/// A path as typed: a leading `~/` is the home folder, as in a shell.
pub fn expand_home(typed: &str) -> std::path::PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}

/// Options that create a file 0600 (a file that exists keeps its mode).
pub fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Creates `path` empty and 0600 when it does not exist yet.
pub fn touch_private(path: &Path) -> io::Result<()> {
    match private_options().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The mode of an existing file, to give its replacement the same.
#[cfg(unix)]
pub fn mode_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
pub fn mode_of(_path: &Path) -> Option<u32> {
    None
}

/// Sets a file's mode (no-op where there are no modes).
pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}
