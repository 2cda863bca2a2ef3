import type { PrismaClient } from "@hookline/db";
import type { TryRecord } from "@hookline/delivery";
import type { DeliveryJob } from "@hookline/queue";

/** Writes every HTTP request of one delivery attempt to delivery_attempts. */
export async function recordAttempt(
  prisma: PrismaClient,
  job: DeliveryJob,
  attempt: number,
  tries: readonly TryRecord[],
): Promise<void> {
  if (tries.length === 0) return;
  await prisma.deliveryAttempt.createMany({
    data: tries.map((record) => ({
      messageId: job.messageId,
      channel: job.channel,
      notificationIds: job.notifications.map((notification) => notification.id),
      attempt,
      try: record.try,
      statusCode: record.statusCode,
      error: record.error,
      durationMs: Math.round(record.durationMs),
    })),
  });
}
