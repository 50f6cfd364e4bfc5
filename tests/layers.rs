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

/// Sizes a newcomer can read: no source file over 600 lines, no function
/// over 80 (the code is rustfmt's, so a body ends at the first `}` back at
/// the indent of its `fn`).
#[test]
fn files_and_functions_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut fs = Vec::new();
    files(&src, &mut fs);
    let mut wrong = Vec::new();
    for f in fs {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = f.strip_prefix(&src).unwrap().display().to_string();
        if lines.len() > 600 {
            wrong.push(format!("{name}: {} lines", lines.len()));
        }
        for (i, line) in lines.iter().enumerate() {
            let Some(fn_name) = fn_name(line) else {
                continue;
            };
            let indent = &line[..line.len() - line.trim_start().len()];
            let Some(open) = (i..lines.len()).find(|&k| {
                let l = lines[k].trim_end();
                l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
            }) else {
                continue;
            };
            if !lines[open].trim_end().ends_with('{') {
                continue;
            }
            let close = format!("{indent}}}");
            if let Some(end) = (open + 1..lines.len()).find(|&k| lines[k] == close) {
                if end - i + 1 > 80 {
                    wrong.push(format!("{name}: fn {fn_name}: {} lines", end - i + 1));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "too big:\n{}", wrong.join("\n"));
}

/// The name of the function a line starts, if it starts one.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if rest.starts_with("pub") {
        rest = rest.strip_prefix("pub")?;
        if rest.starts_with('(') {
            rest = &rest[rest.find(')')? + 1..];
        }
        rest = rest.strip_prefix(' ')?;
    }
    for word in ["const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// An error keeps its source and its kind: no function outside the tests
/// has a bare `String` for the error of its `Result`.
#[test]
fn errors_are_typed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut fs = Vec::new();
    files(&src, &mut fs);
    let mut wrong = Vec::new();
    for f in fs {
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if string_error(line) && !line.trim_start().starts_with("//") {
                let name = f.strip_prefix(&src).unwrap().display();
                wrong.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "errors as bare strings:\n{}",
        wrong.join("\n")
    );
}

/// Whether a `, String>` on the line closes a `Result<…>` (not, say, a
/// `HashMap<i64, String>` inside one).
fn string_error(line: &str) -> bool {
    line.match_indices(", String>").any(|(at, _)| {
        let mut depth = 0;
        for (i, c) in line[..at].char_indices().rev() {
            match c {
                '>' => depth += 1,
                '<' if depth > 0 => depth -= 1,
                '<' => return line[..i].ends_with("Result"),
                _ => {}
            }
        }
        false
    })
}
