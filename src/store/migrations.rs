//! Numbered schema migrations. Each runs once, in order, and is recorded
//! in the `migrations` table of the database it changed.

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "field book",
        sql: r#"
CREATE TABLE people (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE accounts (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    handle TEXT NOT NULL UNIQUE COLLATE NOCASE,
    owner INTEGER REFERENCES people(num),
    region TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    stage TEXT NOT NULL,
    stage_since TEXT NOT NULL,
    renewal TEXT,
    why TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX accounts_owner ON accounts(owner);
CREATE TABLE stage_spans (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    account INTEGER NOT NULL REFERENCES accounts(num),
    stage TEXT NOT NULL,
    entered TEXT NOT NULL,
    left_on TEXT
);
CREATE INDEX stage_spans_account ON stage_spans(account);
CREATE TABLE stakeholders (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    layer TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stakeholders_account ON stakeholders(account);
CREATE TABLE moments (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    what TEXT NOT NULL,
    severity TEXT NOT NULL
);
CREATE INDEX moments_account ON moments(account);
CREATE TABLE metrics (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    name TEXT NOT NULL,
    words TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL,
    baseline REAL,
    baseline_on TEXT,
    proxy TEXT NOT NULL DEFAULT '',
    target REAL,
    target_on TEXT,
    kpi TEXT NOT NULL DEFAULT '',
    moment INTEGER REFERENCES moments(num)
);
CREATE INDEX metrics_account ON metrics(account);
CREATE TABLE measurements (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    metric INTEGER NOT NULL REFERENCES metrics(num),
    on_date TEXT NOT NULL,
    value REAL NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measurements_metric ON measurements(metric, on_date);
CREATE TABLE visits (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    on_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    intent TEXT NOT NULL,
    ours TEXT NOT NULL DEFAULT '[]',
    theirs TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_account ON visits(account, on_date);
CREATE TABLE commitments (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    what TEXT NOT NULL,
    to_whom TEXT NOT NULL DEFAULT '',
    owner INTEGER NOT NULL REFERENCES people(num),
    made_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    visit INTEGER REFERENCES visits(num),
    status TEXT NOT NULL,
    resolved_on TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX commitments_account ON commitments(account);
CREATE INDEX commitments_owner ON commitments(owner);
CREATE TABLE renegotiations (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    commitment INTEGER NOT NULL REFERENCES commitments(num),
    new_due TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    agreed_on TEXT NOT NULL
);
CREATE INDEX renegotiations_commitment ON renegotiations(commitment);
"#,
    },
    Migration {
        version: 2,
        name: "history for undo and redo",
        sql: r#"
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE history_rows (
    seq INTEGER NOT NULL REFERENCES history(seq) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    num INTEGER NOT NULL,
    before TEXT,
    after TEXT,
    PRIMARY KEY (seq, ord)
);
"#,
    },
    Migration {
        version: 3,
        name: "accounts by name, for the first screen",
        sql: r#"
CREATE INDEX accounts_name ON accounts(name COLLATE NOCASE);
CREATE INDEX accounts_owner_name ON accounts(owner, name COLLATE NOCASE);
"#,
    },
    Migration {
        version: 4,
        name: "notes on XmR signals, which take them out of the inbox",
        sql: r#"
CREATE TABLE signal_notes (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    metric INTEGER NOT NULL REFERENCES metrics(num),
    rule TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    visit INTEGER REFERENCES visits(num),
    commitment INTEGER REFERENCES commitments(num),
    acknowledged_on TEXT NOT NULL,
    UNIQUE (metric, rule, on_date)
);
"#,
    },
    Migration {
        version: 5,
        name: "which accounts each change touched, for other processes showing the book",
        sql: r#"
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account INTEGER
);
"#,
    },
    Migration {
        version: 6,
        name: "archived accounts by name, for the finder",
        sql: r#"
CREATE INDEX accounts_archived_name ON accounts(archived, name COLLATE NOCASE);
"#,
    },
    Migration {
        version: 7,
        name: "a replica of a team book: ids for every record, outbox, conflicts",
        sql: r#"
ALTER TABLE stage_spans ADD COLUMN id TEXT;
UPDATE stage_spans SET id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
    substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX stage_spans_id ON stage_spans(id);
ALTER TABLE renegotiations ADD COLUMN id TEXT;
UPDATE renegotiations SET id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
    substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX renegotiations_id ON renegotiations(id);
CREATE TABLE replica (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    url TEXT NOT NULL,
    me TEXT NOT NULL DEFAULT '',
    cursor TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL DEFAULT '',
    team_version INTEGER NOT NULL DEFAULT 0,
    last_sync TEXT,
    last_error TEXT
);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    ops TEXT NOT NULL,
    pushed INTEGER
);
CREATE TABLE conflicts (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    ops TEXT NOT NULL,
    reason TEXT NOT NULL,
    theirs TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
"#,
    },
    Migration {
        version: 8,
        name: "the team book's log, kept in each replica for its audit trail",
        sql: r#"
CREATE TABLE team_log (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    client_at TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL,
    ops TEXT NOT NULL
);
-- Each record a logged change touched, and each account its records named.
CREATE TABLE team_log_records (
    seq INTEGER NOT NULL REFERENCES team_log(seq),
    id TEXT NOT NULL
);
CREATE INDEX team_log_records_id ON team_log_records(id, seq);
"#,
    },
    Migration {
        version: 9,
        name: "each account's digest: what its figures need, kept with every write",
        // Filled for the accounts already there in the same transaction
        // (`SqliteStore::migrate`): SQL alone cannot work them out.
        sql: r#"
CREATE TABLE digests (
    account INTEGER PRIMARY KEY,
    body BLOB NOT NULL
);
"#,
    },
    Migration {
        version: 10,
        name: "the open commitments, readable without reading every commitment",
        // Covering: `commit list` reads the open ones from the index
        // alone, in a few pages, instead of one page per commitment.
        sql: r#"
CREATE INDEX commitments_open ON commitments(
    num, id, account, what, to_whom, owner, made_on, due_on, visit, status, resolved_on, reason
) WHERE status = 'open';
"#,
    },
    Migration {
        version: 11,
        name: "measure definitions: intended result, calculation, data source, frequency, who measures",
        sql: r#"
ALTER TABLE metrics ADD COLUMN intended TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN calculation TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN data_source TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN every_days INTEGER;
ALTER TABLE metrics ADD COLUMN measured_by TEXT NOT NULL DEFAULT '';
"#,
    },
    Migration {
        version: 12,
        name: "the customer's feedback on a visit once its experience is complete",
        sql: r#"
ALTER TABLE visits ADD COLUMN feedback_score INTEGER;
ALTER TABLE visits ADD COLUMN feedback_words TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN feedback_on TEXT;
"#,
    },
    Migration {
        version: 13,
        name: "the customer's pace: a visit cadence, the stage's days, a pause at their request",
        sql: r#"
ALTER TABLE accounts ADD COLUMN visit_every_days INTEGER;
ALTER TABLE accounts ADD COLUMN stage_days INTEGER;
ALTER TABLE accounts ADD COLUMN paused_until TEXT;
"#,
    },
    Migration {
        version: 14,
        name: "an account's key dates (go-live, kickoff…) that other dates count from",
        sql: r#"
ALTER TABLE accounts ADD COLUMN key_dates TEXT NOT NULL DEFAULT '';
"#,
    },
    Migration {
        version: 15,
        name: "how an account's renewals went (renewed, expanded, churned)",
        sql: r#"
ALTER TABLE accounts ADD COLUMN renewals TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_settled ON accounts (num) WHERE renewals <> '';
"#,
    },
    Migration {
        version: 16,
        name: "an account's answers to its stages' prompts (the stage checklist)",
        sql: r#"
ALTER TABLE accounts ADD COLUMN answers TEXT NOT NULL DEFAULT '';
"#,
    },
    Migration {
        version: 17,
        name: "who on the customer's side said a metric matters, when, and that they value it (CPI)",
        sql: r#"
ALTER TABLE metrics ADD COLUMN said_by TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN said_on TEXT;
ALTER TABLE metrics ADD COLUMN valued INTEGER NOT NULL DEFAULT 0;
"#,
    },
    Migration {
        version: 18,
        name: "business partners and the KPIs they answer for; a metric aligned with one",
        sql: r#"
CREATE TABLE partners (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    function TEXT NOT NULL DEFAULT '',
    owner INTEGER REFERENCES people(num),
    kpis TEXT NOT NULL DEFAULT '[]'
);
ALTER TABLE metrics ADD COLUMN partner INTEGER REFERENCES partners(num);
CREATE INDEX metrics_partner ON metrics(partner) WHERE partner IS NOT NULL;
"#,
    },
    Migration {
        version: 19,
        name: "an account's engagement maturity, assessed per dimension over time",
        sql: r#"
ALTER TABLE accounts ADD COLUMN assessments TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_assessed ON accounts (num) WHERE assessments <> '';
"#,
    },
    Migration {
        version: 20,
        name: "Connect: introductions, and stakeholders willing to speak to peers",
        sql: r#"
ALTER TABLE stakeholders ADD COLUMN peers INTEGER NOT NULL DEFAULT 0;
CREATE TABLE introductions (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account INTEGER NOT NULL REFERENCES accounts(num),
    from_who TEXT NOT NULL,
    to_account TEXT,
    to_who TEXT NOT NULL,
    metric INTEGER REFERENCES metrics(num),
    why TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    on_date TEXT NOT NULL,
    status_on TEXT NOT NULL,
    follow_up TEXT NOT NULL DEFAULT ''
);
CREATE INDEX introductions_account ON introductions(account);
-- Connect compares a metric with those of the same name at other accounts.
CREATE INDEX metrics_name ON metrics(name COLLATE NOCASE);
"#,
    },
];

/// Tables whose rows the history may restore (everything a user action writes).
pub const RECORD_TABLES: &[&str] = &[
    "people",
    "partners",
    "accounts",
    "stage_spans",
    "stakeholders",
    "moments",
    "metrics",
    "measurements",
    "visits",
    "commitments",
    "renegotiations",
    "signal_notes",
    "introductions",
];
