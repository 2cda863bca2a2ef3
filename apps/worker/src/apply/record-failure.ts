import type { PrismaClient } from "@hookline/db";
import type { IncomingEventJob } from "@hookline/queue";
import { storableText } from "./storable-text";

/**
 * Outside the failed (rolled back) statement: what went wrong, for on-call.
 * Best effort. `attempt` is the job's own 1-based count, so attempts that
 * could not reach PostgreSQL are counted once one can.
 */
export async function recordFailure(
  prisma: PrismaClient,
  job: IncomingEventJob,
  deliveryKey: string,
  attempt: number,
  error: string,
): Promise<void> {
  const reason = storableText(error);
  await prisma.$executeRaw`
    INSERT INTO webhook_deliveries (delivery_id, event, action, status, received_at, attempts, last_error)
    VALUES (${deliveryKey}, ${storableText(job.event)}, ${job.action === null ? null : storableText(job.action)}, 'FAILED', ${new Date(job.receivedAt)}, ${attempt}, ${reason})
    ON CONFLICT (delivery_id) DO UPDATE
    SET status = 'FAILED', attempts = greatest(webhook_deliveries.attempts + 1, EXCLUDED.attempts),
        last_error = EXCLUDED.last_error
    WHERE webhook_deliveries.status NOT IN ('PROCESSED', 'IGNORED')`;
}
