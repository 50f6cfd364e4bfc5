//! Output nobody can abuse and files nobody else can read: stored text
//! never drives the terminal or a spreadsheet, and the book's files are
//! private. The spawned binary on a real SQLite file.

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const EVIL: &str = "Evil\x1b]0;owned\x07 \x1b]52;c;aGk=\x07\x1b[2J\u{9b}31m";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn assert_inert(what: &str, text: &str) {
    assert!(
        !text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{9b}'),
        "{what} prints a raw control character: {text:?}"
    );
}

#[test]
fn stored_escapes_are_shown_not_obeyed_in_every_output() {
    let db = temp_db();
    let said = ok(
        &db,
        &[
            "account",
            "add",
            EVIL,
            "--handle",
            "evil",
            "--owner",
            "Dana Cole",
            "--why",
            EVIL,
        ],
    );
    assert_inert("the saved echo", &said);
    ok(
        &db,
        &["add", &format!("commit @evil {EVIL} due:fri to:\"{EVIL}\"")],
    );
    for args in [
        vec!["account", "list"],
        vec!["account", "show", "@evil"],
        vec!["account", "show", "@evil", "--json"],
        vec!["commit", "list"],
        vec!["stats"],
        vec!["overview"],
        vec!["export", "--format", "md", "--account", "@evil"],
        vec!["export", "--format", "md"],
        vec!["export"],
    ] {
        let out = ok(&db, &args);
        assert_inert(&format!("{args:?}"), &out);
    }
    let shown = ok(&db, &["account", "list"]);
    assert!(shown.contains("Evil^[]0;owned^G"), "{shown}");

    // Error messages echo what was typed: visibly too.
    let out = saydo(&db, &["add", &format!("commit @nowhere{EVIL} x due:fri")]);
    assert_eq!(out.status.code(), Some(2));
    assert_inert("an error message", &stderr(&out));

    // A Markdown file on disk, and the TOML file (escaped by TOML itself).
    let md = db.dir.path().join("brief.md");
    ok(
        &db,
        &[
            "export",
            "--format",
            "md",
            "--account",
            "@evil",
            "--out",
            md.to_str().unwrap(),
        ],
    );
    assert_inert("the Markdown file", &std::fs::read_to_string(&md).unwrap());
}

#[test]
fn a_very_long_bad_line_is_not_echoed_whole() {
    let db = temp_db();
    let line = format!("commit @nowhere {} due:fri", "x".repeat(100_000));
    let out = saydo(&db, &["add", &line]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 3_000, "{} bytes", err.len());
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_inert() {
    let db = temp_db();
    ok(
        &db,
        &[
            "account",
            "add",
            "=HYPERLINK(\"http://x\",\"click\")",
            "--handle",
            "formula",
            "--owner",
            "Dana Cole",
            "--region",
            "@SUM(A1:A9)",
            "--why",
            "+1+cmd|' /C calc'!A0",
        ],
    );
    let dir = db.dir.path().join("csv");
    ok(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            &format!("{}/", dir.display()),
        ],
    );
    let accounts = std::fs::read_to_string(dir.join("accounts.csv")).unwrap();
    let row = accounts.lines().nth(1).unwrap();
    assert!(row.contains("\"'=HYPERLINK("), "{row}");
    assert!(row.contains(",'@SUM(A1:A9),"), "{row}");
    assert!(row.contains("'+1+cmd"), "{row}");
    for cell in row.split(',') {
        assert!(
            !cell.starts_with(['=', '+', '@', '\t', '\r'])
                && !cell.trim_start_matches('"').starts_with(['=', '+', '@']),
            "a live formula: {cell} in {row}"
        );
    }
}

#[test]
fn the_book_and_its_side_files_are_private() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("new").join("saydo");
    let db = TempDb {
        path: data.join("saydo.db"),
        dir: top,
    };
    ok(&db, &["demo", "--accounts", "3"]);
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(data.parent().unwrap()), 0o700);
    for side in ["saydo.db", "saydo.db-wal", "saydo.db-shm"] {
        let p = data.join(side);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    assert_eq!(mode(&db.path), 0o600);

    // A new export is private; one written over keeps its file's mode.
    let fresh = db.dir.path().join("book.toml");
    ok(&db, &["export", "--out", fresh.to_str().unwrap()]);
    assert_eq!(mode(&fresh), 0o600);
    let shared = db.dir.path().join("shared.toml");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    ok(&db, &["export", "--out", shared.to_str().unwrap()]);
    assert_eq!(mode(&shared), 0o640);
    assert!(std::fs::read_to_string(&shared)
        .unwrap()
        .contains("\nsaydo = 1\n"));
}

