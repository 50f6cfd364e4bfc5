-- Who may see and change what, held by PostgreSQL itself: a person who
-- skips saydo and connects with psql meets the same rules.
--
-- Login roles are people of the team (saydo.members) and members of the
-- group role saydo_team, which may read (row-level security decides which
-- rows) and append to the change log. Nobody but the owner writes
-- saydo.records: a change inserted into the log is checked against the
-- author's role and applied to the records by a trigger that runs as the
-- owner, so the log and the records cannot disagree and a raw INSERT is
-- judged like a push.

DO $$ BEGIN
    CREATE ROLE saydo_team NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE saydo.members (
    login text PRIMARY KEY,
    person uuid NOT NULL,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'manager', 'director', 'staff')),
    region text,
    supports uuid[] NOT NULL DEFAULT '{}',
    added_by text NOT NULL DEFAULT session_user,
    added_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO saydo.meta (key, value) VALUES ('read', 'all') ON CONFLICT (key) DO NOTHING;

-- Each record knows its account and that account's region, so that a
-- region's reader is given its rows by an index, not by a join per row.
ALTER TABLE saydo.records ADD COLUMN account uuid, ADD COLUMN region text;
CREATE INDEX records_account ON saydo.records (account);
ALTER TABLE saydo.changes ADD COLUMN regions text[] NOT NULL DEFAULT '{}';

-- The account a record is on: an account's own id, none for a person.
CREATE FUNCTION saydo.account_of(t text, rid uuid, d jsonb) RETURNS uuid
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN t = 'accounts' THEN rid
        WHEN t = 'people' THEN NULL
        ELSE COALESCE(
            (d->>'account')::uuid,
            (SELECT r.account FROM saydo.records r WHERE r.id = (d->>'metric')::uuid),
            (SELECT r.account FROM saydo.records r WHERE r.id = (d->>'commitment')::uuid),
            (SELECT r.account FROM saydo.records r WHERE r.id = (d->>'visit')::uuid))
    END
$$;

-- A book's records placed on their accounts (after a migration or an init).
CREATE FUNCTION saydo.place_records() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    UPDATE saydo.records SET account = id, region = data->>'region' WHERE tbl = 'accounts';
    UPDATE saydo.records SET account = (data->>'account')::uuid
        WHERE tbl NOT IN ('accounts', 'people') AND data->>'account' IS NOT NULL;
    UPDATE saydo.records r SET account = saydo.account_of(r.tbl, r.id, r.data)
        WHERE r.account IS NULL AND r.tbl NOT IN ('accounts', 'people');
    UPDATE saydo.records r SET region = a.region FROM saydo.records a
        WHERE a.id = r.account AND r.tbl <> 'accounts';
$$;
SELECT saydo.place_records();

-- The person at this connection (none for a login that is not one).
CREATE FUNCTION saydo.me() RETURNS saydo.members
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM saydo.members WHERE login = session_user
$$;
CREATE FUNCTION saydo.is_member() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM saydo.members WHERE login = session_user)
$$;
-- Whether this connection reads every region: always, unless the team
-- reads by region; then admins and managers of the whole team do.
CREATE FUNCTION saydo.reads_all() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM saydo.members m WHERE m.login = session_user AND (
        m.role = 'admin' OR (m.role = 'manager' AND m.region IS NULL)
        OR NOT EXISTS (SELECT 1 FROM saydo.meta WHERE key = 'read' AND value = 'region')))
$$;
CREATE FUNCTION saydo.my_region() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT region FROM saydo.members WHERE login = session_user
$$;

-- The tables a change may name.
CREATE FUNCTION saydo.known_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('people', 'accounts', 'stage_spans', 'stakeholders', 'moments', 'metrics',
        'measurements', 'visits', 'commitments', 'renegotiations', 'signal_notes')
$$;

