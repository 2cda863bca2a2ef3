-- A check run, check suite or status: store it, note it in the history of
-- every pull request of the same repository that has had the commit as head,
-- recompute their checks. `numbers` are the pull requests the event names
-- whose base repository is the event's own (the worker drops the others:
-- GitHub lists pull requests of forks there, and a number alone never
-- identifies a pull request). Returns { changes: [], checks: [ids] }.
--
-- Runs and suites keep their newest version in any arrival order: runs by
-- (order_at, order_rank) -- queued, in progress, completed, re-requested --
-- suites by (updated_at, order_rank); an equal version is written again, so
-- a REST read heals a row that differs from it.
CREATE FUNCTION hookline_apply_signal(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_signal JSONB := p_event->'signal';
  v_repository BIGINT := (p_event->'repository'->>'id')::BIGINT;
  v_sha TEXT := v_signal->>'sha';
  v_at TIMESTAMPTZ := (v_signal->>'at')::TIMESTAMPTZ;
  v_delivery TEXT := p_event->>'delivery_id';
  v_sender TEXT := p_event->>'sender';
  v_pull_requests BIGINT[];
  v_pull_request BIGINT;
BEGIN
  PERFORM hookline_upsert_repository(p_event->'repository', v_at, v_delivery);
  PERFORM hookline_lock_commit(v_repository, v_sha);
  CASE v_signal->>'type'
  WHEN 'check_run' THEN
    INSERT INTO check_runs AS stored (id, repository_id, head_sha, name, status, conclusion, app_slug, html_url,
      started_at, completed_at, order_at, order_rank, delivery_id, sender, updated_at)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'name', v_signal->>'status',
      v_signal->>'conclusion', v_signal->>'app_slug', v_signal->>'html_url',
      (v_signal->>'started_at')::TIMESTAMPTZ, (v_signal->>'completed_at')::TIMESTAMPTZ,
      (v_signal->>'order_at')::TIMESTAMPTZ, (v_signal->>'order_rank')::INT, v_delivery, v_sender, now())
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,
      conclusion = EXCLUDED.conclusion, started_at = EXCLUDED.started_at, completed_at = EXCLUDED.completed_at,
      order_at = EXCLUDED.order_at, order_rank = EXCLUDED.order_rank,
      delivery_id = EXCLUDED.delivery_id, sender = EXCLUDED.sender, updated_at = now()
    WHERE (coalesce(stored.order_at, '-infinity'), stored.order_rank)
       <= (coalesce(EXCLUDED.order_at, '-infinity'), EXCLUDED.order_rank);
  WHEN 'check_suite' THEN
    INSERT INTO check_suites AS stored (id, repository_id, head_sha, head_branch, status, conclusion, app_slug,
      github_updated_at, order_rank, delivery_id, sender, updated_at)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'head_branch', v_signal->>'status',
      v_signal->>'conclusion', v_signal->>'app_slug', (v_signal->>'updated_at')::TIMESTAMPTZ,
      (v_signal->>'order_rank')::INT, v_delivery, v_sender, now())
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, conclusion = EXCLUDED.conclusion,
      github_updated_at = EXCLUDED.github_updated_at, order_rank = EXCLUDED.order_rank,
      delivery_id = EXCLUDED.delivery_id, sender = EXCLUDED.sender, updated_at = now()
    WHERE (coalesce(stored.github_updated_at, '-infinity'), stored.order_rank)
       <= (coalesce(EXCLUDED.github_updated_at, '-infinity'), EXCLUDED.order_rank);
  WHEN 'status' THEN
    -- Each status is its own immutable record; the aggregate reads the latest per context.
    INSERT INTO commit_statuses (id, repository_id, sha, context, state, description, target_url,
      github_updated_at, delivery_id, sender)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'context', v_signal->>'state',
      v_signal->>'description', v_signal->>'target_url', v_at, v_delivery, v_sender)
    ON CONFLICT (id) DO NOTHING;
  END CASE;
  -- The pull requests of the commit, and those GitHub names (which own the
  -- commit even before a pull_request event says so), locked before any row
  -- that refers to them is written.
  SELECT coalesce(array_agg(DISTINCT id), '{}') INTO v_pull_requests FROM (
    SELECT pull_request_id AS id FROM pull_request_commits WHERE repository_id = v_repository AND sha = v_sha
    UNION
    SELECT id FROM pull_requests WHERE repository_id = v_repository
      AND number IN (SELECT jsonb_array_elements_text(coalesce(v_signal->'numbers', '[]'::jsonb))::INT)) ids;
  PERFORM hookline_lock_pull_requests(v_pull_requests);
  INSERT INTO pull_request_commits (pull_request_id, repository_id, sha)
  SELECT id, repository_id, v_sha FROM pull_requests
  WHERE repository_id = v_repository
    AND number IN (SELECT jsonb_array_elements_text(coalesce(v_signal->'numbers', '[]'::jsonb))::INT)
  ON CONFLICT DO NOTHING;
  SELECT coalesce(array_agg(pull_request_id ORDER BY pull_request_id), '{}') INTO v_pull_requests
  FROM pull_request_commits WHERE repository_id = v_repository AND sha = v_sha;
  FOREACH v_pull_request IN ARRAY v_pull_requests LOOP
    PERFORM hookline_record_history(v_pull_request, v_delivery, (v_signal->>'trigger')::trigger_event, NULL, v_at,
      -- The same keys hookline_link_commit writes when the pull request shows up later.
      jsonb_build_object('github_event', p_event->>'event', 'action', p_event->>'action',
        'delivery_id', v_delivery, 'sender', v_sender, 'sha', v_sha));
  END LOOP;
  RETURN jsonb_build_object('changes', '[]'::jsonb,
    'checks', to_jsonb(hookline_recompute_checks(v_pull_requests)::TEXT[]));
END;
$$;
