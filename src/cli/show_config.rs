//! `saydo config`: each setting, its value and where it came from (a flag,
//! the environment, the file or the default), and where things are kept.

use super::*;

/// Where a setting came from: a flag, its environment variable, the
/// config file, or saydo's default.
fn origin(flag: Option<&str>, env: &str, flag_name: &str) -> Option<String> {
    let from_env = std::env::var(env).ok();
    match flag {
        Some(v) if from_env.as_deref() == Some(v) => Some(format!("environment {env}")),
        Some(_) => Some(format!("flag {flag_name}")),
        None => None,
    }
}

/// `saydo config`: every key, its value, and where it came from.
pub(super) fn show_config(
    cli: &Cli,
    start: &Start,
    config: &Config,
    path: Option<&std::path::Path>,
    db: &std::path::Path,
    json: bool,
) -> Outcome {
    let in_file = config::keys_in(path);
    let file = |k: &str| {
        in_file.iter().any(|x| x == k).then(|| {
            format!(
                "file {}",
                path.map_or(String::new(), |p| p.display().to_string())
            )
        })
    };
    let default = || "default".to_string();
    let db_s = cli.db.as_ref().map(|p| p.to_string_lossy().to_string());
    let theme_s = cli.theme.clone();
    let config_s = cli.config.as_ref().map(|p| p.to_string_lossy().to_string());
    let me = config
        .me
        .clone()
        .or(start.user.clone())
        .unwrap_or_else(|| "me".into());
    let mut rows: Vec<(&str, String, String)> = vec![
        (
            "config",
            path.map_or("(none)".into(), |p| p.display().to_string()),
            origin(config_s.as_deref(), "SAYDO_CONFIG", "--config").unwrap_or_else(default),
        ),
        (
            "database",
            db.display().to_string(),
            origin(db_s.as_deref(), "SAYDO_DB", "--db")
                .or_else(|| file("database"))
                .unwrap_or_else(default),
        ),
        (
            "me",
            me,
            file("me")
                .or_else(|| start.user.as_ref().map(|_| "environment USER".to_string()))
                .unwrap_or_else(default),
        ),
    ];
    let settings = file_settings(config);
    let (before_theme, keys) = settings.split_at(settings.len() - 1);
    let from_file =
        |(k, v): &(&'static str, String)| (*k, v.clone(), file(k).unwrap_or_else(default));
    rows.extend(before_theme.iter().map(from_file));
    rows.push((
        "theme",
        theme_s
            .clone()
            .or(config.theme.clone())
            .unwrap_or_else(|| "(chosen for the terminal)".into()),
        origin(theme_s.as_deref(), "SAYDO_THEME", "--theme")
            .or_else(|| file("theme"))
            .unwrap_or_else(default),
    ));
    rows.extend(keys.iter().map(from_file));
    rows.push((
        "today",
        start
            .today_override
            .clone()
            .unwrap_or_else(|| start.clock_today.to_string()),
        if start.today_override.is_some() {
            "environment SAYDO_TODAY".into()
        } else {
            "the clock".into()
        },
    ));
    print_rows(rows, json)
}

/// The settings only the config file sets, in the order they are shown.
fn file_settings(config: &Config) -> Vec<(&'static str, String)> {
    vec![
        ("window_days", config.window_days.to_string()),
        ("unvisited_days", config.unvisited_days.to_string()),
        (
            "stages",
            config
                .stages
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("layers", config.layers.join(", ")),
        (
            "maturity",
            format!(
                "{} · on {}",
                config
                    .maturity
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} {}", i + 1, l.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                config.maturity.dimensions.join(", ")
            ),
        ),
        (
            "tag_groups",
            config
                .tag_groups
                .iter()
                .map(|(g, tags)| format!("{g}: {}", tags.join(", ")))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        (
            "keys",
            if config.keys.is_empty() {
                "(the default keys)".into()
            } else {
                config.keys.keys().cloned().collect::<Vec<_>>().join(", ")
            },
        ),
    ]
}

/// The rows as a table, or as JSON: `{ key: { value, from } }`.
fn print_rows(rows: Vec<(&str, String, String)>, json: bool) -> Outcome {
    if json {
        let v: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(k, v, from)| {
                (
                    k.to_string(),
                    serde_json::json!({ "value": v, "from": from }),
                )
            })
            .collect();
        return print_json(&v);
    }
    let mut t = table::Table::new(&["key", "value", "from"]);
    for (k, v, from) in rows {
        t.row(vec![k.to_string(), v, from]);
    }
    t.print();
    Ok(())
}
