//! Themes: TOML files of a palette and semantic roles (ok, warn, bad,
//! accent, muted, selection…). A theme may inherit another and leave roles
//! out; user themes in the config folder's `themes/` sit beside the bundled
//! ones. Loading never fails: problems come back as warnings and the
//! default theme stands in.

use crate::domain::Invalid;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const BUNDLED: &[(&str, &str)] = &[
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("ansi", include_str!("../themes/ansi.toml")),
    ("mono", include_str!("../themes/mono.toml")),
];

pub const DEFAULT: &str = "dark";

macro_rules! roles {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Role { $($variant),+ }
        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant),+];
            pub fn name(self) -> &'static str { match self { $(Role::$variant => $name),+ } }
        }
    };
}

roles! {
    Text => "text", Muted => "muted", Accent => "accent", Header => "header", Title => "title",
    Border => "border", Selection => "selection", Match => "match", Ok => "ok", Warn => "warn",
    Bad => "bad", Proactive => "proactive", Reactive => "reactive", Signal => "signal", Tab => "tab",
    TabActive => "tab_active", Status => "status", Error => "error", ChartLine => "chart_line",
    ChartLimit => "chart_limit", ChartCentre => "chart_centre", ChartTarget => "chart_target",
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: Vec<Style>,
}

impl Theme {
    pub fn style(&self, role: Role) -> Style {
        self.styles[role as usize]
    }

    /// Whether any role uses a 24-bit colour.
    pub fn uses_rgb(&self) -> bool {
        self.styles
            .iter()
            .any(|s| matches!(s.fg, Some(Color::Rgb(..))) || matches!(s.bg, Some(Color::Rgb(..))))
    }

    /// The theme on a 256-colour terminal: each 24-bit colour becomes the
    /// nearest of the xterm palette, so the theme keeps its look.
    pub fn in_256_colours(&self) -> Theme {
        let map = |c: Option<Color>| match c {
            Some(Color::Rgb(r, g, b)) => Some(Color::Indexed(nearest_256(r, g, b))),
            other => other,
        };
        Theme {
            name: format!("{} (256 colours)", self.name),
            styles: self
                .styles
                .iter()
                .map(|s| Style {
                    fg: map(s.fg),
                    bg: map(s.bg),
                    ..*s
                })
                .collect(),
        }
    }
}

