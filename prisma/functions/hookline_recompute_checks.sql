-- Recomputes the aggregate of each pull request from its current head commit;
-- returns those whose stored state changed, with the stored values:
-- [{ pull_request_id, number, repository, head_sha, checks_state }].
CREATE FUNCTION hookline_recompute_checks(p_pull_requests BIGINT[]) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_changed JSONB;
BEGIN
  WITH locked AS (
    SELECT id, repository_id, head_sha, checks_state FROM pull_requests
    WHERE id = ANY(p_pull_requests) ORDER BY id FOR UPDATE),
  computed AS (
    SELECT id, head_sha, checks_state AS before, hookline_checks_state(repository_id, head_sha) AS after FROM locked),
  changed AS (
    UPDATE pull_requests pr SET checks_state = computed.after, updated_at = now()
    FROM computed WHERE pr.id = computed.id AND computed.before <> computed.after
    RETURNING pr.id, pr.number, pr.repository_id, pr.head_sha, pr.checks_state)
  SELECT coalesce(jsonb_agg(jsonb_build_object(
    'pull_request_id', changed.id::TEXT, 'number', changed.number, 'repository', r.full_name,
    'head_sha', changed.head_sha, 'checks_state', changed.checks_state) ORDER BY changed.id), '[]'::jsonb)
  INTO v_changed FROM changed JOIN repositories r ON r.id = changed.repository_id;
  RETURN v_changed;
END;
$$;
