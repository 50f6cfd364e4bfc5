//! Starting the full-screen UI from the command line: its colours, the
//! second connection its background load reads through, where its drafts and
//! exports go.

use super::*;

/// What colours the terminal shows, from what it says of itself.
pub(super) fn colours(start: &Start) -> crate::theme::Colours {
    use crate::theme::Colours;
    if start.truecolor {
        Colours::True
    } else if start.colors256 {
        Colours::Palette256
    } else {
        Colours::Ansi
    }
}

/// The full-screen terminal UI over the same store.
pub(super) fn tui(
    ctx: Ctx,
    cli: &Cli,
    start: &Start,
    config_path: Option<&std::path::Path>,
    warning: Option<String>,
    db_path: &std::path::Path,
) -> Outcome {
    let loader = crate::theme::Loader {
        user_dir: crate::theme::user_dir(config_path),
    };
    let asked = cli.theme.clone().or(ctx.config.theme.clone());
    let (theme, theme_warnings) =
        crate::theme::choose(&loader, asked.as_deref(), start.no_color, colours(start));
    let (keymap, key_warnings) = crate::keymap::Keymap::with_overrides(&ctx.config.keys);
    let mut warnings: Vec<String> = warning.into_iter().collect();
    warnings.extend(theme_warnings);
    warnings.extend(key_warnings.into_iter().map(|w| match config_path {
        Some(p) => format!("{}: {w}", p.display()),
        None => w,
    }));
    let setup = crate::app::Setup {
        config: ctx.config,
        theme,
        keymap,
        today: ctx.today,
        // SAYDO_TODAY holds the day still; otherwise the day turns.
        clock: start.today_override.is_none().then_some(start.clock),
        me: ctx.me,
        warnings,
        recall: Some(recall_path(db_path)),
        exports: Some(exports_dir(db_path)),
        size: crossterm::terminal::size().unwrap_or((80, 24)),
    };
    // A replica syncs on a thread of its own, never the UI's.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if ctx.store.replica().ok().flatten().is_some() {
        crate::team::background::start(db_path.to_path_buf(), stop.clone());
    }
    let mut app = crate::app::App::start(Box::new(ctx.store), setup, opener(db_path));
    let ran = crate::tui::run_terminal(&mut app);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    match ran {
        Ok(None) => Ok(()),
        Ok(Some(signal)) => std::process::exit(128 + signal),
        Err(e) => Err(Failure::Other(format!("terminal: {e}"))),
    }
}

/// Opens more connections to the same file, for background loads.
pub(super) fn opener(db: &std::path::Path) -> crate::app::loader::Opener {
    let db = db.to_path_buf();
    std::sync::Arc::new(move || {
        SqliteStore::open(&db).map(|s| Box::new(s) as Box<dyn crate::store::Store + Send>)
    })
}

/// The quick-add lines typed before, beside the database they went to.
pub fn recall_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".history");
    db.with_file_name(name)
}

/// Where the TUI writes an export the form names no place for: a folder
/// `exports` beside the database (made 0700 on first use).
pub fn exports_dir(db: &std::path::Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."))
        .join("exports")
}
