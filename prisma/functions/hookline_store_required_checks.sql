-- Keeps the required checks of a repository's branches as GitHub's REST API
-- answered them (the worker reads them where API access is configured):
-- p_required is [{ branch, checks: [{ context, app_id }] }].
CREATE FUNCTION hookline_store_required_checks(p_repository BIGINT, p_required JSONB) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO required_checks AS stored (repository_id, branch, checks, fetched_at)
  SELECT p_repository, item->>'branch', item->'checks', now()
  FROM jsonb_array_elements(coalesce(p_required, '[]'::jsonb)) item
  ON CONFLICT (repository_id, branch) DO UPDATE SET checks = EXCLUDED.checks, fetched_at = EXCLUDED.fetched_at;
END;
$$;
