//! The team book: `team`.

use super::*;

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Make a team book in PostgreSQL from this book (this file becomes its first replica)
    #[command(after_help = TEAM_URL_HELP)]
    Init {
        /// postgres://USER@HOST/DB?sslmode=verify-full (no password: PGPASSWORD or ~/.pgpass)
        url: String,
    },
    /// Make a new, empty file a replica of an existing team book
    #[command(after_help = TEAM_URL_HELP)]
    Join {
        /// postgres://USER@HOST/DB?sslmode=verify-full (no password: PGPASSWORD or ~/.pgpass)
        url: String,
    },
    /// The team book, the last sync, the changes waiting and the conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Changes the team book refused, with both sides of each clash
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep mine (it syncs as a new change) or theirs
    Resolve {
        /// The conflict's number, from `saydo team conflicts`
        num: i64,
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        mine: bool,
        #[arg(long)]
        theirs: bool,
    },
    /// Bring the team book's schema up to this saydo's (once, for the whole team)
    Migrate,
    /// Add a person to the team (admins): makes their PostgreSQL login
    /// role, or maps them to one that exists
    #[command(name = "add-person", after_help = ADD_PERSON_HELP)]
    AddPerson {
        /// Their name, as the book knows people ("Dana Cole")
        name: String,
        /// director: their own accounts and what is on them; manager: every
        /// account of their region (or the whole team); staff: the records on
        /// the accounts of the directors they support; admin: everything,
        /// people and settings too
        #[arg(long, value_parser = ["director", "manager", "staff", "admin"])]
        role: String,
        /// Their region (a manager's region; what they read when the team reads by region)
        #[arg(long)]
        region: Option<String>,
        /// A director this person (staff) supports; repeat for more
        #[arg(long, value_name = "NAME")]
        supports: Vec<String>,
        /// Their PostgreSQL login [default: from the name, "Dana Cole" → dana_cole]
        #[arg(long)]
        login: Option<String>,
        /// Read their first password from standard input (one line); it is
        /// sent as a SCRAM-SHA-256 verifier, never as the password itself
        #[arg(long)]
        password_stdin: bool,
    },
    /// The team's people: login, name, role, region, whom they support
    People {
        #[arg(long)]
        json: bool,
    },
    /// The team's settings; `--reading region` shows each person only their
    /// region's accounts (admins)
    Settings {
        /// all: everyone reads the whole team book; region: each reads their region's
        #[arg(long, value_parser = ["all", "region"])]
        reading: Option<String>,
        #[arg(long)]
        json: bool,
    },
}
