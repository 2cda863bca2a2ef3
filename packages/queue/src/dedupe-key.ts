import { QUEUE_NAMES } from "./queue-names";

/**
 * The Redis key that says the ingest accepted a `github-events` job id in the
 * last `incoming.dedupe_ttl` (the `duplicate` answer), read by the sweeper to
 * tell what hookline accepted. It is BullMQ's own deduplication key for that
 * job (`<prefix>:<queue>:de:<deduplication id>`, the ingest adds each job with
 * `deduplication: { id: jobId, ttl }`), so it is written in the same script
 * call that stores the job and kept for the whole ttl, through completion,
 * failure and retention trimming (BullMQ drops a deduplication key with a ttl
 * only on an explicit remove or clean of its job).
 */
export function dedupeKey(prefix: string, jobId: string): string {
  return `${prefix}:${QUEUE_NAMES.githubEvents}:de:${jobId}`;
}
