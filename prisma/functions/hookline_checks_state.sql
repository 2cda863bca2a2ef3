-- The aggregate checks state of one commit: the latest run per check name and
-- app, the latest suite per app, the latest status per context (latest by
-- GitHub time, so a late, older result changes nothing). Any failure fails
-- it; otherwise anything unfinished keeps it pending.
CREATE FUNCTION hookline_checks_state(p_repository BIGINT, p_sha TEXT) RETURNS checks_state
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  WITH signals AS (
    SELECT CASE WHEN r.status <> 'completed' THEN 'pending'
                WHEN r.conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END AS outcome
    FROM (SELECT DISTINCT ON (name, coalesce(app_slug, '')) status, conclusion FROM check_runs
          WHERE repository_id = p_repository AND head_sha = p_sha
          ORDER BY name, coalesce(app_slug, ''), completed_at DESC NULLS LAST, id DESC) r
    UNION ALL
    SELECT CASE WHEN s.conclusion IS NULL THEN 'pending'
                WHEN s.conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END
    FROM (SELECT DISTINCT ON (coalesce(app_slug, '')) conclusion FROM check_suites
          WHERE repository_id = p_repository AND head_sha = p_sha
          ORDER BY coalesce(app_slug, ''), github_updated_at DESC NULLS LAST, id DESC) s
    UNION ALL
    SELECT CASE c.state WHEN 'success' THEN 'success' WHEN 'pending' THEN 'pending' ELSE 'failure' END
    FROM (SELECT DISTINCT ON (context) state FROM commit_statuses
          WHERE repository_id = p_repository AND sha = p_sha
          ORDER BY context, github_updated_at DESC, id DESC) c)
  SELECT (CASE WHEN bool_or(outcome = 'failure') THEN 'FAILURE'
               WHEN bool_or(outcome = 'pending') THEN 'PENDING'
               WHEN count(*) > 0 THEN 'SUCCESS' ELSE 'NONE' END)::checks_state
  FROM signals);
END;
$$;
