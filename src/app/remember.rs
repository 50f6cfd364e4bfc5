//! How the portfolio was last looked at — its sort, grouping and scope —
//! kept beside the database (`saydo.db.view`, private) so that a restart
//! opens it the same way. Losing the file loses nothing but that.

use super::portfolio::{Column, Grouping, PortfolioView};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Remembered {
    pub sort: Column,
    pub descending: bool,
    pub group: Grouping,
    pub mine_only: bool,
}

impl Remembered {
    pub fn of(p: &PortfolioView) -> Remembered {
        Remembered {
            sort: p.sort,
            descending: p.descending,
            group: p.group,
            mine_only: p.mine_only,
        }
    }
}

/// The file beside the quick-add history (`saydo.db.history` → `saydo.db.view`).
pub fn path_beside(history: &Path) -> PathBuf {
    let name = history
        .file_name()
        .map(|n| n.to_string_lossy().replace(".history", ".view"))
        .unwrap_or_else(|| "saydo.view".into());
    history.with_file_name(name)
}

pub fn load(path: &Path) -> Option<Remembered> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Keeps `r`; failures are quiet (the screen is as it is either way).
pub fn save(path: &Path, r: &Remembered) {
    if let Ok(json) = serde_json::to_string(r) {
        crate::files::keep_or_remove(path, &json);
    }
}
