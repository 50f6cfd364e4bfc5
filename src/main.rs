//! The one place that reads the clock and the environment.

use std::io::IsTerminal;

fn main() {
    // A shell asking for completions is answered before anything else.
    saydo::cli::answer_the_shell();
    let start = saydo::cli::Start {
        args: std::env::args_os().collect(),
        today_override: std::env::var("SAYDO_TODAY").ok().filter(|s| !s.is_empty()),
        clock_today: today(),
        clock: today,
        user: std::env::var("USER").ok(),
        interactive: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        truecolor: std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit"),
        colors256: std::env::var("TERM").is_ok_and(|t| t.contains("256color")),
        dumb: std::env::var("TERM").map_or(true, |t| t.is_empty() || t == "dumb"),
    };
    std::process::exit(saydo::cli::main_with(start));
}

/// Today in the local time zone. Without TZ, straight from /etc/localtime:
/// jiff's own lookup walks the whole zoneinfo tree first, a few
/// milliseconds of every start.
fn today() -> jiff::civil::Date {
    let local = std::env::var_os("TZ")
        .is_none()
        .then(|| std::fs::read("/etc/localtime").ok())
        .flatten()
        .and_then(|data| jiff::tz::TimeZone::tzif("localtime", &data).ok());
    match local {
        Some(tz) => jiff::Timestamp::now().to_zoned_datetime(tz).date(),
        None => jiff::ZonedDateTime::now().date(),
    }
}
