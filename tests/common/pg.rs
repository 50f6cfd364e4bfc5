//! A real, throwaway PostgreSQL for the team-book tests: one cluster per
//! test process (or the one `SAYDO_TEST_PG` names), a fresh database per
//! test. As root, the server runs as the `postgres` user (initdb and the
//! server refuse root). Never skipped under CI=true.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub struct Pg {
    /// `postgres://USER@HOST:PORT` without a database.
    pub base: String,
}

static PG: OnceLock<Option<Pg>> = OnceLock::new();
static STOP: OnceLock<(PathBuf, PathBuf, bool)> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("SAYDO_PG_BIN") {
        return Some(d.into());
    }
    [
        "/usr/lib/postgresql/15/bin",
        "/usr/lib/postgresql/16/bin",
        "/usr/lib/postgresql/17/bin",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|d| d.join("initdb").exists())
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn run_as(bin: &Path, args: &[&str], root: bool) -> std::process::Output {
    let mut c = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    c.args(args).output().expect("run a PostgreSQL program")
}

extern "C" fn stop_cluster() {
    if let Some((bin, dir, root)) = STOP.get() {
        let d = dir.to_string_lossy().to_string();
        let _ = run_as(
            &bin.join("pg_ctl"),
            &["-D", &d, "-m", "immediate", "stop"],
            *root,
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn start() -> Option<Pg> {
    if let Ok(url) = std::env::var("SAYDO_TEST_PG") {
        return Some(Pg {
            base: url.trim_end_matches('/').to_string(),
        });
    }
    let Some(bin) = bin_dir() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("no PostgreSQL here and CI=true: .ci/run must install postgresql-15");
        }
        eprintln!("SKIPPED: the team-book tests need PostgreSQL (apt-get install postgresql-15)");
        return None;
    };
    let root = is_root();
    let dir = std::env::temp_dir().join(format!("saydo-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if root {
        let ok = Command::new("chown")
            .args(["postgres:postgres", &dir.to_string_lossy()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "chown the cluster's folder to postgres");
    }
    let d = dir.to_string_lossy().to_string();
    let out = run_as(
        &bin.join("initdb"),
        &[
            "-D",
            &d,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        root,
    );
    assert!(
        out.status.success(),
        "initdb: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    certificates(&dir, root);
    // The test superuser connects without a password; every other login
    // (the team's people) with a SCRAM-SHA-256 password, as a real team's.
    std::fs::write(
        dir.join("pg_hba.conf"),
        "local all all trust\n\
         host all postgres 127.0.0.1/32 trust\n\
         host all all 127.0.0.1/32 scram-sha-256\n",
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let opts = format!(
        "-c listen_addresses=127.0.0.1 -p {port} -k {d} -c fsync=off -c max_connections=200 \
         -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
    );
    let log = format!("{d}/log");
    let out = run_as(
        &bin.join("pg_ctl"),
        &["-D", &d, "-l", &log, "-o", &opts, "-w", "start"],
        root,
    );
    assert!(
        out.status.success(),
        "pg_ctl start: {}{}",
        String::from_utf8_lossy(&out.stdout),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let _ = STOP.set((bin, dir, root));
    // SAFETY: registers a plain extern "C" function with no state.
    unsafe {
        libc::atexit(stop_cluster);
    }
    Some(Pg {
        base: format!("postgres://postgres@127.0.0.1:{port}"),
    })
}

/// A test CA and a server certificate it signed for localhost and
/// 127.0.0.1, in the cluster's folder (the CA's as `ca.crt`).
fn certificates(dir: &Path, root: bool) {
    let sh = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl makes the test certificates");
        assert!(
            out.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    sh(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "30",
        "-subj",
        "/CN=saydo test CA",
    ]);
    sh(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .unwrap();
    sh(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "30",
        "-extfile",
        "san.ext",
    ]);
    let key = dir.join("server.key");
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    if root {
        for f in ["server.key", "server.crt"] {
            Command::new("chown")
                .args(["postgres:postgres", &dir.join(f).to_string_lossy()])
                .status()
                .unwrap();
        }
    }
}

/// The cluster, started on first use; `None` (with a visible message)
/// only outside CI on a machine without PostgreSQL.
pub fn pg() -> Option<&'static Pg> {
    PG.get_or_init(start).as_ref()
}

impl Pg {
    /// The test CA's certificate, for `sslrootcert`; `None` for a server
    /// given by `SAYDO_TEST_PG`.
    pub fn ca(&self) -> Option<PathBuf> {
        STOP.get().map(|(_, dir, _)| dir.join("ca.crt"))
    }

    /// A new, empty database; its URL.
    pub fn fresh(&self) -> String {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&format!("{}/postgres", self.base), postgres::NoTls)
            .expect("connect to the test cluster");
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        format!("{}/{name}", self.base)
    }

    /// Restarts the server (the team book going away mid-push).
    pub fn restart(&self) {
        let (bin, dir, root) = STOP.get().expect("a cluster this process started");
        let d = dir.to_string_lossy().to_string();
        let out = run_as(
            &bin.join("pg_ctl"),
            &[
                "-D",
                &d,
                "-l",
                &format!("{d}/log"),
                "-m",
                "fast",
                "-w",
                "restart",
            ],
            *root,
        );
        assert!(
            out.status.success(),
            "restart: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
