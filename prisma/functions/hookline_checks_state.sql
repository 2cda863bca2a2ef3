-- The aggregate checks state of one commit, as GitHub shows it for the head
-- commit: the latest run per check name and app (GitHub's `filter=latest`:
-- a re-run is a newer run of the same name), the latest suite per app, the
-- latest status per context, and, where known, the base branch's required
-- checks (p_required: [{ context }], NULL when unknown).
--
-- FAILURE as soon as one has failed; PENDING while anything known (or a
-- required check not yet seen) is not completed; SUCCESS only when all of it
-- completed and passed; NONE when nothing is known. Conclusions, from
-- GitHub's REST docs "Check runs" / "Check suites" (conclusion enum) and
-- "About status checks" (https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/collaborating-on-repositories-with-code-quality-features/about-status-checks):
-- success, neutral and skipped pass (a neutral or skipped required check
-- counts as successful for branch protection); failure, timed_out,
-- cancelled, action_required, startup_failure and stale fail (stale: GitHub
-- marks a run incomplete for 14 days stale; branch protection does not accept
-- it); any conclusion GitHub adds later does not pass until someone says so
-- here. Statuses: success passes, pending waits, failure and error fail.
CREATE FUNCTION hookline_checks_state(p_repository BIGINT, p_sha TEXT, p_required JSONB)
RETURNS checks_state
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  WITH runs AS (
    SELECT DISTINCT ON (name, coalesce(app_slug, '')) name, status, conclusion FROM check_runs
    WHERE repository_id = p_repository AND head_sha = p_sha
    ORDER BY name, coalesce(app_slug, ''), id DESC),
  statuses AS (
    SELECT DISTINCT ON (context) context, state FROM commit_statuses
    WHERE repository_id = p_repository AND sha = p_sha
    ORDER BY context, github_updated_at DESC, id DESC),
  signals AS (
    SELECT name AS context,
           CASE WHEN status IS DISTINCT FROM 'completed' THEN 'pending'
                WHEN conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END AS outcome
    FROM runs
    UNION ALL
    SELECT NULL,
           CASE WHEN s.conclusion IS NULL OR s.status IS DISTINCT FROM 'completed' THEN 'pending'
                WHEN s.conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END
    FROM (SELECT DISTINCT ON (coalesce(app_slug, '')) status, conclusion FROM check_suites
          WHERE repository_id = p_repository AND head_sha = p_sha
          ORDER BY coalesce(app_slug, ''), id DESC) s
    UNION ALL
    SELECT context, CASE state WHEN 'success' THEN 'success' WHEN 'pending' THEN 'pending' ELSE 'failure' END
    FROM statuses),
  missing AS (
    -- A required check GitHub has not reported yet is what keeps a commit pending.
    SELECT 'pending' AS outcome
    FROM jsonb_array_elements(coalesce(p_required, '[]'::jsonb)) AS required(item)
    WHERE NOT EXISTS (SELECT 1 FROM signals WHERE signals.context = required.item->>'context')),
  everything AS (SELECT outcome FROM signals UNION ALL SELECT outcome FROM missing)
  SELECT (CASE WHEN bool_or(outcome = 'failure') THEN 'FAILURE'
               WHEN bool_or(outcome = 'pending') THEN 'PENDING'
               WHEN count(*) > 0 THEN 'SUCCESS' ELSE 'NONE' END)::checks_state
  FROM everything);
END;
$$;
