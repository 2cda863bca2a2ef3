-- Recomputes the aggregate of each pull request from its current head commit
-- and its base branch's required checks (required_checks, where GitHub API
-- access keeps them); raises the version of those whose checks state
-- changed and returns their ids. Callers hold the pull requests' row locks
-- (hookline_lock_pull_requests), so the lock taken here is never the first.
CREATE FUNCTION hookline_recompute_checks(p_pull_requests BIGINT[]) RETURNS BIGINT[]
LANGUAGE plpgsql AS $$
DECLARE
  v_changed BIGINT[];
BEGIN
  WITH locked AS (
    SELECT pr.id, pr.repository_id, pr.head_sha, pr.checks_state, pr.required_checks_known,
      rc.checks AS required
    FROM pull_requests pr
    LEFT JOIN required_checks rc ON rc.repository_id = pr.repository_id AND rc.branch = pr.base_ref
    WHERE pr.id = ANY(p_pull_requests) ORDER BY pr.id FOR UPDATE OF pr),
  computed AS (
    SELECT id, checks_state AS before, required_checks_known AS known_before, required IS NOT NULL AS known,
      hookline_checks_state(repository_id, head_sha, required) AS after FROM locked),
  changed AS (
    UPDATE pull_requests pr SET checks_state = computed.after, required_checks_known = computed.known,
      version = pr.version + CASE WHEN computed.before <> computed.after THEN 1 ELSE 0 END, updated_at = now()
    FROM computed
    WHERE pr.id = computed.id
      AND (computed.before <> computed.after OR computed.known_before <> computed.known)
    RETURNING pr.id, computed.before <> computed.after AS state_changed)
  SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_changed FROM changed WHERE state_changed;
  RETURN v_changed;
END;
$$;
