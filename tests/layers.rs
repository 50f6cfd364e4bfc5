//! The layers of docs/ARCHITECTURE.md, kept true: no module imports one
//! above it. A `crate::x` path anywhere in a file counts as an import.

use std::path::{Path, PathBuf};

/// Each layer (a folder or a file under src/) and the crate modules it may
/// never name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "rules", "store", "team", "capture", "exchange", "report", "app", "ui", "tui", "cli",
            "keymap", "theme", "config", "demo", "bench",
        ],
    ),
    (
        "rules",
        &[
            "store", "team", "capture", "exchange", "report", "app", "ui", "tui", "cli", "keymap",
        ],
    ),
    (
        "store",
        &[
            "team", "capture", "exchange", "report", "app", "ui", "tui", "cli", "keymap", "theme",
        ],
    ),
    ("capture", &["app", "ui", "tui", "cli", "exchange"]),
    ("exchange", &["app", "ui", "tui", "cli"]),
    ("report", &["app", "ui", "tui", "cli"]),
    ("demo", &["app", "ui", "tui", "cli"]),
    ("keymap", &["app", "ui", "tui", "cli"]),
    ("action.rs", &["app", "ui", "tui", "cli", "keymap"]),
    ("key.rs", &["app", "ui", "tui", "cli", "keymap"]),
    ("app", &["ui", "tui", "cli", "bench"]),
    ("ui", &["tui", "cli", "bench"]),
];

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            files(&e.unwrap().path(), out);
        }
    } else if p.extension().is_some_and(|e| e == "rs") {
        out.push(p.to_path_buf());
    }
}

#[test]
fn no_layer_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (layer, never) in FORBIDDEN {
        let mut fs = Vec::new();
        files(&src.join(layer), &mut fs);
        assert!(!fs.is_empty(), "src/{layer} has no Rust files");
        for f in fs {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in text.lines().enumerate() {
                for m in *never {
                    let word = format!("crate::{m}");
                    let hit = line.match_indices(&word).any(|(i, _)| {
                        let after = line[i + word.len()..].chars().next();
                        !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    });
                    if hit && !line.trim_start().starts_with("//") {
                        wrong.push(format!(
                            "{}:{}: {layer} names {word}",
                            f.strip_prefix(&src).unwrap().display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports up the layers:\n{}",
        wrong.join("\n")
    );
}

/// Screens draw the view they show with a drawing context (`ui::Ctx`):
/// only ui/mod.rs, which picks the screen, sees the whole `App`.
#[test]
fn screens_draw_their_view_not_the_app() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut fs = Vec::new();
    files(&ui, &mut fs);
    let wrong: Vec<String> = fs
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "mod.rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("app::App") || text.contains("&App")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        wrong.is_empty(),
        "screens that take the whole App: {wrong:?}"
    );
}
