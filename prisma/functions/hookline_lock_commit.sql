-- Serialises everything said about one commit (a pull request moving its head
-- there, a check arriving for it), so neither misses the other's rows. Taken
-- before any pull request row lock, everywhere, so lock order cannot cycle.
CREATE FUNCTION hookline_lock_commit(p_repository BIGINT, p_sha TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_repository || ':' || p_sha, 0));
END;
$$;
