import type { PrismaClient } from "@hookline/db";
import type { IncomingEventJob } from "@hookline/queue";

/** Outside the failed (rolled back) statement: what went wrong, for on-call. Best effort. */
export async function recordFailure(
  prisma: PrismaClient,
  job: IncomingEventJob,
  deliveryKey: string,
  error: string,
): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO webhook_deliveries (delivery_id, event, action, status, received_at, attempts, last_error)
    VALUES (${deliveryKey}, ${job.event}, ${job.action}, 'FAILED', ${new Date(job.receivedAt)}, 1, ${error})
    ON CONFLICT (delivery_id) DO UPDATE
    SET status = 'FAILED', attempts = webhook_deliveries.attempts + 1, last_error = EXCLUDED.last_error
    WHERE webhook_deliveries.status NOT IN ('PROCESSED', 'IGNORED')`;
}
