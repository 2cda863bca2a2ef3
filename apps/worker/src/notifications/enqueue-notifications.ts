import type { Queue } from "bullmq";
import { bullPriority, NOTIFICATION_JOB, type NotificationJob } from "@hookline/queue";
import type { NotificationDraft } from "./notification-draft";

export async function enqueueNotifications(
  queue: Queue<NotificationJob>,
  drafts: readonly NotificationDraft[],
  source: string,
): Promise<void> {
  if (drafts.length === 0) return;
  const timestamp = new Date().toISOString();
  await queue.addBulk(
    drafts.map((draft) => ({
      name: NOTIFICATION_JOB,
      data: { ...draft, timestamp, source },
      opts: { jobId: draft.id, priority: bullPriority(draft.priority) },
    })),
  );
}
