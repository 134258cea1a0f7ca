-- The start of routing a new lead of a team, in one round trip instead of three (look the
-- external id up, lock the team, insert the lead): src/store/routing/route.ts. Same steps, same
-- order, same statements as the three it replaces; the caller has begun the transaction.
-- Returns the new lead's id; 0 when a lead with that external id existed before the lock (the
-- caller takes the general path: its first decision, or its own team's lock); -1 when another
-- transaction inserted it meanwhile (ON CONFLICT waited for it to commit).
CREATE FUNCTION routing_begin_lead(p_team int, p_external_id text, p_arrived_at timestamptz, p_product_id int, p_segment text,
                                   p_region text, p_language text, p_account_id int, p_source text, p_value_cents bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  lead_id bigint;
BEGIN
  PERFORM 1 FROM leads WHERE external_id = p_external_id;
  IF FOUND THEN
    RETURN 0;
  END IF;
  -- Create-or-lock the team's row (DO UPDATE locks it): decisions of one team serialize here.
  INSERT INTO routing_state (team_key) VALUES (p_team) ON CONFLICT (team_key) DO UPDATE SET team_key = excluded.team_key;
  -- For the rest of the transaction (see lockTeams in src/store/routing/state.ts).
  PERFORM set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true);
  INSERT INTO leads (external_id, team_id, arrived_at, product_id, segment, region, language, account_id, source, value_cents)
  VALUES (p_external_id, p_team, p_arrived_at, p_product_id, p_segment, p_region, p_language, p_account_id, p_source, p_value_cents)
  ON CONFLICT (external_id) DO NOTHING
  RETURNING id INTO lead_id;
  RETURN coalesce(lead_id, -1);
END $$;
