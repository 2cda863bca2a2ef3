-- Applying one GitHub event is one call: every statement runs inside the
-- database, in the statement's own transaction. The worker normalises and
-- validates payloads in TypeScript and passes the result as JSON; these
-- functions only store it. (Each round trip through the client costs far
-- more than the SQL itself, and an event is a dozen statements.)
--
-- Event JSON, as built by apps/worker/src/apply/event-document.ts:
--   { delivery_id, event, action, received_at, sender, kind,
--     repository: { id, full_name, html_url },
--     pull_request: { id, number, title, author, head_ref, head_sha, base_ref, draft, state,
--                     trigger, html_url, updated_at, merged_at, closed_at },        -- kind = pull_request
--     signal: { type, id, sha, trigger, at, numbers, ...row fields } }              -- kind = signal

-- Serialises everything said about one commit (a pull request moving its head
-- there, a check arriving for it), so neither misses the other's rows. Taken
-- before any pull request row lock, everywhere, so lock order cannot cycle.
CREATE FUNCTION hookline_lock_commit(p_repository BIGINT, p_sha TEXT) RETURNS VOID
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended(p_repository || ':' || p_sha, 0));
$$;

-- Inserts the repository if new; renames only when the name changed. Never
-- ON CONFLICT DO UPDATE: that locks the row and would serialise every event
-- of a busy repository.
CREATE FUNCTION hookline_upsert_repository(p_repository JSONB) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO repositories (id, full_name, html_url, updated_at)
  VALUES ((p_repository->>'id')::BIGINT, p_repository->>'full_name', p_repository->>'html_url', now())
  ON CONFLICT (id) DO NOTHING;
  UPDATE repositories SET full_name = p_repository->>'full_name', updated_at = now()
  WHERE id = (p_repository->>'id')::BIGINT AND full_name <> p_repository->>'full_name';
$$;

-- Appends to a pull request's history, which is ordered by GitHub time (ties
-- by delivery id) whatever the arrival order: from_state is the state of the
-- previous state-bearing event in that order, and the next one is re-pointed
-- at this one. Callers hold the pull request's lock.
CREATE FUNCTION hookline_record_history(
  p_pull_request BIGINT, p_delivery TEXT, p_trigger trigger_event, p_to pull_request_state,
  p_at TIMESTAMPTZ, p_metadata JSONB) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INT;
BEGIN
  INSERT INTO pull_request_events
    (pull_request_id, delivery_id, trigger_event, from_state, to_state, github_event_at, metadata)
  SELECT p_pull_request, p_delivery, p_trigger,
    CASE WHEN p_to IS NULL THEN NULL ELSE (
      SELECT to_state FROM pull_request_events
      WHERE pull_request_id = p_pull_request AND to_state IS NOT NULL
        AND (github_event_at, delivery_id) < (p_at, p_delivery)
      ORDER BY github_event_at DESC, delivery_id DESC LIMIT 1) END,
    p_to, p_at, p_metadata
  ON CONFLICT (delivery_id, pull_request_id) DO NOTHING;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  IF v_inserted = 0 OR p_to IS NULL THEN
    RETURN;
  END IF;
  UPDATE pull_request_events SET from_state = p_to
  WHERE id = (
    SELECT id FROM pull_request_events
    WHERE pull_request_id = p_pull_request AND to_state IS NOT NULL
      AND (github_event_at, delivery_id) > (p_at, p_delivery)
    ORDER BY github_event_at, delivery_id LIMIT 1);
END;
$$;

