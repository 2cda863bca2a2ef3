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
