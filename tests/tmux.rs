//! End to end in a real terminal: saydo under tmux, keys typed with
//! send-keys, the screen read with capture-pane. Each test has its own
//! tmux server.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, db: &TempDb, shell_line: &str) -> Tmux {
        let socket = format!("saydo-test-{name}-{}", std::process::id());
        let t = Tmux { socket };
        let env = format!(
            "SAYDO_DB='{}' SAYDO_CONFIG='{}' SAYDO_TODAY=2026-11-24 USER='Dana Cole' COLORTERM=truecolor TERM=xterm-256color",
            db.path.display(),
            db.dir.path().join("config.toml").display()
        );
        let cmd = format!("{env} {shell_line}");
        let ok = Command::new("tmux")
            .args([
                "-L",
                &t.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "35",
                "bash",
                "--norc",
                "--noprofile",
                "-c",
                &cmd,
            ])
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(ok.success());
        t
    }

    fn screen(&self) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Waits for `text` to appear on the screen (the app draws on its own time).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("{text:?} never appeared; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys", "-t", "0"];
        args.extend(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    /// The saydo process the pane's shell runs.
    fn saydo_pid(&self) -> String {
        let o = Command::new("pgrep")
            .args(["-P", &self.pane_pid().to_string(), "saydo"])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert!(!pid.is_empty(), "saydo runs under the shell");
        pid
    }

    fn pane_pid(&self) -> u32 {
        let o = Command::new("tmux")
            .args(["-L", &self.socket, "display", "-p", "#{pane_pid}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).trim().parse().unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // A session whose program ended has taken its server with it:
        // tmux's "no server running" is expected then, and kept quiet.
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn wait_for_file(p: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(s) = std::fs::read_to_string(p) {
            if s.ends_with('\n') {
                return s;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} never written", p.display());
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_saydo")
}

#[test]
fn browse_the_demo_in_a_real_terminal() {
    let db = temp_db();
    let done = db.dir.path().join("done");
    let t = Tmux::start(
        "browse",
        &db,
        &format!("{}; echo exit=$? > '{}'", bin(), done.display()),
    );
    t.wait_for("Your field book is empty.");
    t.keys(&["d"]);
    t.wait_for("My accounts (Dana Cole) · 10 accounts");
    t.keys(&["Enter"]);
    let s = t.wait_for("1 Overview");
    assert!(s.contains("Clínica San Rafael") || s.contains("@"), "{s}");
    t.keys(&["2"]);
    t.wait_for("XmR");
    t.keys(&["Tab"]);
    t.wait_for("Promised");
    t.keys(&["C-p"]);
    t.wait_for("Find an account or a screen");
    t.keys(&["m", "u", "l", "l", "Enter"]);
    t.wait_for("Müller Klinik Freiburg  @muller");
    t.keys(&["Q"]);
    assert_eq!(wait_for_file(&done), "exit=0\n");
}

#[test]
fn sigterm_restores_the_terminal() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let out = db.dir.path().join("after");
    let line = format!(
        "{}; code=$?; stty -a > '{}.stty'; echo code=$code > '{}'",
        bin(),
        out.display(),
        out.display()
    );
    let t = Tmux::start("sigterm", &db, &line);
    t.wait_for("My accounts (Dana Cole)");
    let pid = t.saydo_pid();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    assert_eq!(wait_for_file(&out), "code=143\n");
    let stty = std::fs::read_to_string(format!("{}.stty", out.display())).unwrap();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for f in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(flags.contains(&f), "{f} is back on: {stty}");
    }
    let s = t.screen();
    assert!(
        !s.contains("My accounts (Dana Cole)"),
        "the alternate screen is gone:\n{s}"
    );
}

#[test]
fn another_process_writing_shows_up_without_a_restart() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let t = Tmux::start("live", &db, bin());
    t.wait_for("My accounts (Dana Cole) · 10 accounts");
    ok(
        &db,
        &[
            "account",
            "add",
            "Zephyr Lakes Clinic",
            "--handle",
            "zephyr",
            "--owner",
            "Dana Cole",
        ],
    );
    t.wait_for("My accounts (Dana Cole) · 11 accounts");
    t.wait_for("Zephyr Lakes Clinic");
    t.keys(&["Q"]);
}

#[test]
fn a_commitment_typed_on_the_portfolio_is_saved_in_the_database() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let t = Tmux::start("capture", &db, bin());
    t.wait_for("My accounts (Dana Cole) · 10 accounts");
    t.keys(&["a"]);
    t.wait_for("Quick add");
    t.keys(&[
        "-l",
        "commit @mercy Call Dr Tanaka about the upgrade due:fri",
    ]);
    t.wait_for("✓ commitment at @mercy · due Fri 27 Nov · by Dana Cole");
    t.keys(&["Enter"]);
    let s = t.wait_for("saved · due Fri 27 Nov");
    assert!(!s.contains("Quick add"), "the bar closed:\n{s}");
    t.keys(&["Q"]);
    // Read back by another process, from the file.
    let listed = ok(&db, &["commit", "list", "--json"]);
    let all: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let found = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["what"] == "Call Dr Tanaka about the upgrade")
        .unwrap_or_else(|| panic!("saved: {listed}"));
    assert_eq!(found["due_on"], "2026-11-27");
    assert_eq!(found["status"], "open");
}