-- Records that the commit has been the pull request's head. The first time,
-- checks and statuses already stored for it (they arrived before the pull
-- request did) enter its history as if they had arrived after it.
CREATE FUNCTION hookline_link_commit(p_pull_request BIGINT, p_repository BIGINT, p_sha TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_added INT;
BEGIN
  INSERT INTO pull_request_commits (pull_request_id, repository_id, sha)
  VALUES (p_pull_request, p_repository, p_sha) ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_added = ROW_COUNT;
  IF v_added = 0 THEN
    RETURN;
  END IF;
  INSERT INTO pull_request_events
    (pull_request_id, delivery_id, trigger_event, from_state, to_state, github_event_at, metadata)
  SELECT p_pull_request, signal.delivery_id, signal.trigger::trigger_event, NULL, NULL, signal.at,
    jsonb_build_object('github_event', signal.event, 'action', signal.action,
      'delivery_id', signal.delivery_id, 'sender', signal.sender, 'sha', p_sha)
  FROM (
    SELECT delivery_id, 'CHECK_RUN_COMPLETED' AS trigger, 'check_run' AS event, 'completed' AS action, sender,
      coalesce(completed_at, started_at, created_at) AS at
    FROM check_runs WHERE repository_id = p_repository AND head_sha = p_sha
    UNION ALL
    SELECT delivery_id, 'CHECK_SUITE_COMPLETED', 'check_suite', 'completed', sender, coalesce(github_updated_at, created_at)
    FROM check_suites WHERE repository_id = p_repository AND head_sha = p_sha
    UNION ALL
    SELECT delivery_id, 'STATUS', 'status', NULL, sender, github_updated_at
    FROM commit_statuses WHERE repository_id = p_repository AND sha = p_sha
  ) AS signal
  WHERE signal.delivery_id IS NOT NULL
  ON CONFLICT (delivery_id, pull_request_id) DO NOTHING;
END;
$$;

-- The aggregate checks state of one commit: the latest run per check name and
-- app, the latest suite per app, the latest status per context. Any failure
-- fails it; otherwise anything unfinished keeps it pending.
CREATE FUNCTION hookline_checks_state(p_repository BIGINT, p_sha TEXT) RETURNS checks_state
LANGUAGE sql STABLE AS $$
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
  FROM signals;
$$;

-- Recomputes the aggregate of each pull request from its current head commit;
-- returns those whose state changed, as [{ pull_request_id, number, head_sha, checks_state }].
CREATE FUNCTION hookline_recompute_checks(p_pull_requests BIGINT[]) RETURNS JSONB
LANGUAGE sql AS $$
  WITH locked AS (
    SELECT id, repository_id, head_sha, checks_state FROM pull_requests
    WHERE id = ANY(p_pull_requests) ORDER BY id FOR UPDATE),
  computed AS (
    SELECT id, head_sha, checks_state AS before, hookline_checks_state(repository_id, head_sha) AS after FROM locked),
  changed AS (
    UPDATE pull_requests pr SET checks_state = computed.after, updated_at = now()
    FROM computed WHERE pr.id = computed.id AND computed.before <> computed.after
    RETURNING pr.id, pr.number, pr.head_sha, pr.checks_state)
  SELECT coalesce(jsonb_agg(jsonb_build_object(
    'pull_request_id', id::TEXT, 'number', number, 'head_sha', head_sha, 'checks_state', checks_state) ORDER BY id), '[]'::jsonb)
  FROM changed;
$$;

-- A pull_request event: the newest snapshot wins (GitHub's updated_at, ties by
-- delivery id, so any arrival order ends in the same row); history keeps all.
CREATE FUNCTION hookline_apply_pull_request(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_pr JSONB := p_event->'pull_request';
  v_repository BIGINT := (p_event->'repository'->>'id')::BIGINT;
  v_id BIGINT := (v_pr->>'id')::BIGINT;
  v_sha TEXT := v_pr->>'head_sha';
  v_state pull_request_state := (v_pr->>'state')::pull_request_state;
  v_at TIMESTAMPTZ := (v_pr->>'updated_at')::TIMESTAMPTZ;
  v_delivery TEXT := p_event->>'delivery_id';
  v_head_before TEXT;
BEGIN
  PERFORM hookline_upsert_repository(p_event->'repository');
  PERFORM hookline_lock_commit(v_repository, v_sha);
  -- Two first events of one pull request would race to insert it, and the
  -- loser would trip the (repository_id, number) key that ON CONFLICT (id)
  -- does not arbitrate.
  PERFORM pg_advisory_xact_lock(hashtextextended('pull_request:' || v_id, 0));
  SELECT head_sha INTO v_head_before FROM pull_requests WHERE id = v_id;
  INSERT INTO pull_requests AS stored (
    id, repository_id, number, title, author, head_ref, head_sha, base_ref, draft, state,
    html_url, github_updated_at, state_delivery_id, merged_at, closed_at, updated_at)
  VALUES (
    v_id, v_repository, (v_pr->>'number')::INT, v_pr->>'title', v_pr->>'author',
    v_pr->>'head_ref', v_sha, v_pr->>'base_ref', (v_pr->>'draft')::BOOLEAN, v_state,
    v_pr->>'html_url', v_at, v_delivery,
    (v_pr->>'merged_at')::TIMESTAMPTZ, (v_pr->>'closed_at')::TIMESTAMPTZ, now())
  ON CONFLICT (id) DO UPDATE SET
    number = EXCLUDED.number, title = EXCLUDED.title, author = EXCLUDED.author,
    head_ref = EXCLUDED.head_ref, head_sha = EXCLUDED.head_sha, base_ref = EXCLUDED.base_ref,
    draft = EXCLUDED.draft, state = EXCLUDED.state, html_url = EXCLUDED.html_url,
    github_updated_at = EXCLUDED.github_updated_at, state_delivery_id = EXCLUDED.state_delivery_id,
    merged_at = EXCLUDED.merged_at, closed_at = EXCLUDED.closed_at, updated_at = now()
  WHERE (stored.github_updated_at, coalesce(stored.state_delivery_id, ''))
      < (EXCLUDED.github_updated_at, EXCLUDED.state_delivery_id);
  PERFORM hookline_link_commit(v_id, v_repository, v_sha);
  PERFORM hookline_record_history(v_id, v_delivery, (v_pr->>'trigger')::trigger_event, v_state, v_at,
    jsonb_build_object('github_event', p_event->>'event', 'action', p_event->>'action',
      'delivery_id', v_delivery, 'sender', p_event->>'sender'));
  -- A new pull request, or one whose head moved, may land on a commit whose
  -- checks arrived first; otherwise its checks cannot have changed.
  IF v_head_before IS NOT DISTINCT FROM (SELECT head_sha FROM pull_requests WHERE id = v_id) THEN
    RETURN jsonb_build_object('checks', '[]'::jsonb);
  END IF;
  RETURN jsonb_build_object('checks', hookline_recompute_checks(ARRAY[v_id]));
END;
$$;

-- A check run, check suite or status: store it, note it in the history of
-- every pull request that has had the commit as head, recompute their checks.
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
  PERFORM hookline_upsert_repository(p_event->'repository');
  PERFORM hookline_lock_commit(v_repository, v_sha);
  CASE v_signal->>'type'
  WHEN 'check_run' THEN
    -- A later completion of the same run wins, in any arrival order.
    INSERT INTO check_runs AS stored (id, repository_id, head_sha, name, status, conclusion, app_slug, html_url,
      started_at, completed_at, delivery_id, sender, updated_at)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'name', v_signal->>'status',
      v_signal->>'conclusion', v_signal->>'app_slug', v_signal->>'html_url',
      (v_signal->>'started_at')::TIMESTAMPTZ, (v_signal->>'completed_at')::TIMESTAMPTZ, v_delivery, v_sender, now())
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, conclusion = EXCLUDED.conclusion,
      started_at = EXCLUDED.started_at, completed_at = EXCLUDED.completed_at,
      delivery_id = EXCLUDED.delivery_id, sender = EXCLUDED.sender, updated_at = now()
    WHERE coalesce(stored.completed_at, '-infinity') <= coalesce(EXCLUDED.completed_at, '-infinity');
  WHEN 'check_suite' THEN
    INSERT INTO check_suites AS stored (id, repository_id, head_sha, head_branch, status, conclusion, app_slug,
      github_updated_at, delivery_id, sender, updated_at)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'head_branch', v_signal->>'status',
      v_signal->>'conclusion', v_signal->>'app_slug', (v_signal->>'updated_at')::TIMESTAMPTZ, v_delivery, v_sender, now())
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, conclusion = EXCLUDED.conclusion,
      github_updated_at = EXCLUDED.github_updated_at, delivery_id = EXCLUDED.delivery_id,
      sender = EXCLUDED.sender, updated_at = now()
    WHERE coalesce(stored.github_updated_at, '-infinity') <= coalesce(EXCLUDED.github_updated_at, '-infinity');
  WHEN 'status' THEN
    -- Each status is its own immutable record; the aggregate reads the latest per context.
    INSERT INTO commit_statuses (id, repository_id, sha, context, state, description, target_url,
      github_updated_at, delivery_id, sender)
    VALUES ((v_signal->>'id')::BIGINT, v_repository, v_sha, v_signal->>'context', v_signal->>'state',
      v_signal->>'description', v_signal->>'target_url', v_at, v_delivery, v_sender)
    ON CONFLICT (id) DO NOTHING;
  END CASE;
  -- Pull requests GitHub names own the commit even before a pull_request event says so.
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
  RETURN jsonb_build_object('checks', hookline_recompute_checks(v_pull_requests));