-- What a record is, in a message.
CREATE FUNCTION saydo.kind(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE t
        WHEN 'people' THEN 'person' WHEN 'stage_spans' THEN 'stage'
        WHEN 'signal_notes' THEN 'signal note' ELSE rtrim(t, 's') END
$$;

-- Where a record stands: its account, that account's owner and region,
-- and whose promise it is (commitments and their renegotiations).
CREATE FUNCTION saydo.place(t text, rid uuid, d jsonb,
    OUT account uuid, OUT owner uuid, OUT region text, OUT promiser uuid)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
BEGIN
    account := saydo.account_of(t, rid, d);
    IF t = 'accounts' THEN
        owner := (d->>'owner')::uuid;
        region := d->>'region';
    ELSIF account IS NOT NULL THEN
        SELECT (a.data->>'owner')::uuid, a.data->>'region' INTO owner, region
            FROM saydo.records a WHERE a.id = account;
    END IF;
    IF t = 'commitments' THEN
        promiser := (d->>'owner')::uuid;
    ELSIF t = 'renegotiations' THEN
        SELECT (c.data->>'owner')::uuid INTO promiser
            FROM saydo.records c WHERE c.id = (d->>'commitment')::uuid;
    END IF;
END $$;

-- A refused push is kept for its author, under the server's name and time.
CREATE FUNCTION saydo.stamp_refused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.author := session_user;
    NEW.at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER refused_stamp BEFORE INSERT ON saydo.refused
    FOR EACH ROW EXECUTE FUNCTION saydo.stamp_refused();

-- People are added (and changed) by admins only, through this function,
-- which runs as the team book's owner: it makes or maps the login role.
-- `verifier` is a SCRAM-SHA-256 verifier made by the client, never a
-- password, so no password reaches the server or its logs.
CREATE FUNCTION saydo.add_member(p_login text, p_name text, p_role text, p_region text,
    p_supports text[], p_verifier text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    made boolean := false;
    who uuid;
    supported uuid[] := '{}';
    s text;
    sid uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM saydo.members WHERE login = session_user AND role = 'admin') THEN
        RAISE EXCEPTION 'only an admin adds people; % is not one', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_role NOT IN ('admin', 'manager', 'director', 'staff') THEN
        RAISE EXCEPTION '--role %: one of director, manager, staff, admin', p_role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_verifier IS NOT NULL AND p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'a password is set from a SCRAM-SHA-256 verifier only'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT id INTO who FROM saydo.records
        WHERE tbl = 'people' AND NOT deleted AND lower(data->>'name') = lower(p_name);
    IF who IS NULL THEN
        RAISE EXCEPTION 'there is no person named "%" in the team book', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH s IN ARRAY COALESCE(p_supports, '{}') LOOP
        SELECT id INTO sid FROM saydo.records
            WHERE tbl = 'people' AND NOT deleted AND lower(data->>'name') = lower(s);
        IF sid IS NULL THEN
            RAISE EXCEPTION '--supports "%": there is no person of that name in the team book', s
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        supported := supported || sid;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        made := true;
    END IF;
    IF p_verifier IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
    END IF;
    EXECUTE format('GRANT saydo_team TO %I', p_login);
    INSERT INTO saydo.members (login, person, name, role, region, supports)
        VALUES (p_login, who, p_name, p_role, NULLIF(p_region, ''), supported)
        ON CONFLICT (login) DO UPDATE SET person = EXCLUDED.person, name = EXCLUDED.name,
            role = EXCLUDED.role, region = EXCLUDED.region, supports = EXCLUDED.supports,
            added_by = session_user, added_at = now();
    RETURN CASE WHEN made THEN 'made' ELSE 'mapped' END;
END $$;

-- The team's settings, changed by admins only.
CREATE FUNCTION saydo.set_setting(p_key text, p_value text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM saydo.members WHERE login = session_user AND role = 'admin') THEN
        RAISE EXCEPTION 'only an admin changes the team''s settings; % is not one', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_key = 'read' AND p_value NOT IN ('all', 'region') THEN
        RAISE EXCEPTION 'reading: all or region, not %', p_value USING ERRCODE = 'invalid_parameter_value';
    ELSIF p_key <> 'read' THEN
        RAISE EXCEPTION 'no setting %; there is: reading', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO saydo.meta (key, value) VALUES (p_key, p_value)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END $$;

-- The changes logged before this migration are placed too (the only
-- time the log is written to after the fact: a column it did not have).
ALTER TABLE saydo.changes DISABLE TRIGGER changes_append_only;
UPDATE saydo.changes c SET regions = COALESCE((SELECT array_agg(DISTINCT r.region)
    FROM jsonb_array_elements(c.ops) o JOIN saydo.records r ON r.id = (o->>'id')::uuid
    WHERE r.region IS NOT NULL), '{}');
ALTER TABLE saydo.changes ENABLE TRIGGER changes_append_only;

-- Privileges: nothing for PUBLIC; the team reads and appends.
REVOKE ALL ON ALL TABLES IN SCHEMA saydo FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA saydo FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA saydo FROM PUBLIC;
GRANT USAGE ON SCHEMA saydo TO saydo_team;
GRANT SELECT ON saydo.migrations, saydo.meta, saydo.members, saydo.records, saydo.changes,
    saydo.refused TO saydo_team;
GRANT INSERT ON saydo.changes, saydo.refused TO saydo_team;
GRANT USAGE ON SEQUENCE saydo.changes_seq_seq TO saydo_team;
GRANT EXECUTE ON FUNCTION saydo.me(), saydo.is_member(), saydo.reads_all(), saydo.my_region(),
    saydo.add_member(text, text, text, text, text[], text), saydo.set_setting(text, text)
    TO saydo_team;

-- Rows: only the team's people see anything; a team that reads by region
-- shows each person their region's rows (and those of no region).
ALTER TABLE saydo.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE saydo.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE saydo.refused ENABLE ROW LEVEL SECURITY;
ALTER TABLE saydo.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE saydo.meta ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_read ON saydo.records FOR SELECT USING (
    (SELECT saydo.is_member()) AND ((SELECT saydo.reads_all()) OR region IS NULL
        OR region = (SELECT saydo.my_region())));
CREATE POLICY changes_read ON saydo.changes FOR SELECT USING (
    (SELECT saydo.is_member()) AND ((SELECT saydo.reads_all()) OR regions = '{}'
        OR (SELECT saydo.my_region()) = ANY (regions)));
CREATE POLICY changes_append ON saydo.changes FOR INSERT WITH CHECK ((SELECT saydo.is_member()));
CREATE POLICY refused_own ON saydo.refused FOR SELECT USING (
    author = session_user OR (SELECT (saydo.me()).role) = 'admin');
CREATE POLICY refused_append ON saydo.refused FOR INSERT WITH CHECK ((SELECT saydo.is_member()));
CREATE POLICY members_read ON saydo.members FOR SELECT USING ((SELECT saydo.is_member()));
CREATE POLICY meta_read ON saydo.meta FOR SELECT USING ((SELECT saydo.is_member()));
