-- The one entry point: one call, one transaction per event. Input: the event
-- document the worker builds (apps/worker/src/apply/event-document.ts, parsed
-- by eventDocumentSchema); output: { duplicate, outbox } (applyResultSchema),
-- the outbox being what hookline_outbox says changed.
--
-- Claims the delivery id first: a second replica running the same delivery
-- (a stalled job retried elsewhere) waits on the lock and then finds the
-- committed row. Effects happen exactly once; a retry of a done delivery gets
-- its outbox back to re-send notifications. Every caller takes this lock
-- before any other, so lock order cannot cycle. `attempt` is the job's own
-- count of attempts, so the ledger counts also those that could not reach
-- PostgreSQL to record their failure.
CREATE FUNCTION hookline_apply_event(p_event JSONB) RETURNS JSONB
LANGUAGE plpgsql AS $$
DECLARE
  v_delivery TEXT := p_event->>'delivery_id';
  v_attempt INT := coalesce((p_event->>'attempt')::INT, 1);
  v_status TEXT;
  v_outbox JSONB;
  v_result JSONB;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('delivery:' || v_delivery, 0));
  SELECT status::TEXT, outbox INTO v_status, v_outbox FROM webhook_deliveries WHERE delivery_id = v_delivery;
  IF v_status IN ('PROCESSED', 'IGNORED') THEN
    RETURN jsonb_build_object('duplicate', TRUE, 'outbox', coalesce(v_outbox, '{}'::jsonb));
  END IF;
  -- Required checks the worker read from GitHub's REST API: kept first, so the
  -- pull request's checks state below counts them.
  IF p_event ? 'required_checks' THEN
    PERFORM hookline_store_required_checks((p_event->'repository'->>'id')::BIGINT, p_event->'required_checks');
  END IF;
  v_result := hookline_outbox(CASE p_event->>'kind'
    WHEN 'pull_request' THEN hookline_apply_pull_request(p_event)
    WHEN 'signal' THEN hookline_apply_signal(p_event)
    WHEN 'required_checks' THEN hookline_apply_required_checks(p_event)
    ELSE '{}'::jsonb END);
  INSERT INTO webhook_deliveries AS stored
    (delivery_id, event, action, status, received_at, processed_at, attempts, outbox)
  VALUES (v_delivery, p_event->>'event', p_event->>'action',
    (CASE WHEN p_event->>'kind' = 'ignored' THEN 'IGNORED' ELSE 'PROCESSED' END)::delivery_status,
    (p_event->>'received_at')::TIMESTAMPTZ, now(), v_attempt, v_result)
  ON CONFLICT (delivery_id) DO UPDATE SET
    status = EXCLUDED.status, processed_at = EXCLUDED.processed_at,
    attempts = greatest(stored.attempts + 1, EXCLUDED.attempts), last_error = NULL, outbox = EXCLUDED.outbox;
  RETURN jsonb_build_object('duplicate', FALSE, 'outbox', v_result);
END;
$$;
