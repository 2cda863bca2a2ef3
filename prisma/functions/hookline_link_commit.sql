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
    -- Runs and suites keep their newest version: its trigger follows its status.
    SELECT delivery_id,
      CASE WHEN status = 'completed' THEN 'CHECK_RUN_COMPLETED' ELSE 'CHECK_RUN_CREATED' END AS trigger,
      'check_run' AS event, CASE WHEN status = 'completed' THEN 'completed' ELSE 'created' END AS action, sender,
      coalesce(completed_at, started_at, order_at, created_at) AS at
    FROM check_runs WHERE repository_id = p_repository AND head_sha = p_sha
    UNION ALL
    SELECT delivery_id,
      CASE WHEN status = 'completed' THEN 'CHECK_SUITE_COMPLETED' ELSE 'CHECK_SUITE_REQUESTED' END,
      'check_suite', CASE WHEN status = 'completed' THEN 'completed' ELSE 'requested' END, sender,
      coalesce(github_updated_at, created_at)
    FROM check_suites WHERE repository_id = p_repository AND head_sha = p_sha
    UNION ALL
    SELECT delivery_id, 'STATUS', 'status', NULL, sender, github_updated_at
    FROM commit_statuses WHERE repository_id = p_repository AND sha = p_sha
  ) AS signal
  WHERE signal.delivery_id IS NOT NULL
  ON CONFLICT (delivery_id, pull_request_id) DO NOTHING;
END;
$$;