/// The xterm-256 index nearest to an RGB colour: the 6×6×6 cube or the
/// grey ramp, whichever is closer.
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let step = |v: u8| {
        (0..6)
            .min_by_key(|&i| (STEPS[i] as i32 - v as i32).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (step(r), step(g), step(b));
    let cube = (STEPS[ri], STEPS[gi], STEPS[bi]);
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (a as i32 - b as i32).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let avg = (r as u32 + g as u32 + b as u32) / 3;
    let grey_i = ((avg.saturating_sub(8)) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_i;
    if dist((grey, grey, grey)) < dist(cube) {
        232 + grey_i
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[allow(dead_code)]
    name: Option<String>,
    inherits: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, String>,
    #[serde(default)]
    roles: BTreeMap<String, RoleSpec>,
}

/// Where theme files are looked for, and what the terminal can show.
pub struct Loader {
    pub user_dir: Option<PathBuf>,
}

/// Why a theme could not be used; the theme named in the config gives way
/// to the default one, and this is the warning saying why.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The user's theme file is there but cannot be read.
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file is no TOML a theme is made of; `at` is `:line:column`.
    #[error("{origin}{at}: {}", .source.message())]
    Syntax {
        origin: String,
        at: String,
        source: Box<toml::de::Error>,
    },
    /// A name, colour or modifier that is not one.
    #[error("{0}")]
    Invalid(#[from] crate::domain::Invalid),
}

fn parse_file(text: &str, origin: &str) -> Result<ThemeFile, ThemeError> {
    toml::from_str(text).map_err(|source| {
        let at = source
            .span()
            .map(|s| crate::config::line_col(text, s.start))
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        ThemeError::Syntax {
            origin: origin.to_string(),
            at,
            source: Box::new(source),
        }
    })
}

fn named_color(s: &str) -> Option<Color> {
    Some(
        match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "reset" | "default" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" | "grey" => Color::Gray,
            "darkgray" | "darkgrey" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => return None,
        },
    )
}

fn color(s: &str, palette: &BTreeMap<String, String>) -> Result<Color, Invalid> {
    let resolved = palette.get(s).map(String::as_str).unwrap_or(s);
    if let Some(hex) = resolved.strip_prefix('#') {
        if hex.len() == 6 {
            if let Ok(v) = u32::from_str_radix(hex, 16) {
                return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
            }
        }
        return Err(format!(
            "`{s}`: not a colour; use #rrggbb, a palette name or an ANSI name like red"
        )
        .into());
    }
    named_color(resolved).ok_or_else(|| {
        format!("`{s}`: not a colour; use #rrggbb, a palette name or an ANSI name like red").into()
    })
}

fn modifier(s: &str) -> Result<Modifier, Invalid> {
    Ok(match s {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "crossed-out" => Modifier::CROSSED_OUT,
        _ => {
            return Err(format!(
            "`{s}`: not a modifier; one of bold, dim, italic, underlined, reversed, crossed_out"
        )
            .into())
        }
    })
}

/// A theme file merged with everything it inherits: the palette and the
/// roles down the whole `inherits` chain, the child's over the parent's.
#[derive(Default)]
struct Merged {
    palette: BTreeMap<String, String>,
    /// Each role's spec and the file it came from (for warnings).
    roles: BTreeMap<String, (RoleSpec, String)>,
}

impl Loader {
    /// A theme's text and origin. `bundled_only` skips the user folder: a
    /// user's `dark.toml` with `inherits = "dark"` means the bundled dark.
    fn source(&self, name: &str, bundled_only: bool) -> Result<(String, String, bool), ThemeError> {
        if let Some(dir) = self.user_dir.as_ref().filter(|_| !bundled_only) {
            let path = dir.join(format!("{name}.toml"));
            match std::fs::read_to_string(&path) {
                Ok(text) => return Ok((text, path.display().to_string(), true)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    let path = path.display().to_string();
                    return Err(ThemeError::Read { path, source });
                }
            }
        }
        BUNDLED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| (text.to_string(), format!("bundled theme {n}"), false))
            .ok_or_else(|| {
                let names = self.names().join(", ");
                Invalid(format!("no theme named `{name}`; themes: {names}")).into()
            })
    }

    /// Bundled and user theme names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        if let Some(dir) = &self.user_dir {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "toml") {
                        if let Some(stem) = p.file_stem() {
                            names.push(stem.to_string_lossy().into_owned());
                        }
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Loads a theme and what it inherits; warnings say what was skipped.
    pub fn load(&self, name: &str) -> (Theme, Vec<String>) {
        let mut warnings = Vec::new();
        match self.resolve(name, &mut warnings) {
            Ok(styles) => (
                Theme {
                    name: name.to_string(),
                    styles,
                },
                warnings,
            ),
            Err(e) => {
                warnings.push(format!("{e} (using the {DEFAULT} theme)"));
                let styles = self
                    .resolve(DEFAULT, &mut Vec::new())
                    .unwrap_or_else(|_| vec![Style::default(); Role::ALL.len()]);
                (
                    Theme {
                        name: DEFAULT.to_string(),
                        styles,
                    },
                    warnings,
                )
            }
        }
    }

    /// Merges the files down the chain, then builds every style once, so a
    /// palette change at any depth recolours every role that names it. A
    /// theme that inherits nothing takes the roles it omits from the
    /// default theme as built (its "cyan" is the ANSI colour, not dark's).
    fn resolve(&self, name: &str, warnings: &mut Vec<String>) -> Result<Vec<Style>, ThemeError> {
        let (merged, explicit) = self.merge(name, false, &mut Vec::new())?;
        let mut styles = if explicit || name == DEFAULT {
            vec![Style::default(); Role::ALL.len()]
        } else {
            self.resolve(DEFAULT, &mut Vec::new())?
        };
        for (role_name, (spec, origin)) in &merged.roles {
            let Some(role) = Role::ALL.iter().find(|r| r.name() == role_name) else {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                warnings.push(format!(
                    "{origin}: `{role_name}`: not a role; roles: {}",
                    names.join(", ")
                ));
                continue;
            };
            match build(spec, &merged.palette) {
                Ok(s) => styles[*role as usize] = s,
                Err(e) => warnings.push(format!("{origin}: roles.{role_name}: {e}")),
            }
        }
        Ok(styles)
    }

    /// The file `name` merged over its parents; whether it inherits
    /// explicitly. `chain` holds (name, from the user folder) on the way.
    fn merge(
        &self,
        name: &str,
        bundled_only: bool,
        chain: &mut Vec<(String, bool)>,
    ) -> Result<(Merged, bool), ThemeError> {
        let (text, origin, from_user) = self.source(name, bundled_only)?;
        if chain.iter().any(|(n, u)| n == name && *u == from_user) {
            let names: Vec<&str> = chain.iter().map(|(n, _)| n.as_str()).collect();
            let circle = format!("themes inherit in a circle: {} → {name}", names.join(" → "));
            return Err(Invalid(circle).into());
        }
        chain.push((name.to_string(), from_user));
        let file = parse_file(&text, &origin)?;
        let mut merged = match &file.inherits {
            // A user theme may build on the bundled one of its own name.
            Some(parent) => self.merge(parent, from_user && parent == name, chain)?.0,
            None => Merged::default(),
        };
        merged.palette.extend(file.palette);
        for (role, spec) in file.roles {
            merged.roles.insert(role, (spec, origin.clone()));
        }
        chain.pop();
        Ok((merged, file.inherits.is_some()))
    }
}

fn build(spec: &RoleSpec, palette: &BTreeMap<String, String>) -> Result<Style, Invalid> {
    let mut s = Style::default();
    if let Some(fg) = &spec.fg {
        s = s.fg(color(fg, palette)?);
    }
    if let Some(bg) = &spec.bg {
        s = s.bg(color(bg, palette)?);
    }
    for m in &spec.modifiers {
        s = s.add_modifier(modifier(m)?);
    }
    Ok(s)
}

/// What colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colours {
    /// 24-bit (`COLORTERM=truecolor`).
    True,
    /// The xterm palette (`TERM=…-256color`).
    Palette256,
    /// The 16 ANSI colours.
    Ansi,
}

