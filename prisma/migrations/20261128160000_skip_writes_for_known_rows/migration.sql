-- Most events touch rows that are already there as they should be: a
-- repository whose name has not changed, a pull request whose head commit is
-- already linked. Look before writing: an index lookup costs a fraction of an
-- INSERT ... ON CONFLICT that ends up doing nothing.

CREATE OR REPLACE FUNCTION hookline_upsert_repository(p_repository JSONB) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM repositories
  WHERE id = (p_repository->>'id')::BIGINT AND full_name = p_repository->>'full_name';
  IF FOUND THEN
    RETURN;
  END IF;
  INSERT INTO repositories (id, full_name, html_url, updated_at)
  VALUES ((p_repository->>'id')::BIGINT, p_repository->>'full_name', p_repository->>'html_url', now())
  ON CONFLICT (id) DO NOTHING;
  UPDATE repositories SET full_name = p_repository->>'full_name', updated_at = now()
  WHERE id = (p_repository->>'id')::BIGINT AND full_name <> p_repository->>'full_name';
END;
$$;

-- The invariant the skip below relies on: every pull request's stored head
-- commit is linked. Rows stored before pull_request_commits existed get theirs now.
INSERT INTO pull_request_commits (pull_request_id, repository_id, sha)
SELECT id, repository_id, head_sha FROM pull_requests
ON CONFLICT DO NOTHING;

-- Unchanged but for linking the head commit only when it differs from the stored head.
CREATE OR REPLACE FUNCTION hookline_apply_pull_request(p_event JSONB) RETURNS JSONB
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
  -- The stored head was linked by the event that stored it.
  IF v_head_before IS DISTINCT FROM v_sha THEN
    PERFORM hookline_link_commit(v_id, v_repository, v_sha);
  END IF;
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

