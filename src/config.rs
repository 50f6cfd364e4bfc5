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
    /// The layers of the customer's ecosystem stakeholders belong to.
    pub layers: Vec<String>,
    /// The engagement maturity scale: its levels and the dimensions assessed.
    pub maturity: crate::domain::maturity::Scale,
    /// Groups of tags by what they tell (a therapeutic area, a segment):
    /// the portfolio groups by them and maturity rolls up by them.
    pub tag_groups: BTreeMap<String, Vec<String>>,
    /// The database file, when not the default (`--db` and `SAYDO_DB` win).
    pub database: Option<PathBuf>,
    /// The theme's name: a bundled one or a file in the config folder's themes/.
    pub theme: Option<String>,
    /// Key overrides: action name → key or keys, e.g. `quit = "ctrl-q"`,
    /// and a screen's own table of them (`[keys.portfolio]`).
    pub keys: BTreeMap<String, KeySpec>,
    /// The file names a database on a line that could not be read: saydo
    /// then opens no database but one given with `--db`, rather than
    /// writing to another book.
    #[serde(skip)]
    pub database_unreadable: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            me: None,
            window_days: 90,
            unvisited_days: 60,
            stages: default_stages(),
            layers: crate::domain::Layer::defaults(),
            maturity: Default::default(),
            tag_groups: default_tag_groups(),
            database: None,
            theme: None,
            keys: BTreeMap::new(),
            database_unreadable: None,
        }
    }
}

/// The therapeutic areas the demo's accounts are tagged with.
fn default_tag_groups() -> BTreeMap<String, Vec<String>> {
    let areas = [
        "oncology",
        "cardiology",
        "radiology",
        "neurology",
        "laboratory",
        "women's health",
    ];
    BTreeMap::from([(
        "Therapeutic area".to_string(),
        areas.iter().map(|a| a.to_string()).collect(),
    )])
}

impl Config {
    /// The tag groups in order, for the screens that step through them.
    pub fn tag_group_list(&self) -> Vec<(String, Vec<String>)> {
        self.tag_groups
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
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

/// Why a config file cannot be taken as it is; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not TOML, or a value of the wrong type; `at` is `:line:column`.
    #[error("{file}{at}: {}", .source.message())]
    Syntax {
        file: String,
        at: String,
        source: Box<toml::de::Error>,
    },
    /// Values that read but cannot be used together.
    #[error("{file}: {source}")]
    Invalid {
        file: String,
        source: crate::domain::Invalid,
    },
}

/// Parses config text; the error names the file, line and column.
pub fn parse(text: &str, origin: &Path) -> Result<Config, ConfigError> {
    let file = origin.display().to_string();
    let config: Config = match toml::from_str(text) {
        Ok(c) => c,
        Err(source) => {
            let at = source
                .span()
                .map(|s| line_col(text, s.start))
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            let source = Box::new(source);
            return Err(ConfigError::Syntax { file, at, source });
        }
    };
    if let Err(source) = validate(&config) {
        return Err(ConfigError::Invalid { file, source });
    }
    Ok(config)
}

fn validate(c: &Config) -> Result<(), crate::domain::Invalid> {
    if c.stages.is_empty() {
        return Err("stages: at least one stage is needed".into());
    }
    crate::domain::layers::check(&c.layers)?;
    if let Some(p) = c.maturity.problem() {
        return Err(p.into());
    }
    if c.maturity.dimensions.len() > crate::domain::maturity::MAX_DIMENSIONS {
        return Err(format!(
            "maturity.dimensions: up to {} dimensions",
            crate::domain::maturity::MAX_DIMENSIONS
        )
        .into());
    }
    for (name, tags) in &c.tag_groups {
        if name.trim().is_empty() || tags.is_empty() || tags.iter().any(|t| t.trim().is_empty()) {
            return Err(format!(
                "tag_groups.{name}: a group has a name and at least one tag, e.g. \"Therapeutic area\" = [\"oncology\", \"cardiology\"]"
            ).into());
        }
    }
    if c.window_days == 0 || c.window_days > 36_500 {
        return Err("window_days: a window runs from 1 day to 100 years (36500)".into());
    }
    for (i, s) in c.stages.iter().enumerate() {
        if s.name.trim().is_empty() {
            return Err(format!("stages[{i}]: a stage needs a name").into());
        }
        if c.stages[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&s.name))
        {
            return Err(format!("stages[{i}]: the stage {} is listed twice", s.name).into());
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
    let (mut c, said) = load_as_written(path);
    // `~/books/dana.db` in the file is in the home folder, as in a shell.
    c.database = c
        .database
        .map(|p| crate::files::expand_home(&p.to_string_lossy()));
    (c, said)
}

/// The top-level keys the file at `path` sets (none when there is none).
pub fn keys_in(path: Option<&Path>) -> Vec<String> {
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
        return Vec::new();
    };
    match text.parse::<toml::Table>() {
        Ok(t) => t.keys().cloned().collect(),
        Err(_) => text
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect(),
    }
}

fn load_as_written(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text, path) {
            Ok(c) => (c, None),
            Err(_) => {
                let (c, problems) = salvage(&text, path);
                (
                    c,
                    Some(format!(
                        "{} (every other key keeps its value)",
                        problems.join("; ")
                    )),
                )
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!("{}: {e} (using the defaults)", path.display())),
        ),
    }
}

