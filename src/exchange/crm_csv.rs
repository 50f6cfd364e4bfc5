//! Accounts and their stakeholders from a CRM's CSV export (Salesforce,
//! HubSpot and the like): columns found by their header, or named with
//! `--map field=Header`; all of it or nothing, like the TOML import; every
//! problem with its line and column; a dry run says what would be made.

use crate::domain::dates::parse_date;
use crate::domain::text::slug;
use crate::domain::{Account, Date, Layer, Stakeholder};
use crate::store::{AccountQuery, Store};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use uuid::Uuid;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
}

/// The headers each field is found under, the most usual first.
const ACCOUNT_FIELDS: &[(&str, &[&str])] = &[
    (
        "name",
        &["account name", "company name", "name", "organization"],
    ),
    ("handle", &["handle"]),
    (
        "owner",
        &["account owner", "company owner", "owner", "contact owner"],
    ),
    (
        "region",
        &[
            "region",
            "billing country",
            "country/region",
            "country",
            "territory",
        ],
    ),
    ("tags", &["industry", "tags", "type"]),
    ("renewal", &["renewal date", "contract end date", "renewal"]),
    ("why", &["description", "why"]),
];
const CONTACT_FIELDS: &[(&str, &[&str])] = &[
    ("name", &["full name", "contact name", "name"]),
    ("first", &["first name"]),
    ("last", &["last name"]),
    (
        "account",
        &[
            "account name",
            "company name",
            "associated company",
            "company",
            "account",
        ],
    ),
    ("role", &["title", "job title", "role"]),
    ("contact", &["email", "email address", "phone"]),
    ("layer", &["layer", "department"]),
];

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What an import made (or would make, in a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Made {
    pub accounts: Vec<String>,
    pub stakeholders: Vec<String>,
}

/// Rows of a CSV text (RFC 4180: quotes, doubled quotes, line breaks in
/// quotes), each with the line it starts on.
pub fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, Problem> {
    let mut out = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut line, mut start) = (false, 1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                if !(row.len() == 1 && row[0].is_empty()) {
                    out.push((start, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                start = line;
            }
            (c, _) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
        }
    }
    if quoted {
        return Err(Problem {
            line: start,
            column: row.len() + 1,
            message: "a quote opened here is never closed".into(),
        });
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        out.push((start, row));
    }
    Ok(out)
}

/// The column of each field: `--map` first, then the usual headers.
fn columns(
    headers: &[String],
    fields: &[(&'static str, &[&str])],
    map: &[(String, String)],
) -> Result<HashMap<&'static str, usize>, crate::domain::Invalid> {
    let find = |h: &str| {
        headers
            .iter()
            .position(|x| x.trim().eq_ignore_ascii_case(h.trim()))
    };
    let mut out = HashMap::new();
    for (field, usual) in fields {
        let given = map.iter().find(|(f, _)| f == field);
        let at = match given {
            Some((_, h)) => Some(find(h).ok_or_else(|| {
                format!(
                    "--map {field}={h}: the file has no column {h:?}; its columns are {}",
                    headers.join(", ")
                )
            })?),
            None => usual.iter().find_map(|h| find(h)),
        };
        if let Some(i) = at {
            out.insert(*field, i);
        }
    }
    if let Some((f, _)) = map
        .iter()
        .find(|(f, _)| !fields.iter().any(|(name, _)| name == f))
    {
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        return Err(format!("--map {f}=…: not a field; one of {}", names.join(", ")).into());
    }
    Ok(out)
}

/// Reads `path` and, unless `dry_run` or anything is wrong, creates its
/// accounts or stakeholders in one load.
/// What a row leaves out is taken from here: the owner of an account
/// without one, the stage new accounts start in, the layers a contact's
/// layer is one of (an unknown or empty one is `other`).
pub struct Defaults<'a> {
    pub me: &'a str,
    pub first_stage: &'a str,
    pub layers: &'a [String],
}

pub fn import(
    path: &Path,
    store: &mut dyn Store,
    today: Date,
    defaults: &Defaults,
    map: &[(String, String)],
    dry_run: bool,
) -> Result<(Kind, Made), Vec<Problem>> {
    let text = read_text(path)?;
    let all = rows(text.trim_start_matches('\u{feff}')).map_err(|p| vec![p])?;
    let Some(((_, headers), body)) = all.split_first() else {
        return Err(one(
            1,
            1,
            "the file is empty: a header line, then a row per record".into(),
        ));
    };
    let is_contacts = [
        "first name",
        "last name",
        "email",
        "email address",
        "job title",
    ]
    .iter()
    .any(|h| headers.iter().any(|x| x.trim().eq_ignore_ascii_case(h)));
    let (kind, fields) = if is_contacts {
        (Kind::Contacts, CONTACT_FIELDS)
    } else {
        (Kind::Accounts, ACCOUNT_FIELDS)
    };
    let cols = columns(headers, fields, map).map_err(|m| one(1, 1, m.into()))?;
    let existing = store
        .accounts(&AccountQuery {
            include_archived: true,
            ..Default::default()
        })
        .map_err(|e| one(0, 0, e.to_string()))?;
    let mut r = Reading {
        cols,
        existing: &existing,
        today,
        defaults,
        problems: Vec::new(),
        made: Made::default(),
    };
    let mut accounts = Vec::new();
    let mut stakeholders = Vec::new();
    match kind {
        Kind::Accounts => {
            r.need(
                "name",
                "no column for the account's name (Account Name, Company name or Name); \
                 name it with --map name=HEADER",
                headers,
            )?;
            accounts = r.accounts(body);
        }
        Kind::Contacts => {
            r.need(
                "account",
                "no column names each contact's account (Account Name, Company Name); \
                 name it with --map account=HEADER",
                headers,
            )?;
            stakeholders = r.contacts(body);
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    if !dry_run {
        write(store, &accounts, &stakeholders).map_err(|e| one(0, 0, e.to_string()))?;
    }
    Ok((kind, r.made))
}

/// A problem alone, as the import's answer.
fn one(line: usize, column: usize, message: String) -> Vec<Problem> {
    vec![Problem {
        line,
        column,
        message,
    }]
}

/// The file's text, which must be UTF-8.
fn read_text(path: &Path) -> Result<String, Vec<Problem>> {
    let bytes = std::fs::read(path).map_err(|e| one(0, 0, format!("{}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        one(
            line,
            1,
            "not UTF-8 text; export the CSV as UTF-8 and import again".into(),
        )
    })
}

/// Rows of the file read into records: where each field's column is,
/// what the book holds already, and what was made and found wrong so far.
struct Reading<'a> {
    cols: HashMap<&'static str, usize>,
    existing: &'a [Account],
    today: Date,
    defaults: &'a Defaults<'a>,
    problems: Vec<Problem>,
    made: Made,
}

impl Reading<'_> {
    fn cell(&self, row: &[String], f: &str) -> String {
        self.cols
            .get(f)
            .and_then(|i| row.get(*i))
            .map_or(String::new(), |s| s.trim().to_string())
    }

    fn col(&self, f: &str) -> usize {
        self.cols.get(f).map_or(1, |i| i + 1)
    }

    fn problem(&mut self, line: usize, field: &str, message: String) {
        let column = self.col(field);
        self.problems.push(Problem {
            line,
            column,
            message,
        });
    }

    /// A column the file must have, or what to do without it.
    fn need(&self, field: &str, missing: &str, headers: &[String]) -> Result<(), Vec<Problem>> {
        if self.cols.contains_key(field) {
            return Ok(());
        }
        Err(one(
            1,
            1,
            format!("{missing}; the columns are {}", headers.join(", ")),
        ))
    }

    fn accounts(&mut self, body: &[(usize, Vec<String>)]) -> Vec<Account> {
        let mut handles: HashSet<String> = self
            .existing
            .iter()
            .map(|a| a.handle.to_lowercase())
            .collect();
        let mut accounts = Vec::new();
        for (line, row) in body {
            let a = self.account(*line, row);
            if let Err(r) = crate::rules::records::account(&a, self.today) {
                self.problem(*line, "name", r.message);
                continue;
            }
            let handle = &a.handle;
            if !handles.insert(handle.to_lowercase()) {
                self.problem(
                    *line,
                    "name",
                    format!(
                        "@{handle} is taken (by an account in the book or an earlier line); \
                         give this one a handle column or another name"
                    ),
                );
                continue;
            }
            self.made.accounts.push(format!("@{handle} ({})", a.name));
            accounts.push(a);
        }
        accounts
    }

    fn account(&mut self, line: usize, row: &[String]) -> Account {
        let name = self.cell(row, "name");
        let handle = match self.cell(row, "handle") {
            h if !h.is_empty() => h.trim_start_matches('@').to_string(),
            _ => slug(&name)
                .chars()
                .take(crate::domain::text::HANDLE_MAX)
                .collect(),
        };
        let renewal = match self.cell(row, "renewal") {
            r if r.is_empty() => None,
            r => match parse_date(&r, self.today) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.problem(
                        line,
                        "renewal",
                        format!("renewal {r:?}: {e}; use YYYY-MM-DD"),
                    );
                    None
                }
            },
        };
        let owner = match self.cell(row, "owner") {
            o if o.is_empty() => self.defaults.me.to_string(),
            o => o,
        };
        Account {
            id: Uuid::now_v7(),
            handle,
            owner: Some(owner),
            region: self.cell(row, "region"),
            tags: self
                .cell(row, "tags")
                .split([';', ','])
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            renewal,
            why: self.cell(row, "why"),
            ..Account::new(name, self.defaults.first_stage, self.today)
        }
    }

    /// The contacts, each with the handle of its account.
    fn contacts(&mut self, body: &[(usize, Vec<String>)]) -> Vec<(String, Stakeholder)> {
        let mut stakeholders = Vec::new();
        for (line, row) in body {
            let name = match self.cell(row, "name") {
                n if !n.is_empty() => n,
                _ => format!("{} {}", self.cell(row, "first"), self.cell(row, "last"))
                    .trim()
                    .to_string(),
            };
            if name.is_empty() {
                self.problem(*line, "first", "a contact without a name".into());
                continue;
            }
            let typed = self.cell(row, "account");
            let key = typed.trim_start_matches('@').to_lowercase();
            let Some(a) = self
                .existing
                .iter()
                .find(|a| a.handle.to_lowercase() == key || a.name.to_lowercase() == key)
            else {
                self.problem(
                    *line,
                    "account",
                    format!(
                        "{typed:?}: no account of that name or handle; import the accounts first"
                    ),
                );
                continue;
            };
            let layer = match self.cell(row, "layer") {
                l if l.is_empty() => Layer::Other,
                l => Layer::parse_in(&l, self.defaults.layers).unwrap_or(Layer::Other),
            };
            self.made
                .stakeholders
                .push(format!("{name} at @{}", a.handle));
            stakeholders.push((
                a.handle.clone(),
                Stakeholder {
                    id: Uuid::now_v7(),
                    num: 0,
                    account: a.num,
                    name,
                    role: self.cell(row, "role"),
                    layer,
                    contact: self.cell(row, "contact"),
                    notes: String::new(),
                    peers: false,
                },
            ));
        }
        stakeholders
    }
}

/// The accounts (each in its first stage) and contacts, in one transaction.
fn write(
    store: &mut dyn Store,
    accounts: &[Account],
    stakeholders: &[(String, Stakeholder)],
) -> crate::store::Result<()> {
    store.bulk(false, &mut |sink| {
        for a in accounts {
            let num = sink.account(a)?;
            sink.stage_span(
                num,
                &crate::domain::StageSpan {
                    stage: a.stage.clone(),
                    entered: a.stage_since,
                    left: None,
                },
            )?;
        }
        for (handle, s) in stakeholders {
            let account = sink.account_num(handle)?.unwrap_or(s.account);
            sink.stakeholder(&Stakeholder {
                account,
                ..s.clone()
            })?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_quotes_commas_and_line_breaks() {
        let r = rows("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n").unwrap();
        assert_eq!(r[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(r[1], (2, vec!["x, y".into(), "say \"hi\"".into()]));
        assert_eq!(r[2], (3, vec!["two\nlines".into(), "z".into()]));
        assert!(rows("a\n\"open").is_err());
    }
}
