//! Fuzz targets for what reads text people and files give: the quick-add
//! grammar (parsed, then resolved against a real book), the date words,
//! and the TOML importer. Each starts from its corpus in `fuzz/corpus/`
//! and mutates it (bytes flipped, inserted, deleted, repeated, spliced
//! with other seeds) from a fixed seed: no input may panic, and every
//! refusal must be a message.
//!
//! CI runs a few thousand inputs; `SAYDO_FUZZ_SECS=600 cargo test --release
//! --test fuzz -- --nocapture` runs each target for ten minutes (and
//! `SAYDO_FUZZ_SEED` picks another sequence).

mod common;

use common::*;
use saydo::capture;
use saydo::domain::dates::parse_date;
use saydo::domain::default_stages;
use saydo::store::sqlite::SqliteStore;
use saydo::store::Store;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that steer parsers: quotes, escapes, separators, digits, signs,
/// TOML's brackets, a NUL, invalid UTF-8, a combining accent, an escape.
const SPICE: &[&[u8]] = &[
    b"\"",
    b"\\",
    b":",
    b" ",
    b"\n",
    b"\r",
    b"\t",
    b"[",
    b"]",
    b"=",
    b"#",
    b".",
    b"-",
    b"+",
    b"0",
    b"9",
    b"@",
    b"'",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"e\xcc\x81",
    b"\x1b[2J",
    b"1e308",
    b"nan",
    b"inf",
    b"-999999d",
    b"9999-12-31",
    b"due:",
    b"to:\"",
    b"[[account]]\n",
];

fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let s = SPICE[rng.below(SPICE.len())];
                v.splice(at..at, s.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !v.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(v.len());
                let piece: Vec<u8> = v[at.min(end)..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    v.splice(at..at, piece.iter().copied());
                }
            }
            4 if !others.is_empty() => {
                let o = &others[rng.below(others.len())];
                let from = rng.below(o.len());
                let end = (from + 1 + rng.below(64)).min(o.len());
                v.splice(at..at, o[from..end].iter().copied());
            }
            5 => v.truncate(at),
            _ => {
                let b = rng.next() as u8;
                v.insert(at, b);
            }
        }
    }
    v
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(!seeds.is_empty(), "{target}: an empty corpus");
    seeds
}

/// Runs `one` on the corpus and on mutants of it, for `SAYDO_FUZZ_SECS` or
/// `cases` inputs; a panic fails the test with the input that caused it.
fn fuzz(target: &str, cases: usize, one: &mut dyn FnMut(&[u8])) {
    let seeds = corpus(target);
    let secs: Option<u64> = std::env::var("SAYDO_FUZZ_SECS")
        .ok()
        .and_then(|v| v.parse().ok());
    let seed: u64 = std::env::var("SAYDO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5a1d0);
    let mut rng = Rng(seed | 1);
    let until = secs.map(|s| Instant::now() + Duration::from_secs(s));
    let mut run = 0usize;
    let mut input: Vec<u8>;
    loop {
        input = if run < seeds.len() {
            seeds[run].clone()
        } else {
            let s = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, s, &seeds)
        };
        let r = catch_unwind(AssertUnwindSafe(|| one(&input)));
        if r.is_err() {
            let keep = std::env::temp_dir().join(format!("saydo-fuzz-{target}-crash"));
            let _ = std::fs::write(&keep, &input);
            panic!(
                "{target}: input #{run} panicked (kept in {}): {:?}",
                keep.display(),
                String::from_utf8_lossy(&input)
            );
        }
        run += 1;
        let done = match until {
            Some(t) => Instant::now() >= t,
            None => run >= cases,
        };
        if done {
            break;
        }
    }
    eprintln!("fuzz {target}: {run} inputs, no panic");
}

#[test]
fn the_grammar_never_panics_and_refuses_with_a_message() {
    let db = temp_db();
    let mut store = sqlite(&db);
    store
        .bulk(false, &mut |sink| {
            saydo::demo::generate(sink, 6, TODAY, &default_stages())?;
            Ok(())
        })
        .unwrap();
    fuzz("grammar", 4000, &mut |bytes| {
        let line = String::from_utf8_lossy(bytes);
        let ctx = capture::Context {
            today: TODAY,
            me: "Dana Cole",
            account: None,
            visit: None,
        };
        if let Err(e) = capture::parse(&line, TODAY) {
            assert!(!e.message.is_empty(), "{line:?}");
        }
        if let Err(e) = capture::plan(&line, &ctx, &store) {
            let said = match e {
                capture::PlanError::Line(l) => l.message,
                capture::PlanError::Store(s) => {
                    assert!(
                        matches!(s, saydo::store::StoreError::Input(_)),
                        "{line:?}: a store failure, not a refusal: {s}"
                    );
                    s.to_string()
                }
            };
            assert!(!said.is_empty(), "{line:?}");
        }
    });
}

#[test]
fn the_date_words_never_panic_and_stay_in_years_1_to_9999() {
    fuzz("dates", 20000, &mut |bytes| {
        let word = String::from_utf8_lossy(bytes);
        match parse_date(&word, TODAY) {
            Ok(d) => assert!((1..=9999).contains(&d.year()), "{word:?} → {d}"),
            Err(e) => assert!(!e.to_string().is_empty(), "{word:?}"),
        }
    });
}

#[test]
fn the_importer_never_panics_and_takes_all_or_nothing() {
    let db = temp_db();
    let mut store: SqliteStore = sqlite(&db);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.toml");
    fuzz("import", 600, &mut |bytes| {
        std::fs::write(&file, bytes).unwrap();
        let before = store.version().unwrap();
        match saydo::exchange::toml_in::import(&file, &mut store, TODAY) {
            Ok(_) => {}
            Err(e) => {
                let said = e.to_string();
                assert!(!said.is_empty());
                // Nothing written by a refused import.
                assert_eq!(store.version().unwrap(), before);
            }
        }
    });
}
