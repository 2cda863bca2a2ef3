import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import {
  dedupeKey,
  deliveryKey,
  GITHUB_SOURCE,
  incomingEventJobId,
  QUEUE_NAMES,
} from "@hookline/queue";

/** The GUIDs, of those given, that hookline holds. */
export type AcceptedLookup = (guids: readonly string[]) => Promise<Set<string>>;

export interface AcceptedLookupDeps {
  prisma: PrismaClient;
  redis: Redis;
  /** The queue key prefix the ingest uses. */
  prefix: string;
}

const CHUNK = 500;

/**
 * The one answer to "does hookline hold this GitHub delivery?", used by the
 * sweep of failed deliveries and by the reconciliation of acknowledged ones.
 *
 * Ledger first: a GUID whose delivery key is in `webhook_deliveries` (any
 * status: a failed job is hookline's to replay, not GitHub's to resend) is
 * held, durably. For the rest, Redis: the ingest's dedupe key for its job id
 * (`dedupeKey` in the queue contract, the same function the ingest calls) or
 * the `github-events` job itself (BullMQ keeps `<prefix>:<queue>:<job id>`
 * while the job waits, runs or sits in the failed set) means queued and not
 * yet applied. The job's key covers the moment between the enqueue and the
 * dedupe key's write. A GUID in neither place is not held: GitHub is asked
 * to send it again.
 */
export function createAcceptedLookup(deps: AcceptedLookupDeps): AcceptedLookup {
  return async (guids) => {
    const accepted = new Set<string>();
    for (let start = 0; start < guids.length; start += CHUNK) {
      const chunk = guids.slice(start, start + CHUNK);
      const ledgerKeys = chunk.map((guid) => deliveryKey(GITHUB_SOURCE, guid));
      const stored = await deps.prisma.webhookDelivery.findMany({
        where: { deliveryId: { in: ledgerKeys } },
        select: { deliveryId: true },
      });
      const storedIds = new Set(stored.map((row) => row.deliveryId));
      const rest = chunk.filter((guid, index) => {
        if (!storedIds.has(ledgerKeys[index]!)) return true;
        accepted.add(guid);
        return false;
      });
      if (rest.length === 0) continue;
      // One EXISTS per GUID over its two keys, in one round trip; the keys of
      // one prefix share a hash tag, so this also holds on Redis Cluster.
      const pipeline = deps.redis.pipeline();
      for (const guid of rest) {
        const jobId = incomingEventJobId(GITHUB_SOURCE, guid);
        pipeline.exists(
          dedupeKey(deps.prefix, jobId),
          `${deps.prefix}:${QUEUE_NAMES.githubEvents}:${jobId}`,
        );
      }
      const answers = (await pipeline.exec()) ?? [];
      rest.forEach((guid, index) => {
        const [error, count] = answers[index] ?? [new Error("no answer"), 0];
        if (error) throw error;
        if (Number(count) > 0) accepted.add(guid);
      });
    }
    return accepted;
  };
}
