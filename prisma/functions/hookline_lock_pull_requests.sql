-- Row locks on pull requests, in id order, before anything writes a row that
-- refers to them. Every writer takes them first (after the delivery, the
-- repository and the commit): an insert into pull_request_commits or
-- pull_request_events takes FOR KEY SHARE on its pull request, and two
-- transactions each holding that share and then asking FOR UPDATE (a check
-- on the old head and one on the new head of one pull request) deadlock
-- (SQLSTATE 40P01).
CREATE FUNCTION hookline_lock_pull_requests(p_pull_requests BIGINT[]) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM pull_requests WHERE id = ANY(p_pull_requests) ORDER BY id FOR UPDATE;
END;
$$;