END;
$$;

-- The one entry point. Claims the delivery id first: the upsert locks the
-- row, so a second replica running the same delivery (a stalled job retried
-- elsewhere) waits here and then finds it done. Effects happen exactly once;
-- a retry of a done delivery gets its outbox back to re-send notifications.
CREATE FUNCTION hookline_apply_event(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_delivery TEXT := p_event->>'delivery_id';
  v_status TEXT;
  v_outbox JSONB;
  v_result JSONB;
BEGIN
  INSERT INTO webhook_deliveries (delivery_id, event, action, status, received_at, attempts)
  VALUES (v_delivery, p_event->>'event', p_event->>'action', 'PROCESSING', (p_event->>'received_at')::TIMESTAMPTZ, 0)
  ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id
  RETURNING status::TEXT, outbox INTO v_status, v_outbox;
  IF v_status IN ('PROCESSED', 'IGNORED') THEN
    RETURN jsonb_build_object('duplicate', TRUE, 'outbox', coalesce(v_outbox, '{}'::jsonb));
  END IF;
  v_result := CASE p_event->>'kind'
    WHEN 'pull_request' THEN hookline_apply_pull_request(p_event)
    WHEN 'signal' THEN hookline_apply_signal(p_event)
    ELSE '{}'::jsonb END;
  UPDATE webhook_deliveries
  SET status = (CASE WHEN p_event->>'kind' = 'ignored' THEN 'IGNORED' ELSE 'PROCESSED' END)::delivery_status,
      processed_at = now(), attempts = attempts + 1, last_error = NULL, outbox = v_result
  WHERE delivery_id = v_delivery;
  RETURN jsonb_build_object('duplicate', FALSE, 'outbox', v_result);
END;
$$;
