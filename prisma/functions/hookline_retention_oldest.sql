-- Retention's gauge: the age column of the oldest row kept of one kind (the
-- same kinds as hookline_prune), NULL when the table is empty. Each is the
-- first entry of an index on that column.
CREATE FUNCTION hookline_retention_oldest(p_kind TEXT) RETURNS TIMESTAMPTZ
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN CASE p_kind
    WHEN 'deliveries' THEN (SELECT min(received_at) FROM webhook_deliveries)
    WHEN 'attempts' THEN (SELECT min(created_at) FROM delivery_attempts)
    WHEN 'redelivery_requests' THEN least(
      (SELECT min(requested_at) FROM github_redelivery_requests),
      (SELECT min(recorded_at) FROM github_refused_deliveries))
    WHEN 'history' THEN (SELECT min(created_at) FROM pull_request_events)
    WHEN 'audit' THEN (SELECT min(at) FROM audit_log)
  END;
END;
$$;
