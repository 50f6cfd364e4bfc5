//! Where a book is: a local SQLite file, or a team book in PostgreSQL
//! (which saydo always works on through a local replica file).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// A `postgres://` URL.
    Team(String),
}

impl Location {
    /// Reads what `--db`, `SAYDO_DB` or the config's `database` say.
    pub fn parse(p: &Path) -> Location {
        let s = p.to_string_lossy();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Team(s.into_owned())
        } else {
            Location::File(p.to_path_buf())
        }
    }

    /// A replica's file for a team book, in `dir`: named by its host and
    /// database, so one suggestion fits each team book.
    pub fn replica_file(url: &str, dir: &Path) -> PathBuf {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let rest = rest.split('?').next().unwrap_or(rest);
        let host_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        let name: String = host_db
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        dir.join(format!("team-{}.db", name.trim_matches('-')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_team_books_and_paths_are_files() {
        assert_eq!(
            Location::parse(Path::new("postgres://dana@db.example/cx")),
            Location::Team("postgres://dana@db.example/cx".into())
        );
        assert_eq!(
            Location::parse(Path::new("/tmp/x.db")),
            Location::File("/tmp/x.db".into())
        );
        assert_eq!(
            Location::replica_file(
                "postgres://dana@db.example:5432/cx?sslmode=require",
                Path::new("/d")
            ),
            PathBuf::from("/d/team-db-example-5432-cx.db")
        );
    }
}
