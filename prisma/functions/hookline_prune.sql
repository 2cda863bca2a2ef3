-- Retention: deletes at most p_limit rows of one kind older than p_keep_ms
-- milliseconds (by the database's clock), oldest first, and returns how many
-- it deleted. Each call is one short transaction. Rows another transaction
-- has locked are skipped (FOR UPDATE SKIP LOCKED), so a worker applying an
-- event never waits on retention, and retention never waits on the worker:
-- a skipped row goes in a later batch. Kinds: deliveries (webhook_deliveries),
-- attempts (delivery_attempts), redelivery_requests (github_redelivery_requests
-- and github_refused_deliveries), history (pull_request_events), audit
-- (audit_log). Each table has an index on its age column for the range scan.
CREATE FUNCTION hookline_prune(p_kind TEXT, p_keep_ms BIGINT, p_limit INTEGER) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_before TIMESTAMPTZ := now() - make_interval(secs => p_keep_ms / 1000.0);
  v_deleted INTEGER := 0;
  v_more INTEGER := 0;
BEGIN
  IF p_kind = 'deliveries' THEN
    DELETE FROM webhook_deliveries WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM webhook_deliveries WHERE received_at < v_before
      ORDER BY received_at LIMIT p_limit FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
  ELSIF p_kind = 'attempts' THEN
    DELETE FROM delivery_attempts WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM delivery_attempts WHERE created_at < v_before
      ORDER BY created_at LIMIT p_limit FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
  ELSIF p_kind = 'redelivery_requests' THEN
    DELETE FROM github_redelivery_requests WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM github_redelivery_requests WHERE requested_at < v_before
      ORDER BY requested_at LIMIT p_limit FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    DELETE FROM github_refused_deliveries WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM github_refused_deliveries WHERE recorded_at < v_before
      ORDER BY recorded_at LIMIT greatest(p_limit - v_deleted, 0) FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_more = ROW_COUNT;
    v_deleted := v_deleted + v_more;
  ELSIF p_kind = 'history' THEN
    DELETE FROM pull_request_events WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM pull_request_events WHERE created_at < v_before
      ORDER BY created_at LIMIT p_limit FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
  ELSIF p_kind = 'audit' THEN
    DELETE FROM audit_log WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM audit_log WHERE at < v_before
      ORDER BY at LIMIT p_limit FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
  ELSE
    RAISE EXCEPTION 'hookline_prune: unknown kind %', p_kind USING ERRCODE = '22023';
  END IF;
  RETURN v_deleted;
END;
$$;
