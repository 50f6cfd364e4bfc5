-- The judge of every change (applied by the migrations that change what
-- it calls on: it names no table itself, `saydo.known_table` does).
-- Every change taken into the log: numbered in commit order (each insert
-- takes the log's lock, held to commit, before its number), its author and
-- time the server's, each of its records checked against the author's
-- role before and after, and applied to saydo.records.
CREATE OR REPLACE FUNCTION saydo.number_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m saydo.members;
    by_region boolean;
    op jsonb;
    t text;
    rid uuid;
    cur saydo.records;
    live boolean;
    data jsonb;
    b_owner uuid; b_region text; b_promiser uuid;
    a_account uuid; a_owner uuid; a_region text; a_promiser uuid;
    why text;
    regions text[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('saydo.changes'));
    NEW.seq := nextval(pg_get_serial_sequence('saydo.changes', 'seq'));
    NEW.author := session_user;
    NEW.at := now();
    SELECT * INTO m FROM saydo.members WHERE login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not one of this team book''s people: an admin adds them with `saydo team add-person`',
            session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(NEW.ops) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'a change''s ops are a list' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    by_region := EXISTS (SELECT 1 FROM saydo.meta WHERE key = 'read' AND value = 'region');
    FOR op IN SELECT value FROM jsonb_array_elements(NEW.ops) LOOP
        t := op->>'t';
        rid := (op->>'id')::uuid;
        IF t IS NULL OR rid IS NULL OR NOT saydo.known_table(t) THEN
            RAISE EXCEPTION 'a change names a record by its table (t) and id: % %', t, rid
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        SELECT * INTO cur FROM saydo.records r WHERE r.id = rid;
        live := FOUND AND NOT cur.deleted;
        b_region := NULL;
        IF FOUND AND cur.tbl <> t THEN
            RAISE EXCEPTION 'record % is a %, not a %', rid, saydo.kind(cur.tbl), saydo.kind(t)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF live THEN
            SELECT p.owner, p.region, p.promiser INTO b_owner, b_region, b_promiser
                FROM saydo.place(t, rid, cur.data) p;
            why := saydo.forbidden(m, t, b_owner, b_region, b_promiser);
            IF why IS NOT NULL THEN
                RAISE EXCEPTION '%', why USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF b_region IS NOT NULL AND NOT b_region = ANY (regions) THEN
                regions := regions || b_region;
            END IF;
        END IF;
        IF jsonb_typeof(op->'after') = 'object' THEN
            IF live THEN
                -- The fields this op changes, over what stands.
                data := cur.data || COALESCE((SELECT jsonb_object_agg(k, v)
                    FROM jsonb_each(op->'after') AS f(k, v)
                    WHERE (op->'before'->k) IS DISTINCT FROM v), '{}');
            ELSE
                data := op->'after';
            END IF;
            why := saydo.lacking(t, data);
            IF why IS NOT NULL THEN
                RAISE EXCEPTION 'a % needs its %', saydo.kind(t), why
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT p.account, p.owner, p.region, p.promiser
                INTO a_account, a_owner, a_region, a_promiser FROM saydo.place(t, rid, data) p;
            -- One's own promise is one's own to keep, wherever it was made;
            -- making one on someone else's account is not.
            IF NOT live THEN
                a_promiser := NULL;
            END IF;
            why := saydo.forbidden(m, t, a_owner, a_region, a_promiser);
            IF why IS NOT NULL THEN
                RAISE EXCEPTION '%', why USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF live AND by_region AND b_region IS DISTINCT FROM a_region THEN
                RAISE EXCEPTION 'this team reads by region, so an account stays in the region it was made in (% to %)',
                    COALESCE(b_region, 'no region'), COALESCE(a_region, 'no region')
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF a_region IS NOT NULL AND NOT a_region = ANY (regions) THEN
                regions := regions || a_region;
            END IF;
            IF NOT live OR data IS DISTINCT FROM cur.data THEN
                INSERT INTO saydo.records (id, tbl, data, version, deleted, account, region)
                    VALUES (rid, t, data, NEW.seq, false, a_account, a_region)
                    ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version,
                        deleted = false, account = EXCLUDED.account, region = EXCLUDED.region;
                IF t = 'accounts' AND live AND b_region IS DISTINCT FROM a_region THEN
                    UPDATE saydo.records r SET region = a_region WHERE r.account = rid AND r.id <> rid;
                END IF;
            END IF;
        ELSIF live THEN
            UPDATE saydo.records SET data = '{}', version = NEW.seq, deleted = true WHERE id = rid;
        END IF;
    END LOOP;
    IF by_region AND cardinality(regions) > 1 THEN
        RAISE EXCEPTION 'this team reads by region: one change touches one region''s accounts, not %',
            array_to_string(regions, ', ') USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.regions := regions;
    RETURN NEW;
END $$;
