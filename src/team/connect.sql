-- Connect: introductions, each on its account (the account's rules hold
-- for it, as for a visit), naming the other customer by handle only, so a
-- region's reader never holds a reference to an account it cannot see.

CREATE OR REPLACE FUNCTION saydo.known_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('people', 'partners', 'accounts', 'stage_spans', 'stakeholders', 'moments',
        'metrics', 'measurements', 'visits', 'commitments', 'renegotiations', 'signal_notes',
        'introductions')
$$;
