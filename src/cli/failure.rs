//! Why a command failed, with what failed underneath kept as it came.

use crate::capture::PlanError;
use crate::store::StoreError;

/// Why a command failed: bad input (exit 2) or anything else (exit 1).
/// What failed underneath is kept as it came (`source()`), not as text.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// What the person asked for cannot be done as asked; the message
    /// says what would be right.
    #[error("{0}")]
    Input(String),
    /// The database failed.
    #[error("{0}")]
    Store(#[source] StoreError),
    /// The database failed, and which file it is.
    #[error("database {}: {}{}", path.display(), source.cause(), full_disk_hint(source))]
    Book {
        path: std::path::PathBuf,
        #[source]
        source: StoreError,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// An export or a file saydo keeps could not be written.
    #[error("{0}")]
    Export(#[from] crate::exchange::ExportError),
    #[error("{0}")]
    Other(String),
}

impl From<crate::domain::Invalid> for Failure {
    fn from(e: crate::domain::Invalid) -> Self {
        Failure::Input(e.0)
    }
}

impl Failure {
    /// The exit code: 2 for input that cannot be taken as it is, else 1.
    pub fn code(&self) -> i32 {
        match self {
            Failure::Input(_) => 2,
            _ => 1,
        }
    }
}

/// What to do about a full disk, after the database's own words.
fn full_disk_hint(e: &StoreError) -> &'static str {
    if e.is_disk_full() {
        ": the disk holding it is full; free some space and try again \
         (nothing of this change was written)"
    } else {
        ""
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Input(r) => Failure::Input(r.message),
            e => Failure::Store(e),
        }
    }
}

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Line(l) => Failure::Input(l.message),
            PlanError::Store(s) => s.into(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

pub fn bad<T>(msg: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Input(msg.into()))
}

impl Failure {
    /// A database failure names the file (and a full disk says what to do).
    pub(super) fn about_book(self, path: &std::path::Path) -> Failure {
        match self {
            Failure::Store(source) => Failure::Book {
                path: path.to_path_buf(),
                source,
            },
            f => f,
        }
    }
}
