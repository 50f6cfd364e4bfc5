-- The register of business partners (functions inside the company with
-- the KPIs they answer for): a record of the team, on no account, so in
-- no region; kept by managers and admins. Metrics name their partner.

CREATE OR REPLACE FUNCTION saydo.known_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('people', 'partners', 'accounts', 'stage_spans', 'stakeholders', 'moments',
        'metrics', 'measurements', 'visits', 'commitments', 'renegotiations', 'signal_notes')
$$;
REVOKE ALL ON FUNCTION saydo.known_table(text) FROM PUBLIC;

-- One partner of a name: two people adding it offline meet a conflict.
CREATE UNIQUE INDEX records_partner ON saydo.records (lower(data->>'name'))
    WHERE tbl = 'partners' AND NOT deleted;
