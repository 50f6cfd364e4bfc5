//! The one place that reads the clock and the environment.

fn main() {
    let start = saydo::cli::Start {
        args: std::env::args_os().collect(),
        today_override: std::env::var("SAYDO_TODAY").ok().filter(|s| !s.is_empty()),
        clock_today: jiff::Zoned::now().date(),
        user: std::env::var("USER").ok(),
    };
    std::process::exit(saydo::cli::main_with(start));
}
