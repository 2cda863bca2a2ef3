-- The outbox of one applied event: every pull request whose stored state
-- changed, with its full current state as of commit (the `version` a
-- receiver orders by) and what changed: `change` ("created", "state",
-- "updated" or null) and `checks_changed` (its checks state moved).
-- p_result is { changes: [{ id, change }], checks: [ids] }. Volatile: it is
-- called on the result of the apply in the same expression, and a stable
-- function would read the rows as they were before it.
CREATE FUNCTION hookline_outbox(p_result JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
BEGIN
  RETURN jsonb_build_object('pull_requests', coalesce((
    WITH changed AS (
      SELECT (item->>'id')::BIGINT AS id, item->>'change' AS change
      FROM jsonb_array_elements(coalesce(p_result->'changes', '[]'::jsonb)) item),
    checks AS (
      SELECT value::BIGINT AS id FROM jsonb_array_elements_text(coalesce(p_result->'checks', '[]'::jsonb))),
    ids AS (SELECT id FROM changed UNION SELECT id FROM checks)
    SELECT jsonb_agg(jsonb_build_object(
      'id', pr.id::TEXT, 'number', pr.number, 'repository', r.full_name, 'title', pr.title,
      'state', pr.state, 'draft', pr.draft, 'merged', pr.state = 'MERGED',
      'head_sha', pr.head_sha, 'base_ref', pr.base_ref, 'html_url', pr.html_url,
      'checks_state', pr.checks_state, 'required_checks_known', pr.required_checks_known,
      'version', pr.version::TEXT, 'github_updated_at', pr.github_updated_at,
      'change', (SELECT change FROM changed WHERE changed.id = pr.id),
      'checks_changed', EXISTS (SELECT 1 FROM checks WHERE checks.id = pr.id)) ORDER BY pr.id)
    FROM ids JOIN pull_requests pr ON pr.id = ids.id JOIN repositories r ON r.id = pr.repository_id),
    '[]'::jsonb));
END;
$$;
