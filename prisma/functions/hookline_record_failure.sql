-- A failed attempt, written outside the rolled-back apply: what went wrong,
-- for on-call. `p_attempt` is the job's own 1-based count, so attempts that
-- could not reach PostgreSQL are counted once one can. A delivery already
-- applied (or ignored) keeps its outcome.
CREATE FUNCTION hookline_record_failure(
  p_delivery TEXT, p_event TEXT, p_action TEXT, p_received_at TIMESTAMPTZ, p_attempt INT, p_error TEXT)
RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries AS stored (delivery_id, event, action, status, received_at, attempts, last_error)
  VALUES (p_delivery, p_event, p_action, 'FAILED', p_received_at, p_attempt, p_error)
  ON CONFLICT (delivery_id) DO UPDATE
  SET status = 'FAILED', attempts = greatest(stored.attempts + 1, EXCLUDED.attempts),
      last_error = EXCLUDED.last_error
  WHERE stored.status NOT IN ('PROCESSED', 'IGNORED');
END;
$$;
