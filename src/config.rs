//! `config.toml`: defaults, loading, and errors that name the line and
//! column. A broken file never stops saydo: it starts on defaults and says why.

use crate::domain::{default_stages, Stage};
use crate::keymap::KeySpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Who is typing: the owner of new commitments and the "my" in "my accounts".
    pub me: Option<String>,
    /// The say/do and proactive-share window, in days.
    pub window_days: u32,
    /// An account with no visit for this many days needs attention.
    pub unvisited_days: u32,
    /// The lifecycle stages in order, each with its prompts.
    pub stages: Vec<Stage>,
    /// The database file, when not the default (`--db` and `SAYDO_DB` win).
    pub database: Option<PathBuf>,
    /// The theme's name: a bundled one or a file in the config folder's themes/.
    pub theme: Option<String>,
    /// Key overrides: action name → key or keys, e.g. `quit = "ctrl-q"`.
    pub keys: BTreeMap<String, KeySpec>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            me: None,
            window_days: 90,
            unvisited_days: 60,
            stages: default_stages(),
            database: None,
            theme: None,
            keys: BTreeMap::new(),
        }
    }
}

/// Where saydo keeps things by default on this platform.
pub struct Places {
    pub config_file: Option<PathBuf>,
    pub data_file: Option<PathBuf>,
}

pub fn default_places() -> Places {
    let dirs = directories::ProjectDirs::from("", "", "saydo");
    Places {
        config_file: dirs.as_ref().map(|d| d.config_dir().join("config.toml")),
        data_file: dirs.as_ref().map(|d| d.data_dir().join("saydo.db")),
    }
}

/// Parses config text; the error names the file, line and column.
pub fn parse(text: &str, origin: &Path) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| line_col(text, s.start))
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        format!("{}{at}: {}", origin.display(), e.message())
    })?;
    validate(&config).map_err(|m| format!("{}: {m}", origin.display()))?;
    Ok(config)
}

fn validate(c: &Config) -> Result<(), String> {
    if c.stages.is_empty() {
        return Err("stages: at least one stage is needed".into());
    }
    if c.window_days == 0 {
        return Err("window_days: must be 1 or more (days)".into());
    }
    for (i, s) in c.stages.iter().enumerate() {
        if s.name.trim().is_empty() {
            return Err(format!("stages[{i}]: a stage needs a name"));
        }
        if c.stages[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&s.name))
        {
            return Err(format!("stages[{i}]: the stage {} is listed twice", s.name));
        }
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Loads the config at `path`. A missing file gives the defaults; a broken
/// one gives the defaults and the reason, for the caller to show.
pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text, path) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(format!("{e} (using the defaults)"))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!("{}: {e} (using the defaults)", path.display())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, String> {
        parse(text, Path::new("config.toml"))
    }

    #[test]
    fn empty_is_default() {
        assert_eq!(p("").unwrap(), Config::default());
    }

    #[test]
    fn values_and_stages() {
        let c = p(r#"
me = "Dana Cole"
window_days = 30
[[stages]]
name = "Onboarding"
prompts = ["Is the kit installed?"]
expected_days = 60
[[stages]]
name = "Steady"
"#)
        .unwrap();
        assert_eq!(c.me.as_deref(), Some("Dana Cole"));
        assert_eq!(c.window_days, 30);
        assert_eq!(c.stages.len(), 2);
        assert_eq!(c.stages[0].expected_days, Some(60));
        assert_eq!(c.unvisited_days, 60);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = p("me = \"Dana\"\nwindow_days = \"ninety\"\n").unwrap_err();
        assert!(e.starts_with("config.toml:2:15: "), "{e}");
        assert!(e.contains("invalid type"), "{e}");
        let e = p("me = \"Dana\"\ncolour = 3\n").unwrap_err();
        assert!(
            e.starts_with("config.toml:2:1: unknown field `colour`"),
            "{e}"
        );
        let e = p("me = \n").unwrap_err();
        assert!(e.starts_with("config.toml:1:"), "{e}");
        let e = p("stages = []\n").unwrap_err();
        assert_eq!(e, "config.toml: stages: at least one stage is needed");
    }

    #[test]
    fn broken_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("config.toml");
        std::fs::write(&f, "window_days = [").unwrap();
        let (c, warning) = load(Some(&f));
        assert_eq!(c, Config::default());
        assert!(warning.unwrap().contains("config.toml:1:"));
        let (c, warning) = load(Some(&dir.path().join("missing.toml")));
        assert_eq!(c, Config::default());
        assert!(warning.is_none());
    }
}
