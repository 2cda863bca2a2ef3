-- A pull_request event: the newest snapshot wins, whatever the arrival order;
-- history keeps all. Newest is GitHub's updated_at; within one second (its
-- resolution) the order GitHub's actions imply (state_rank: 0 opened, which
-- comes first; 1 any other action; 2 a merged snapshot, after which nothing
-- changes the state; 3 a REST read of the drift detector, made after every
-- webhook of that second it could have seen), then the SHA-256 of the signed
-- body: never the delivery id, which GitHub's signature does not cover, so a
-- body re-sent under another id ties with itself and changes nothing.
-- Returns { changes: [{ id, change }], checks: [ids] }: change is "created"
-- for a pull request stored for the first time, "state" when its state
-- changed, "updated" when its head, title, base or draft flag did; every
-- change raises its version. A late, older snapshot changes nothing.
CREATE FUNCTION hookline_apply_pull_request(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_pr JSONB := p_event->'pull_request';
  v_repository BIGINT := (p_event->'repository'->>'id')::BIGINT;
  v_id BIGINT := (v_pr->>'id')::BIGINT;
  v_sha TEXT := v_pr->>'head_sha';
  v_state pull_request_state := (v_pr->>'state')::pull_request_state;
  v_draft BOOLEAN := (v_pr->>'draft')::BOOLEAN;
  v_at TIMESTAMPTZ := (v_pr->>'updated_at')::TIMESTAMPTZ;
  v_rank INT := coalesce((v_pr->>'rank')::INT, 1);
  v_digest TEXT := coalesce(p_event->>'body_sha256', '');
  v_delivery TEXT := p_event->>'delivery_id';
  v_before pull_requests%ROWTYPE;
  v_written INT;
  v_change TEXT := NULL;
  v_checks BIGINT[] := '{}';
BEGIN
  PERFORM hookline_upsert_repository(p_event->'repository', v_at, v_delivery);
  PERFORM hookline_lock_commit(v_repository, v_sha);
  -- Two first events of one pull request would race to insert it, and the
  -- loser would trip the (repository_id, number) key that ON CONFLICT (id)
  -- does not arbitrate. The row lock then keeps the row as read until commit.
  PERFORM pg_advisory_xact_lock(hashtextextended('pull_request:' || v_id, 0));
  SELECT * INTO v_before FROM pull_requests WHERE id = v_id FOR UPDATE;
  INSERT INTO pull_requests AS stored (
    id, repository_id, number, title, author, head_ref, head_sha, base_ref, draft, state,
    html_url, github_updated_at, state_delivery_id, state_rank, state_digest, version,
    merged_at, closed_at, updated_at)
  VALUES (
    v_id, v_repository, (v_pr->>'number')::INT, v_pr->>'title', v_pr->>'author',
    v_pr->>'head_ref', v_sha, v_pr->>'base_ref', v_draft, v_state,
    v_pr->>'html_url', v_at, v_delivery, v_rank, v_digest, 1,
    (v_pr->>'merged_at')::TIMESTAMPTZ, (v_pr->>'closed_at')::TIMESTAMPTZ, now())
  ON CONFLICT (id) DO UPDATE SET
    number = EXCLUDED.number, title = EXCLUDED.title, author = EXCLUDED.author,
    head_ref = EXCLUDED.head_ref, head_sha = EXCLUDED.head_sha, base_ref = EXCLUDED.base_ref,
    draft = EXCLUDED.draft, state = EXCLUDED.state, html_url = EXCLUDED.html_url,
    github_updated_at = EXCLUDED.github_updated_at, state_delivery_id = EXCLUDED.state_delivery_id,
    state_rank = EXCLUDED.state_rank, state_digest = EXCLUDED.state_digest,
    version = stored.version + CASE WHEN
      (stored.state, stored.draft, stored.head_sha, stored.title, stored.base_ref)
      IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.draft, EXCLUDED.head_sha, EXCLUDED.title, EXCLUDED.base_ref)
      THEN 1 ELSE 0 END,
    merged_at = EXCLUDED.merged_at, closed_at = EXCLUDED.closed_at, updated_at = now()
  WHERE (stored.github_updated_at, stored.state_rank, coalesce(stored.state_digest, ''))
      < (EXCLUDED.github_updated_at, EXCLUDED.state_rank, EXCLUDED.state_digest);
  GET DIAGNOSTICS v_written = ROW_COUNT;
  PERFORM hookline_link_commit(v_id, v_repository, v_sha);
  PERFORM hookline_record_history(v_id, v_delivery, (v_pr->>'trigger')::trigger_event, v_state, v_at,
    jsonb_build_object('github_event', p_event->>'event', 'action', p_event->>'action',
      'delivery_id', v_delivery, 'sender', p_event->>'sender'));
  IF v_written > 0 THEN
    v_change := CASE
      WHEN v_before.id IS NULL THEN 'created'
      WHEN v_before.state <> v_state THEN 'state'
      WHEN (v_before.draft, v_before.head_sha, v_before.title, v_before.base_ref)
           IS DISTINCT FROM (v_draft, v_sha, v_pr->>'title', v_pr->>'base_ref') THEN 'updated'
      ELSE NULL END;
  END IF;
  -- A new pull request, or one whose head or base moved, may land on a commit
  -- whose checks arrived first or on other required checks.
  -- A REST read (rank 3) re-derives them whatever moved: it heals a drifted
  -- aggregate; so do required checks read anew with this event.
  IF v_written > 0 AND (v_before.head_sha IS DISTINCT FROM v_sha OR v_before.base_ref IS DISTINCT FROM v_pr->>'base_ref'
      OR v_rank = 3) OR p_event ? 'required_checks' THEN
    v_checks := hookline_recompute_checks(ARRAY[v_id]);
  END IF;
  RETURN jsonb_build_object(
    'changes', CASE WHEN v_change IS NULL THEN '[]'::jsonb
                    ELSE jsonb_build_array(jsonb_build_object('id', v_id::TEXT, 'change', v_change)) END,
    'checks', to_jsonb(v_checks::TEXT[]));
END;
$$;