/// Picks the theme to use: `NO_COLOR` wins (monochrome), then the asked-for
/// theme; a true-colour theme takes the nearest colours of a 256-colour
/// terminal, and gives way to the 16-colour one on any other.
pub fn choose(
    loader: &Loader,
    asked: Option<&str>,
    no_color: bool,
    colours: Colours,
) -> (Theme, Vec<String>) {
    if no_color {
        return loader.load("mono");
    }
    let (theme, mut warnings) = loader.load(asked.unwrap_or(DEFAULT));
    if colours == Colours::Palette256 && theme.uses_rgb() {
        return (theme.in_256_colours(), warnings);
    }
    if colours == Colours::Ansi && theme.uses_rgb() {
        let (ansi, w) = loader.load("ansi");
        warnings.extend(w);
        return (ansi, warnings);
    }
    (theme, warnings)
}

pub fn user_dir(config_file: Option<&Path>) -> Option<PathBuf> {
    config_file
        .and_then(|p| p.parent())
        .map(|d| d.join("themes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Loader {
        Loader { user_dir: None }
    }

    #[test]
    fn every_bundled_theme_parses_without_warnings() {
        for (name, _) in BUNDLED {
            let (t, warnings) = bundled().load(name);
            assert_eq!(&t.name, name);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
        }
    }

    #[test]
    fn light_inherits_roles_and_recolours_them() {
        let (light, _) = bundled().load("light");
        let (dark, _) = bundled().load("dark");
        assert_eq!(light.style(Role::Ok).fg, Some(Color::Rgb(0x3f, 0x7d, 0x20)));
        assert_ne!(light.style(Role::Ok), dark.style(Role::Ok));
        assert_eq!(
            light.style(Role::Bad).add_modifier,
            dark.style(Role::Bad).add_modifier
        );
    }

    #[test]
    fn the_high_contrast_selection_keeps_every_cell_readable() {
        // A background under cells that set their own (white) text would
        // be white on white: reversed swaps each cell's colours instead.
        let (t, w) = bundled().load("high-contrast");
        assert!(w.is_empty(), "{w:?}");
        let s = t.style(Role::Selection);
        assert!(s.add_modifier.contains(Modifier::REVERSED));
        assert_eq!((s.fg, s.bg), (None, None));
    }

    #[test]
    fn mono_and_ansi_have_no_rgb() {
        assert!(!bundled().load("mono").0.uses_rgb());
        assert!(!bundled().load("ansi").0.uses_rgb());
        assert!(bundled().load("dark").0.uses_rgb());
    }

    #[test]
    fn choosing_follows_no_color_and_truecolor() {
        let l = bundled();
        assert_eq!(
            choose(&l, Some("light"), true, Colours::True).0.name,
            "mono"
        );
        assert_eq!(
            choose(&l, Some("light"), false, Colours::Ansi).0.name,
            "ansi"
        );
        assert_eq!(
            choose(&l, Some("light"), false, Colours::True).0.name,
            "light"
        );
        assert_eq!(choose(&l, None, false, Colours::True).0.name, "dark");
        // A 256-colour terminal keeps the theme, in its nearest colours.
        let (t, _) = choose(&l, Some("dark"), false, Colours::Palette256);
        assert_eq!(t.name, "dark (256 colours)");
        assert!(!t.uses_rgb());
    }

    #[test]
    fn the_nearest_of_256_colours() {
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(0x80, 0x80, 0x80), 244);
        assert_eq!(nearest_256(0, 0x5f, 0xaf), 25);
    }

    #[test]
    fn user_themes_broken_or_partial() {
        let dir = tempfile::tempdir().unwrap();
        let l = Loader {
            user_dir: Some(dir.path().to_path_buf()),
        };
        std::fs::write(
            dir.path().join("mine.toml"),
            "inherits = \"light\"\n[roles]\nok = { fg = \"magenta\" }\n",
        )
        .unwrap();
        let (t, w) = l.load("mine");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(t.style(Role::Ok).fg, Some(Color::Magenta));
        assert_eq!(t.style(Role::Bad), l.load("light").0.style(Role::Bad));
        assert!(l.names().contains(&"mine".to_string()));

        std::fs::write(
            dir.path().join("broken.toml"),
            "[roles]\nok = { fg = \"green\"\n",
        )
        .unwrap();
        let (t, w) = l.load("broken");
        assert_eq!(t.name, "dark");
        assert!(w[0].contains("broken.toml:2:"), "{w:?}");
        assert!(w[0].ends_with("(using the dark theme)"), "{w:?}");

        std::fs::write(
            dir.path().join("odd.toml"),
            "[roles]\nok = { fg = \"chartreuse\" }\nshiny = {}\n",
        )
        .unwrap();
        let (t, w) = l.load("odd");
        assert_eq!(t.name, "odd");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter()
                .any(|x| x.contains("roles.ok: `chartreuse`: not a colour")),
            "{w:?}"
        );
        assert!(w.iter().any(|x| x.contains("`shiny`: not a role")), "{w:?}");

        // A user theme named like a bundled one builds on it; a palette
        // change deep in the chain recolours every role that names it.
        std::fs::write(
            dir.path().join("dark.toml"),
            "inherits = \"dark\"\n[palette]\ngreen = \"#00ff00\"\n",
        )
        .unwrap();
        let (t, w) = l.load("dark");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(t.style(Role::Ok).fg, Some(Color::Rgb(0, 255, 0)));
        std::fs::write(dir.path().join("deep.toml"), "inherits = \"dark\"\n").unwrap();
        let (t, _) = l.load("deep");
        assert_eq!(
            t.style(Role::Ok).fg,
            Some(Color::Rgb(0, 255, 0)),
            "two levels down"
        );
        std::fs::remove_file(dir.path().join("dark.toml")).unwrap();

        std::fs::write(dir.path().join("a.toml"), "inherits = \"b\"\n").unwrap();
        std::fs::write(dir.path().join("b.toml"), "inherits = \"a\"\n").unwrap();
        let (t, w) = l.load("a");
        assert_eq!(t.name, "dark");
        assert!(w[0].starts_with("themes inherit in a circle"), "{w:?}");

        let (t, w) = l.load("nope");
        assert_eq!(t.name, "dark");
        assert!(
            w[0].starts_with("no theme named `nope`; themes: a, ansi, b, broken, dark"),
            "{w:?}"
        );
    }
}
