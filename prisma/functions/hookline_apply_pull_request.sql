-- A pull_request event: the newest snapshot wins (GitHub's updated_at, ties by
-- delivery id, so any arrival order ends in the same row); history keeps all.
-- Returns { pull_request, checks }: pull_request is { before, after } when the
-- stored state (state, draft, head, title, base) changed -- before is null
-- for a pull request stored for the first time -- and null otherwise, so a
-- late, older snapshot announces nothing.
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
  v_before pull_requests%ROWTYPE;
  v_written INT;
  v_change JSONB := NULL;
  v_checks JSONB := '[]'::jsonb;
BEGIN
  PERFORM hookline_upsert_repository(p_event->'repository', v_at, v_delivery);
  PERFORM hookline_lock_commit(v_repository, v_sha);
  -- Two first events of one pull request would race to insert it, and the
  -- loser would trip the (repository_id, number) key that ON CONFLICT (id)
  -- does not arbitrate. The lock also keeps the row as read below until commit.
  PERFORM pg_advisory_xact_lock(hashtextextended('pull_request:' || v_id, 0));
  SELECT * INTO v_before FROM pull_requests WHERE id = v_id;
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
  GET DIAGNOSTICS v_written = ROW_COUNT;
  PERFORM hookline_link_commit(v_id, v_repository, v_sha);
  PERFORM hookline_record_history(v_id, v_delivery, (v_pr->>'trigger')::trigger_event, v_state, v_at,
    jsonb_build_object('github_event', p_event->>'event', 'action', p_event->>'action',
      'delivery_id', v_delivery, 'sender', p_event->>'sender'));
  IF v_written > 0 AND (v_before.id IS NULL
      OR (v_before.state, v_before.draft, v_before.head_sha, v_before.title, v_before.base_ref)
         IS DISTINCT FROM (v_state, (v_pr->>'draft')::BOOLEAN, v_sha, v_pr->>'title', v_pr->>'base_ref')) THEN
    v_change := jsonb_build_object(
      'before', CASE WHEN v_before.id IS NULL THEN NULL ELSE jsonb_build_object(
        'state', v_before.state, 'draft', v_before.draft, 'head_sha', v_before.head_sha,
        'title', v_before.title, 'base_ref', v_before.base_ref) END,
      'after', jsonb_build_object(
        'id', v_id::TEXT, 'number', (v_pr->>'number')::INT,
        'repository', (SELECT full_name FROM repositories WHERE id = v_repository),
        'state', v_state, 'draft', (v_pr->>'draft')::BOOLEAN, 'head_sha', v_sha,
        'title', v_pr->>'title', 'base_ref', v_pr->>'base_ref', 'html_url', v_pr->>'html_url'));
  END IF;
  -- A new pull request, or one whose head moved, may land on a commit whose
  -- checks arrived first; otherwise its checks cannot have changed.
  IF v_written > 0 AND v_before.head_sha IS DISTINCT FROM v_sha THEN
    v_checks := hookline_recompute_checks(ARRAY[v_id]);
  END IF;
  RETURN jsonb_build_object('pull_request', v_change, 'checks', v_checks);
END;
$$;
