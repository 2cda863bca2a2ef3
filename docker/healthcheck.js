/* global fetch, AbortSignal */
// The image's HEALTHCHECK: exit 0 when GET $HEALTHCHECK_URL answers 2xx
// within 2 s, 1 otherwise. Each service sets the URL of its own /health
// (ingest and dashboard) or metrics server's /health/ready (worker, notifier).
const url = process.env.HEALTHCHECK_URL || "http://127.0.0.1:3000/health";
fetch(url, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
