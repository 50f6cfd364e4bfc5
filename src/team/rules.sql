-- Who may write what, and what a record cannot be without (applied by
-- the migrations that change them, as the judge is).

-- Why member `m` may not write a record of table `t` on an account owned
-- by `owner` in `region`, whose promise (if a commitment) is `promiser`'s;
-- NULL when they may.
CREATE OR REPLACE FUNCTION saydo.forbidden(m saydo.members, t text, owner uuid, region text, promiser uuid)
RETURNS text LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    own_promise boolean := t IN ('commitments', 'renegotiations') AND promiser = m.person;
BEGIN
    IF m.role = 'admin' THEN
        RETURN NULL;
    END IF;
    IF t = 'people' THEN
        RETURN format('%s is %s: only an admin adds or changes people (`saydo team add-person`)',
            m.name, m.role);
    END IF;
    -- The register is the team's, not a region's: any manager keeps it.
    IF t = 'partners' THEN
        IF m.role = 'manager' THEN
            RETURN NULL;
        END IF;
        RETURN format('%s is %s: the partners register is kept by managers and admins',
            m.name, m.role);
    END IF;
    IF m.role = 'manager' THEN
        IF m.region IS NULL OR m.region = region THEN
            RETURN NULL;
        END IF;
        RETURN format('%s is the manager of %s: this %s is on an account in %s',
            m.name, m.region, saydo.kind(t), COALESCE(region, 'no region'));
    END IF;
    IF m.role = 'director' THEN
        IF owner = m.person OR own_promise THEN
            RETURN NULL;
        END IF;
        RETURN format('%s is a director: they change their own accounts and what is on them, '
            'and their own promises; this %s is on an account of someone else', m.name, saydo.kind(t));
    END IF;
    IF t IN ('accounts', 'stage_spans') THEN
        RETURN format('%s is staff: they change the records on the accounts of the directors '
            'they support, not the accounts themselves', m.name);
    END IF;
    IF owner = ANY (m.supports) OR own_promise THEN
        RETURN NULL;
    END IF;
    RETURN format('%s is staff: this %s is on an account of a director they do not support',
        m.name, saydo.kind(t));
END $$;

-- The first field a record of table `t` cannot be without that `d` lacks:
-- a change from a raw client must not leave a record no replica can hold.
CREATE OR REPLACE FUNCTION saydo.lacking(t text, d jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT k FROM unnest(CASE t
        WHEN 'people' THEN '{name}'::text[]
        WHEN 'partners' THEN '{name}'
        WHEN 'accounts' THEN '{name,handle,stage,stage_since}'
        WHEN 'stage_spans' THEN '{account,stage,entered}'
        WHEN 'stakeholders' THEN '{account,name,layer}'
        WHEN 'moments' THEN '{account,what,severity}'
        WHEN 'metrics' THEN '{account,name,kind,direction}'
        WHEN 'measurements' THEN '{metric,on_date,value}'
        WHEN 'visits' THEN '{account,on_date,kind,intent}'
        WHEN 'commitments' THEN '{account,what,owner,made_on,due_on,status}'
        WHEN 'renegotiations' THEN '{commitment,new_due,agreed_on}'
        WHEN 'signal_notes' THEN '{metric,rule,on_date,acknowledged_on}'
        WHEN 'introductions' THEN '{account,from_who,to_who,status,on_date,status_on}'
        ELSE '{}' END) AS k
    WHERE jsonb_typeof(d->k) IS NULL OR jsonb_typeof(d->k) = 'null'
    LIMIT 1
$$;

REVOKE ALL ON FUNCTION saydo.forbidden(saydo.members, text, uuid, text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION saydo.lacking(text, jsonb) FROM PUBLIC;
