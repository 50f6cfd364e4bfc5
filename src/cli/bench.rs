//! `saydo bench`: the figures of speed on this book, printed.

use super::*;

pub(super) fn bench(
    db: &std::path::Path,
    config: Config,
    today: Date,
    me: &str,
    filter: &str,
) -> Outcome {
    use crate::bench::{max, median, p95};
    let loader = crate::theme::Loader { user_dir: None };
    let theme = loader.load("dark").0;
    let figures = crate::bench::run(
        || {
            let store = SqliteStore::open(db).expect("the benchmark's database opens");
            let setup = crate::app::Setup {
                config,
                theme,
                keymap: crate::keymap::Keymap::default(),
                today,
                clock: None,
                me: me.to_string(),
                warnings: vec![],
                recall: None,
                exports: None,
                size: (140, 40),
            };
            crate::app::App::start(Box::new(store), setup, opener(db))
        },
        filter,
    );
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    outln!("accounts               {}", figures.accounts);
    outln!("first frame            {:.1} ms", ms(figures.first_frame));
    outln!(
        "whole book ready       {:.2} s (every screen's figures, counted in the background)",
        figures.all_loaded.as_secs_f64()
    );
    outln!(
        "navigation key→frame   median {:.2} ms, max {:.2} ms ({} keys)",
        ms(median(&figures.navigation)),
        ms(max(&figures.navigation)),
        figures.navigation.len()
    );
    let each = |times: &[std::time::Duration]| -> String {
        let each: Vec<String> = times.iter().map(|d| format!("{:.1}", ms(*d))).collect();
        each.join(" ")
    };
    outln!(
        "filter key→frame       median {:.2} ms, p95 {:.2} ms, max {:.2} ms (\"{filter}\" typed and erased, my accounts)",
        ms(median(&figures.filter)),
        ms(p95(&figures.filter)),
        ms(max(&figures.filter))
    );
    outln!("  each keystroke (ms)  {}", each(&figures.filter));
    outln!(
        "filter over all        median {:.2} ms, p95 {:.2} ms, max {:.2} ms (every account)",
        ms(median(&figures.filter_all)),
        ms(p95(&figures.filter_all)),
        ms(max(&figures.filter_all))
    );
    outln!("  each keystroke (ms)  {}", each(&figures.filter_all));
    outln!(
        "other screens          median {:.2} ms, max {:.2} ms (attention, signals, directors, lifecycle, trends over all accounts; the finder)",
        ms(median(&figures.screens)),
        ms(max(&figures.screens))
    );
    outln!(
        "peak memory            {}",
        figures.peak_rss_kib.map_or("unknown".into(), |k| format!(
            "{:.1} MiB",
            k as f64 / 1024.0
        ))
    );
    Ok(())
}
