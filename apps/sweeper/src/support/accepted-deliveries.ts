import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import { dedupeKey, deliveryKey, GITHUB_SOURCE, incomingEventJobId } from "@hookline/queue";

/** The GUIDs, of those given, that hookline has accepted. */
export type AcceptedLookup = (guids: readonly string[]) => Promise<Set<string>>;

export interface AcceptedLookupDeps {
  prisma: PrismaClient;
  redis: Redis;
  /** The queue key prefix the ingest uses. */
  prefix: string;
}

const CHUNK = 500;

/**
 * A GUID counts as accepted when the worker's ledger (`webhook_deliveries`,
 * any status: a failed job is hookline's to replay, not GitHub's to resend)
 * has its delivery key, or the ingest's dedupe key for its job id is still
 * set (queued, not yet applied). Delivery key, job id and dedupe key come
 * from the queue contract, the same functions the ingest and worker call.
 */
export function createAcceptedLookup(deps: AcceptedLookupDeps): AcceptedLookup {
  return async (guids) => {
    const accepted = new Set<string>();
    for (let start = 0; start < guids.length; start += CHUNK) {
      const chunk = guids.slice(start, start + CHUNK);
      const ledgerKeys = chunk.map((guid) => deliveryKey(GITHUB_SOURCE, guid));
      const jobIds = chunk.map((guid) => incomingEventJobId(GITHUB_SOURCE, guid));
      const [stored, remembered] = await Promise.all([
        deps.prisma.webhookDelivery.findMany({
          where: { deliveryId: { in: ledgerKeys } },
          select: { deliveryId: true },
        }),
        deps.redis.mget(jobIds.map((jobId) => dedupeKey(deps.prefix, jobId))),
      ]);
      const storedIds = new Set(stored.map((row) => row.deliveryId));
      chunk.forEach((guid, index) => {
        if (storedIds.has(ledgerKeys[index]!) || remembered[index] !== null) accepted.add(guid);
      });
    }
    return accepted;
  };
}