#[test]
fn closing_the_terminal_ends_saydo_instead_of_leaving_it_spinning() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let t = Tmux::start("hangup", &db, &format!("{}; true", bin()));
    t.wait_for("My accounts (Dana Cole)");
    let pid = t.saydo_pid();
    // The window goes away: tmux closes the terminal under saydo.
    drop(t);
    let proc_dir = format!("/proc/{pid}");
    let start = Instant::now();
    while Path::new(&proc_dir).exists() {
        let state = std::fs::read_to_string(format!("{proc_dir}/stat")).unwrap_or_default();
        if state.contains(") Z ") {
            break; // ended; only its parent has not collected it yet
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "saydo {pid} still runs 10 s after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_commitment_typed_in_one_replica_appears_in_another_running_one() {
    let Some(pg) = common::pg::pg() else { return };
    let url = pg.fresh();
    let (da, db) = (temp_db(), temp_db());
    ok(&da, &["demo"]);
    ok(&da, &["team", "init", &url]);
    ok(&db, &["team", "join", &url]);
    let a = Tmux::start("team-a", &da, bin());
    let b = Tmux::start("team-b", &db, bin());
    a.wait_for("⇅ synced");
    b.wait_for("⇅ synced");
    b.keys(&["!"]);
    b.wait_for("Due in the next 7 days");
    a.keys(&["a"]);
    a.wait_for("Quick add");
    a.keys(&["-l", "commit @mercy Send the team book report due:fri"]);
    a.wait_for("✓ commitment at @mercy");
    a.keys(&["Enter"]);
    a.wait_for("saved · due Fri 27 Nov");
    // Pushed by A's sync thread, woken in B by the team book, drawn.
    b.wait_for("Send the team book report");
    a.keys(&["Q"]);
    b.keys(&["Q"]);
}

#[test]
fn a_half_typed_line_survives_kill_9_and_is_offered_back() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let t = Tmux::start("draft", &db, &format!("{}; true", bin()));
    t.wait_for("My accounts (Dana Cole)");
    t.keys(&["a"]);
    t.wait_for("Quick add");
    t.keys(&["-l", "commit @mercy Send the survey results due:fri"]);
    t.wait_for("✓ commitment at @mercy");
    let pid = t.saydo_pid();
    assert!(Command::new("kill")
        .args(["-9", &pid])
        .status()
        .unwrap()
        .success());
    drop(t);
    let t = Tmux::start("draft2", &db, bin());
    let s = t.wait_for("the line you were typing was kept");
    assert!(
        s.contains("commit @mercy Send the survey results due:fri"),
        "{s}"
    );
    t.keys(&["Enter"]);
    t.wait_for("saved · due Fri 27 Nov");
    t.keys(&["Q"]);
    let list = ok(&db, &["commit", "list"]);
    assert!(list.contains("Send the survey results"), "{list}");
}

#[test]
fn a_dumb_terminal_gets_the_overview_not_the_full_screen() {
    let db = temp_db();
    ok(&db, &["demo"]);
    let t = Tmux::start("dumb", &db, &format!("TERM=dumb {}; sleep 5", bin()));
    let s = t.wait_for("Overdue and due within 7 days");
    assert!(s.contains("40 accounts"), "{s}");
    assert!(!s.contains("sorted by"), "no full-screen portfolio: {s}");
}

#[test]
fn a_table_in_a_narrow_terminal_fits_it() {
    let db = temp_db();
    ok(&db, &["demo", "--accounts", "8"]);
    let t = Tmux::start(
        "narrow",
        &db,
        &format!("bash -c 'stty cols 60; {} account list; sleep 5'", bin()),
    );
    let s = t.wait_for("handle");
    for l in s.lines() {
        assert!(saydo::domain::text::display_width(l) <= 60, "{l:?} in\n{s}");
    }
    assert!(s.contains('…'), "cut text ends with …: {s}");
}
