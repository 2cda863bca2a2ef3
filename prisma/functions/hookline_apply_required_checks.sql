-- A change of a repository's required checks (branch_protection_rule,
-- repository_ruleset): the worker has read and stored them already
-- (hookline_store_required_checks); the open pull requests into those
-- branches are recomputed. Only pull request rows are locked, in id order,
-- and no commit lock is held: the lock order of every other writer stands.
-- Returns { changes: [], checks: [ids] }.
CREATE FUNCTION hookline_apply_required_checks(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_repository BIGINT := (p_event->'repository'->>'id')::BIGINT;
  v_pull_requests BIGINT[];
BEGIN
  SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_pull_requests FROM pull_requests
  WHERE repository_id = v_repository AND state = 'OPEN'
    AND base_ref IN (SELECT item->>'branch' FROM jsonb_array_elements(coalesce(p_event->'required_checks', '[]'::jsonb)) item);
  RETURN jsonb_build_object('changes', '[]'::jsonb,
    'checks', to_jsonb(hookline_recompute_checks(v_pull_requests)::TEXT[]));
END;
$$;
