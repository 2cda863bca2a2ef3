import type { Priority } from "@hookline/config";

/** A notification decided inside the transaction, enqueued after it commits. */
export interface NotificationDraft {
  /** Deterministic job id: a retried delivery produces the same ids, so nothing is sent twice. */
  id: string;
  event_type: string;
  priority: Priority;
  data: Record<string, unknown>;
}
