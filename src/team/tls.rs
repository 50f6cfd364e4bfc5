//! TLS to the team book, with libpq's `sslmode` words: `disable`, `prefer`
//! (the default: TLS when the server offers it), `require` (TLS, the
//! certificate not checked), `verify-ca` (signed by `sslrootcert` or a
//! system root) and `verify-full` (that, and issued for the host named).

use super::{Result, TeamError};
use postgres_native_tls::MakeTlsConnector;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A team book's URL without the TLS words the client library does not
/// know, and what they asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub url: String,
    pub mode: Mode,
    pub root: Option<String>,
    /// libpq's `passfile`: the `.pgpass`-style file to take the password from.
    pub passfile: Option<String>,
}

pub fn split(url: &str) -> Result<Split> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut mode = Mode::Prefer;
    let mut root = None;
    let mut passfile = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "sslmode" => {
                mode = match v {
                    "disable" => Mode::Disable,
                    "allow" | "prefer" => Mode::Prefer,
                    "require" => Mode::Require,
                    "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    other => {
                        return Err(TeamError::Input(format!(
                            "sslmode={other}: not a TLS mode; one of disable, prefer, require, \
                             verify-ca, verify-full"
                        )))
                    }
                }
            }
            "sslrootcert" => root = Some(v.to_string()),
            "passfile" => passfile = Some(v.to_string()),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok(Split {
        url,
        mode,
        root,
        passfile,
    })
}

/// The client's setting and the TLS connector for `mode`.
pub fn connector(s: &Split) -> Result<(postgres::config::SslMode, MakeTlsConnector)> {
    use postgres::config::SslMode;
    let mut b = native_tls::TlsConnector::builder();
    if let Some(path) = &s.root {
        let pem = std::fs::read(path)
            .map_err(|e| TeamError::Input(format!("sslrootcert={path}: {e}")))?;
        let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            TeamError::Input(format!("sslrootcert={path}: not a PEM certificate ({e})"))
        })?;
        b.add_root_certificate(cert);
    }
    match s.mode {
        Mode::Disable | Mode::Prefer | Mode::Require => {
            b.danger_accept_invalid_certs(true);
            b.danger_accept_invalid_hostnames(true);
        }
        Mode::VerifyCa => {
            b.danger_accept_invalid_hostnames(true);
        }
        Mode::VerifyFull => {}
    }
    let tls = b
        .build()
        .map_err(|e| TeamError::Input(format!("TLS: {e}")))?;
    let mode = match s.mode {
        Mode::Disable => SslMode::Disable,
        Mode::Prefer => SslMode::Prefer,
        _ => SslMode::Require,
    };
    Ok((mode, MakeTlsConnector::new(tls)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_words_are_taken_out_of_the_url() {
        let s = split(
            "postgres://dana@db/cx?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=x&passfile=/p",
        )
        .unwrap();
        assert_eq!(s.url, "postgres://dana@db/cx?application_name=x");
        assert_eq!(s.mode, Mode::VerifyFull);
        assert_eq!(s.root.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(s.passfile.as_deref(), Some("/p"));
        assert_eq!(split("postgres://db/cx").unwrap().mode, Mode::Prefer);
        assert!(split("postgres://db/cx?sslmode=always").is_err());
    }
}
