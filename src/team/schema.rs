//! The team book's schema in PostgreSQL: numbered migrations, recorded in
//! the team book like the local ones.

pub struct TeamMigration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// What this saydo knows of the team book's schema.
///
/// `rules.sql` (who may write what) and `judge.sql` (the change log's
/// judge) are the rules as they stand, each a `CREATE OR REPLACE`: every
/// migration that changes them applies them again, so an older team book
/// moving on and a new one end with the same functions. A new kind of
/// record changes `known_table`, `rules.sql`, and adds a migration.
pub const MIGRATIONS: &[TeamMigration] = &[
    TeamMigration {
        version: 1,
        name: "change log, records, refused pushes",
        sql: r#"
CREATE TABLE saydo.meta (key text PRIMARY KEY, value text NOT NULL);
-- The log of every change, in the order the team book took them;
-- `author` and `at` are the server's, never the client's.
CREATE TABLE saydo.changes (
    seq bigserial PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    author text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    client_at text NOT NULL DEFAULT '',
    label text NOT NULL,
    ops jsonb NOT NULL,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX changes_txid ON saydo.changes (txid);
-- Every record as it stands, for a new replica's snapshot and for the
-- conflict checks of each push.
CREATE TABLE saydo.records (
    id uuid PRIMARY KEY,
    born bigserial,
    tbl text NOT NULL,
    data jsonb NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX records_tbl ON saydo.records (tbl);
CREATE UNIQUE INDEX records_handle ON saydo.records (lower(data->>'handle'))
    WHERE tbl = 'accounts' AND NOT deleted;
CREATE UNIQUE INDEX records_person ON saydo.records (lower(data->>'name'))
    WHERE tbl = 'people' AND NOT deleted;
CREATE TABLE saydo.refused (
    id uuid PRIMARY KEY,
    author text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    label text NOT NULL,
    ops jsonb NOT NULL,
    reason text NOT NULL
);
-- Changes commit in the order of their numbers: each insert takes the
-- log's lock (held to commit) before its number, whoever inserts it, so a
-- pull of "everything after N" can never skip one that commits later.
CREATE FUNCTION saydo.number_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('saydo.changes'));
    NEW.seq := nextval(pg_get_serial_sequence('saydo.changes', 'seq'));
    NEW.author := session_user;
    NEW.at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER changes_number BEFORE INSERT ON saydo.changes
    FOR EACH ROW EXECUTE FUNCTION saydo.number_change();
-- The log is append-only for everyone, its owner included: a change is
-- never edited or taken out of it (undo is a change of its own).
CREATE FUNCTION saydo.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON saydo.changes
    FOR EACH ROW EXECUTE FUNCTION saydo.append_only();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON saydo.changes
    FOR EACH STATEMENT EXECUTE FUNCTION saydo.append_only();
CREATE FUNCTION saydo.wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('saydo_changes', '');
    RETURN NULL;
END $$;
CREATE TRIGGER changes_wake AFTER INSERT ON saydo.changes
    FOR EACH STATEMENT EXECUTE FUNCTION saydo.wake();
"#,
    },
    TeamMigration {
        version: 2,
        name: "people, roles and row-level security",
        sql: concat!(
            include_str!("access.sql"),
            include_str!("rules.sql"),
            include_str!("judge.sql")
        ),
    },
    TeamMigration {
        version: 3,
        name: "the partners register",
        sql: concat!(
            include_str!("partners.sql"),
            include_str!("rules.sql"),
            include_str!("judge.sql")
        ),
    },
    TeamMigration {
        version: 4,
        name: "Connect: introductions",
        sql: concat!(
            include_str!("connect.sql"),
            include_str!("rules.sql"),
            include_str!("judge.sql")
        ),
    },
];

/// The newest schema this saydo knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}
