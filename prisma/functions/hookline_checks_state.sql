-- The aggregate checks state of one stored commit: its stored runs, suites
-- and statuses through hookline_checks_verdict (the rule and its sources).
CREATE FUNCTION hookline_checks_state(p_repository BIGINT, p_sha TEXT, p_required JSONB)
RETURNS checks_state
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN hookline_checks_verdict(
    (SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name, 'app', app_slug, 'status', status,
       'conclusion', conclusion)) FROM check_runs WHERE repository_id = p_repository AND head_sha = p_sha),
    (SELECT jsonb_agg(jsonb_build_object('id', id, 'app', app_slug, 'status', status, 'conclusion', conclusion))
     FROM check_suites WHERE repository_id = p_repository AND head_sha = p_sha),
    (SELECT jsonb_agg(jsonb_build_object('id', id, 'context', context, 'state', state, 'at', github_updated_at))
     FROM commit_statuses WHERE repository_id = p_repository AND sha = p_sha),
    p_required);
END;
$$;
