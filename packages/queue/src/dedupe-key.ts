/**
 * The Redis key under which the ingest remembers an accepted job id (the
 * `duplicate` answer), read by the sweeper to tell what hookline accepted.
 */
export function dedupeKey(prefix: string, jobId: string): string {
  return `${prefix}:dedupe:${jobId}`;
}