pub const KEYS: [&str; 10] = [
    "me",
    "window_days",
    "unvisited_days",
    "stages",
    "layers",
    "maturity",
    "tag_groups",
    "database",
    "theme",
    "keys",
];

/// Reads a file that does not parse whole, key by key: each key that
/// parses keeps its value, each one that does not is reported with its
/// line and column and left at its default. A `database` that cannot be
/// read is marked, so that no other book is opened in its place.
fn salvage(text: &str, origin: &Path) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let pieces = pieces(text, origin, &mut problems);
    for (key, piece, line) in pieces {
        if !KEYS.contains(&key.as_str()) {
            problems.push(format!(
                "{}:{line}:1: unknown key `{key}`; one of {}",
                origin.display(),
                KEYS.join(", ")
            ));
            continue;
        }
        let parsed = toml::from_str::<Config>(&piece)
            .map_err(|e| e.message().trim().to_string())
            .and_then(|p| validate(&p).map(|_| p).map_err(String::from));
        match parsed {
            Ok(p) => match key.as_str() {
                "me" => config.me = p.me,
                "window_days" => config.window_days = p.window_days,
                "unvisited_days" => config.unvisited_days = p.unvisited_days,
                "stages" => config.stages = p.stages,
                "layers" => config.layers = p.layers,
                "maturity" => config.maturity = p.maturity,
                "tag_groups" => config.tag_groups = p.tag_groups,
                "database" => config.database = p.database,
                "theme" => config.theme = p.theme,
                _ => config.keys = p.keys,
            },
            Err(m) => {
                // The column of the value, after `key =`.
                let col = value_col(text, line);
                let said = format!("{}:{line}:{col}: {key}: {m}", origin.display());
                if key == "database" {
                    config.database_unreadable = Some(said.clone());
                }
                problems.push(said);
            }
        }
    }
    if config.database.is_none() && config.database_unreadable.is_none() {
        if let Some(i) = text
            .lines()
            .position(|l| l.trim_start().starts_with("database"))
        {
            config.database_unreadable = Some(format!(
                "{}:{}: database: this line cannot be read",
                origin.display(),
                i + 1
            ));
        }
    }
    (config, problems)
}

/// The file's keys, each with its own text and line: the whole table when
/// the syntax holds, else each top-level `key = value` line on its own (the
/// syntax error is one of the `problems`).
fn pieces(text: &str, origin: &Path, problems: &mut Vec<String>) -> Vec<(String, String, usize)> {
    let mut pieces: Vec<(String, String, usize)> = Vec::new();
    match text.parse::<toml::Table>() {
        Ok(table) => {
            for (k, v) in table {
                let mut one = toml::Table::new();
                one.insert(k.clone(), v);
                let line = key_line(text, &k);
                pieces.push((k, one.to_string(), line));
            }
        }
        Err(e) => {
            let (l, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            problems.push(format!(
                "{}:{l}:{col}: {}",
                origin.display(),
                e.message().trim()
            ));
            for (i, line) in text.lines().enumerate() {
                if line.trim_start().starts_with('[') {
                    break;
                }
                if let Some((k, _)) = line.split_once('=') {
                    pieces.push((k.trim().to_string(), line.to_string(), i + 1));
                }
            }
        }
    }
    pieces
}

/// The column of the value on line `line`, after `key =`.
fn value_col(text: &str, line: usize) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| {
            let eq = l.find('=')?;
            let rest = &l[eq + 1..];
            Some(eq + 2 + (rest.len() - rest.trim_start().len()))
        })
        .unwrap_or(1)
}

/// The line a top-level key is on (1 when it cannot be told).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', '.'])
                || t == format!("[{key}]")
                || t == format!("[[{key}]]")
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, String> {
        parse(text, Path::new("config.toml")).map_err(|e| e.to_string())
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
    fn keys_everywhere_and_per_screen() {
        let c = p(r#"
[keys]
quit = "ctrl-q"
filter = ["/", "f"]
[keys.portfolio]
sort = "o"
"#)
        .unwrap();
        assert_eq!(c.keys["quit"], KeySpec::One("ctrl-q".into()));
        let KeySpec::Table(t) = &c.keys["portfolio"] else {
            panic!("a screen's table: {:?}", c.keys)
        };
        assert_eq!(t["sort"], KeySpec::One("o".into()));
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
    fn one_bad_key_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("config.toml");
        std::fs::write(
            &f,
            "me = \"Dana Cole\"\ndatabase = \"/books/dana.db\"\nwindow_days = \"ninety\"\ncolour = 3\n",
        )
        .unwrap();
        let (c, warning) = load(Some(&f));
        assert_eq!(c.me.as_deref(), Some("Dana Cole"));
        assert_eq!(c.database.as_deref(), Some(Path::new("/books/dana.db")));
        assert_eq!(c.window_days, 90);
        let w = warning.unwrap();
        assert!(w.contains("config.toml:3:15: window_days"), "{w}");
        assert!(w.contains("config.toml:4:1: unknown key `colour`"), "{w}");
        // Broken syntax: the lines that read still count; a database line
        // that does not is marked, never replaced by the default book.
        std::fs::write(
            &f,
            "me = \"Dana Cole\"\nwindow_days = [\ndatabase = /books/dana.db\n",
        )
        .unwrap();
        let (c, warning) = load(Some(&f));
        assert_eq!(c.me.as_deref(), Some("Dana Cole"));
        assert!(c.database_unreadable.is_some(), "{warning:?}");
        assert!(p("window_days = 40000\n").is_err(), "bounded like --window");
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
