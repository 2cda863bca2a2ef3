-- The repository row is keyed by GitHub's id; its name, owner, full name and
-- URL are one snapshot and change together, only from an event newer (GitHub
-- time, ties by delivery id) than the one they came from, so a late event that
-- still carries an old name or owner never reverts a rename or a transfer.
--
-- Nearly every event carries exactly what is stored: that case is an index
-- lookup and no write, so events of one busy repository never queue on its
-- row lock. The snapshot's time is then refreshed at most once a minute (a
-- write, and a row lock held to commit); what this leaves open is a rename
-- undone within that minute whose events arrive out of order.
CREATE FUNCTION hookline_upsert_repository(p_repository JSONB, p_at TIMESTAMPTZ, p_delivery TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_id BIGINT := (p_repository->>'id')::BIGINT;
  v_stored repositories%ROWTYPE;
BEGIN
  SELECT * INTO v_stored FROM repositories WHERE id = v_id;
  IF NOT FOUND THEN
    INSERT INTO repositories (id, full_name, name, owner, html_url, snapshot_at, snapshot_delivery_id, updated_at)
    VALUES (v_id, p_repository->>'full_name', p_repository->>'name', p_repository->>'owner',
      p_repository->>'html_url', p_at, p_delivery, now())
    ON CONFLICT (id) DO NOTHING;
    IF FOUND THEN
      RETURN;
    END IF;
    SELECT * INTO v_stored FROM repositories WHERE id = v_id;
  END IF;
  IF v_stored.full_name = p_repository->>'full_name'
     AND v_stored.name IS NOT DISTINCT FROM p_repository->>'name'
     AND v_stored.owner IS NOT DISTINCT FROM p_repository->>'owner'
     AND v_stored.html_url IS NOT DISTINCT FROM p_repository->>'html_url' THEN
    IF v_stored.snapshot_at < p_at - INTERVAL '1 minute' THEN
      UPDATE repositories SET snapshot_at = p_at, snapshot_delivery_id = p_delivery
      WHERE id = v_id AND snapshot_at < p_at;
    END IF;
    RETURN;
  END IF;
  UPDATE repositories SET
    full_name = p_repository->>'full_name', name = p_repository->>'name',
    owner = p_repository->>'owner', html_url = p_repository->>'html_url',
    snapshot_at = p_at, snapshot_delivery_id = p_delivery, updated_at = now()
  WHERE id = v_id
    AND (coalesce(snapshot_at, '-infinity'), coalesce(snapshot_delivery_id, '')) < (p_at, p_delivery);
END;
$$;