#[test]
fn exports_follow_links_refuse_folders_and_leave_no_temporary_files() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let dir = db.dir.path();

    // Onto a symlink: the file it points at is written, the link stays.
    let real = dir.join("real.toml");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    ok(&db, &["export", "--out", link.to_str().unwrap()]);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("\nsaydo = 1\n"));

    // Onto a folder, or a path ending in /: refused before writing.
    let folder = dir.join("out");
    std::fs::create_dir(&folder).unwrap();
    for target in [
        folder.display().to_string(),
        format!("{}/", dir.join("nothing-yet").display()),
    ] {
        let out = saydo(&db, &["export", "--out", &target]);
        assert_ne!(out.status.code(), Some(0), "{target}");
        assert!(stderr(&out).contains("a folder"), "{}", stderr(&out));
    }
    assert!(!dir.join("nothing-yet").exists());

    // A failed export leaves no hidden temporary copy behind.
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    let dangling = dir.join("dangling.toml");
    std::os::unix::fs::symlink(dir.join("gone/x.toml"), &dangling).unwrap();
    let out = saydo(&db, &["export", "--out", dangling.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A command that runs saydo as someone who may read the book but not
/// write it: this user when not root (with the files' write bits off), or
/// the postgres user when root (root writes anything).
fn reader() -> Option<Vec<String>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some(vec![]);
    }
    let has = std::process::Command::new("id")
        .arg("postgres")
        .output()
        .ok()?;
    has.status.success().then(|| {
        ["runuser", "-u", "postgres", "--"]
            .map(String::from)
            .to_vec()
    })
}

#[test]
fn a_read_only_book_opens_at_once_for_reading_and_refuses_writes_with_a_message() {
    let Some(prefix) = reader() else {
        eprintln!("SKIPPED: no user without write access to try a read-only book with");
        return;
    };
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("shared");
    std::fs::create_dir(&dir).unwrap();
    let db = TempDb {
        path: dir.join("saydo.db"),
        dir: tempfile::tempdir().unwrap(),
    };
    ok(&db, &["demo", "--accounts", "3"]);
    // Let the reader in, but not to write.
    for p in [top.path(), dir.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        std::fs::set_permissions(e.unwrap().path(), std::fs::Permissions::from_mode(0o444))
            .unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = |args: &[&str]| {
        let mut c = std::process::Command::new(
            prefix
                .first()
                .map_or(env!("CARGO_BIN_EXE_saydo"), |p| p.as_str()),
        );
        c.args(prefix.iter().skip(1));
        if !prefix.is_empty() {
            c.arg(env!("CARGO_BIN_EXE_saydo"));
        }
        c.args(args)
            .env("SAYDO_DB", &db.path)
            .env("SAYDO_CONFIG", "/nonexistent/config.toml")
            .env("SAYDO_TODAY", "2026-11-24")
            .env("USER", "Dana Cole")
            .output()
            .unwrap()
    };
    let out = run(&["account", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("@mercy"), "{}", stdout(&out));
    assert!(run(&["stats"]).status.success());
    let out = run(&["add", "commit @mercy Call back due:fri"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("this book is read-only"),
        "{}",
        stderr(&out)
    );
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_db_path_that_names_no_file_is_an_error_unless_a_book_is_plainly_meant() {
    let db = no_db();
    let o = saydo(&db, &["account", "list"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("there is no book at") && e.contains("--create"),
        "{e}"
    );
    assert!(!db.path.exists(), "no empty book made in its place");
    // Plainly meant: --create, the demo, an import, a team join.
    ok(&db, &["--create", "account", "list"]);
    assert!(db.path.exists());
    let db = no_db();
    ok(&db, &["demo", "--accounts", "2"]);
    assert!(db.path.exists());
}

#[test]
fn a_giant_handle_is_an_input_error_not_a_database_one() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "2"]);
    let line = format!("commit @{} x due:fri", "a".repeat(60_000));
    let o = saydo(&db, &["add", &line]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("too complex"), "{}", stderr(&o));
    assert!(stderr(&o).len() < 3000, "not echoed whole");
}

#[test]
fn a_full_disk_names_the_book_and_says_what_to_do() {
    // A small tmpfs, where this machine lets us mount one (as root).
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("full");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: a full-disk test needs a tmpfs mount (root); none here");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let db = TempDb {
        path: mnt.join("saydo.db"),
        dir: tempfile::tempdir().unwrap(),
    };
    let o = saydo(&db, &["demo", "--accounts", "40"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains(&db.path.display().to_string()), "{e}");
    assert!(e.contains("free some space"), "{e}");
    // Nothing half-written: the book opens, intact, and still reads.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    ok(&db, &["account", "list"]);
    // An export onto the full disk names its file, and leaves no temp copy.
    let out = mnt.join("book.toml");
    let filler = mnt.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 400 * 1024]);
    let src = temp_db();
    ok(&src, &["demo", "--accounts", "10"]);
    let o = saydo(&src, &["export", "--out", &out.display().to_string()]);
    assert_ne!(o.status.code(), Some(0));
    let e = stderr(&o);
    assert!(e.contains("book.toml"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(left.is_empty(), "temp copies left: {left:?}");
}
