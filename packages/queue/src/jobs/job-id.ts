// BullMQ refuses a custom job id that reads as an integer ("Custom Id cannot
// be integers"), yet GitHub-style delivery ids, custom sources' ids and
// notification ids may be all digits. Caller ids start with a letter or a
// digit (DELIVERY_ID_PATTERN, the notification id pattern), so a leading
// "_" can never collide with one.
const DIGITS_ONLY = /^\d+$/;
const MARK = "_";

/**
 * The BullMQ job id for a caller's id (delivery id, notification id): the id
 * itself, or `_<id>` when it is all digits. The one mapping used by the
 * ingest's enqueue and dedupe, POST /events, the worker's and notifier's
 * notifications, and replay, so a lookup by caller id always finds its job.
 */
export function toJobId(callerId: string): string {
  return DIGITS_ONLY.test(callerId) ? `${MARK}${callerId}` : callerId;
}

/** The caller's id back from a job id made by `toJobId`. */
export function fromJobId(jobId: string): string {
  return jobId.startsWith(MARK) && DIGITS_ONLY.test(jobId.slice(1)) ? jobId.slice(1) : jobId;
}
