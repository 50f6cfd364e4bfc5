//! The team's people: which login role is which person, with what role,
//! region and whom they support; and the team's settings. Kept and
//! enforced by the team book itself (access.sql): this is how saydo asks.

use super::{Result, TeamError};
use postgres::error::SqlState;
use postgres::Client;
use serde::Serialize;

/// What a person may do in the team book.
pub const ROLES: [&str; 4] = ["director", "manager", "staff", "admin"];

/// One of the team's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub login: String,
    pub name: String,
    pub role: String,
    pub region: Option<String>,
    /// The directors a member of staff supports, by name.
    pub supports: Vec<String>,
}

/// A person to add (or change) with `saydo team add-person`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub name: String,
    pub role: String,
    pub region: Option<String>,
    pub supports: Vec<String>,
    pub login: String,
}

/// The login role a name gets unless one is given: "Dana Cole" → dana_cole.
pub fn login_for(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    // PostgreSQL keeps the first 63 bytes of a name.
    let mut end = out.len().min(63);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out[..end].to_string()
}

/// The team book's refusals as messages for the person who asked; other
/// errors stay errors.
fn said(e: postgres::Error) -> TeamError {
    match e.as_db_error() {
        Some(db)
            if db.code() == &SqlState::INSUFFICIENT_PRIVILEGE
                || db.code() == &SqlState::INVALID_PARAMETER_VALUE =>
        {
            TeamError::Input(db.message().to_string())
        }
        _ => e.into(),
    }
}

const MEMBER_COLUMNS: &str = "m.login, m.name, m.role, m.region, \
     ARRAY(SELECT p.data->>'name' FROM saydo.records p WHERE p.id = ANY (m.supports) ORDER BY 1)";

fn member_of(r: &postgres::Row) -> Member {
    Member {
        login: r.get(0),
        name: r.get(1),
        role: r.get(2),
        region: r.get(3),
        supports: r
            .get::<_, Vec<Option<String>>>(4)
            .into_iter()
            .flatten()
            .collect(),
    }
}

/// The person this connection is, or a message saying how to become one.
pub fn whoami(c: &mut Client) -> Result<Member> {
    let login: String = c.query_one("SELECT session_user::text", &[])?.get(0);
    let not_one = || {
        TeamError::Input(format!(
            "the login `{login}` is not one of this team book's people: an admin adds you \
             with `saydo team add-person \"Your Name\" --role … --login {login}`"
        ))
    };
    match c.query_opt(
        &format!("SELECT {MEMBER_COLUMNS} FROM saydo.members m WHERE m.login = session_user"),
        &[],
    ) {
        Ok(Some(r)) => Ok(member_of(&r)),
        Ok(None) => Err(not_one()),
        Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => Err(not_one()),
        Err(e) => Err(e.into()),
    }
}

/// Every person of the team, by name.
pub fn people(c: &mut Client) -> Result<Vec<Member>> {
    let rows = c
        .query(
            &format!(
                "SELECT {MEMBER_COLUMNS} FROM saydo.members m ORDER BY lower(m.name), m.login"
            ),
            &[],
        )
        .map_err(said)?;
    Ok(rows.iter().map(member_of).collect())
}

/// Adds a person (or changes one), making their login role unless it
/// exists; `password` is turned into a SCRAM-SHA-256 verifier here, so the
/// password itself never leaves this process. Whether the role was made.
pub fn add_person(c: &mut Client, who: &NewMember, password: Option<&str>) -> Result<bool> {
    if !ROLES.contains(&who.role.as_str()) {
        return Err(TeamError::Input(format!(
            "--role {}: one of {}",
            who.role,
            ROLES.join(", ")
        )));
    }
    if who.login.is_empty() {
        return Err(TeamError::Input(format!(
            "\"{}\" gives no login name; give one with --login",
            who.name
        )));
    }
    if who.role == "staff" && who.supports.is_empty() {
        return Err(TeamError::Input(
            "staff support one or more directors: --supports \"Dana Cole\" (repeat for more)"
                .into(),
        ));
    }
    let verifier = password.map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
    let made: String = c
        .query_one(
            "SELECT saydo.add_member($1, $2, $3, $4, $5, $6)",
            &[
                &who.login,
                &who.name,
                &who.role,
                &who.region,
                &who.supports,
                &verifier,
            ],
        )
        .map_err(said)?
        .get(0);
    Ok(made == "made")
}

/// How the team reads: "all" (everyone reads the whole book) or "region".
pub fn reading(c: &mut Client) -> Result<String> {
    let v: Option<String> = c
        .query_opt("SELECT value FROM saydo.meta WHERE key = 'read'", &[])
        .map_err(said)?
        .map(|r| r.get(0));
    Ok(v.unwrap_or_else(|| "all".into()))
}

/// Sets how the team reads (admins only).
pub fn set_reading(c: &mut Client, value: &str) -> Result<()> {
    c.execute("SELECT saydo.set_setting('read', $1)", &[&value])
        .map_err(said)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_gives_a_login() {
        assert_eq!(login_for("Dana Cole"), "dana_cole");
        assert_eq!(login_for("  Hélène  d'Arc "), "hélène_d_arc");
        assert_eq!(login_for("--"), "");
        assert!(login_for(&"é".repeat(100)).len() <= 63);
    }
}
