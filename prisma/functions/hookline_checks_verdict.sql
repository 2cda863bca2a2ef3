-- The aggregate checks state of one commit, as GitHub shows it for the head
-- commit, from lists of its runs, suites and statuses (JSON, so the stored rows
-- and a REST answer -- the drift detector's -- go through the one rule): the latest run per check name and app (GitHub's `filter=latest`:
-- a re-run is a newer run of the same name), the latest suite per app, the
-- latest status per context, and, where known, the base branch's required
-- checks (p_required: [{ context }], NULL when unknown). Runs: [{ id, name,
-- app, status, conclusion }]; suites: [{ id, app, status, conclusion }];
-- statuses: [{ id, context, state, at }].
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
CREATE FUNCTION hookline_checks_verdict(p_runs JSONB, p_suites JSONB, p_statuses JSONB, p_required JSONB)
RETURNS checks_state
-- PL/pgSQL, not SQL: its plan is cached per connection (a SQL-language
-- function called from PL/pgSQL is planned again on every call).
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (
  WITH runs AS (
    SELECT DISTINCT ON (r->>'name', coalesce(r->>'app', '')) r->>'name' AS name, r->>'status' AS status,
      r->>'conclusion' AS conclusion
    FROM jsonb_array_elements(coalesce(p_runs, '[]'::jsonb)) r
    ORDER BY r->>'name', coalesce(r->>'app', ''), (r->>'id')::BIGINT DESC),
  suites AS (
    SELECT DISTINCT ON (coalesce(s->>'app', '')) s->>'status' AS status, s->>'conclusion' AS conclusion
    FROM jsonb_array_elements(coalesce(p_suites, '[]'::jsonb)) s
    ORDER BY coalesce(s->>'app', ''), (s->>'id')::BIGINT DESC),
  statuses AS (
    SELECT DISTINCT ON (c->>'context') c->>'context' AS context, c->>'state' AS state
    FROM jsonb_array_elements(coalesce(p_statuses, '[]'::jsonb)) c
    ORDER BY c->>'context', (c->>'at')::TIMESTAMPTZ DESC, (c->>'id')::BIGINT DESC),
  signals AS (
    SELECT name AS context,
           CASE WHEN status IS DISTINCT FROM 'completed' THEN 'pending'
                WHEN conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END AS outcome
    FROM runs
    UNION ALL
    SELECT NULL,
           CASE WHEN conclusion IS NULL OR status IS DISTINCT FROM 'completed' THEN 'pending'
                WHEN conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                ELSE 'failure' END
    FROM suites
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
