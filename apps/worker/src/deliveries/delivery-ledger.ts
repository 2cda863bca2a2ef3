import type { PrismaClient } from "@hookline/db";
import type { IncomingEventJob } from "@hookline/queue";
import type { EventEffects, Transaction } from "../event-context";
import type { NotificationDraft } from "../notifications/notification-draft";

export interface Claim {
  /** Already applied by an earlier attempt: apply nothing, re-send its outbox. */
  done: boolean;
  notifications: NotificationDraft[];
}

/**
 * Claims the delivery inside the event's transaction. The upsert locks the
 * row, so a second replica running the same delivery (a stalled job retried
 * elsewhere) waits here and then sees it done: effects happen exactly once.
 */
export async function claimDelivery(
  tx: Transaction,
  job: IncomingEventJob,
  deliveryKey: string,
): Promise<Claim> {
  const rows = await tx.$queryRaw<{ status: string; notifications: NotificationDraft[] | null }[]>`
    INSERT INTO webhook_deliveries (delivery_id, event, action, status, received_at, attempts)
    VALUES (${deliveryKey}, ${job.event}, ${job.action}, 'PROCESSING', ${new Date(job.receivedAt)}, 0)
    ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id
    RETURNING status::text AS status, notifications`;
  const row = rows[0]!;
  return {
    done: row.status === "PROCESSED" || row.status === "IGNORED",
    notifications: row.notifications ?? [],
  };
}

export async function completeDelivery(
  tx: Transaction,
  deliveryKey: string,
  effects: EventEffects,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE webhook_deliveries
    SET status = ${effects.status}::delivery_status, processed_at = now(), attempts = attempts + 1,
        last_error = NULL, notifications = ${JSON.stringify(effects.notifications)}::jsonb
    WHERE delivery_id = ${deliveryKey}`;
}

/** Outside the (rolled back) transaction: what went wrong, for on-call. Best effort. */
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
