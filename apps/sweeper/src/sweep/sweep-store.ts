import type { PrismaClient } from "@hookline/db";
import type { HookDelivery } from "@hookline/github-rest";

/** The sweeper's memory in PostgreSQL: cursors, the redeliveries it asked for, the refusals it saw. */
export interface SweepStore {
  cursor(hook: string): Promise<Date | undefined>;
  saveCursor(hook: string, cursorAt: Date, succeededAt: Date): Promise<void>;
  /** The last request for each of these GUIDs, if any. */
  requests(hook: string, guids: readonly string[]): Promise<Map<string, RedeliveryRequest>>;
  recordRequest(hook: string, guid: string, githubDeliveryId: number, at: Date): Promise<void>;
  /**
   * Records deliveries hookline refused permanently (their newest attempt);
   * resolves the GUIDs not recorded before, so each is reported once.
   */
  recordRefused(hook: string, refused: readonly HookDelivery[]): Promise<string[]>;
}

export interface RedeliveryRequest {
  requestedAt: Date;
  /** The attempt named in the request; GitHub records the redelivery under a higher id. */
  githubDeliveryId: number;
}

export function createSweepStore(prisma: PrismaClient): SweepStore {
  return {
    async cursor(hook) {
      const row = await prisma.githubSweepCursor.findUnique({ where: { hookKey: hook } });
      return row?.cursorAt;
    },
    async saveCursor(hook, cursorAt, succeededAt) {
      await prisma.githubSweepCursor.upsert({
        where: { hookKey: hook },
        create: { hookKey: hook, cursorAt, lastSuccessAt: succeededAt },
        update: { cursorAt, lastSuccessAt: succeededAt },
      });
    },
    async requests(hook, guids) {
      const rows = await prisma.githubRedeliveryRequest.findMany({
        where: { hookKey: hook, guid: { in: [...guids] } },
        select: { guid: true, requestedAt: true, githubDeliveryId: true },
      });
      return new Map(
        rows.map((row) => [
          row.guid,
          { requestedAt: row.requestedAt, githubDeliveryId: Number(row.githubDeliveryId) },
        ]),
      );
    },
    async recordRequest(hook, guid, githubDeliveryId, at) {
      await prisma.githubRedeliveryRequest.upsert({
        where: { hookKey_guid: { hookKey: hook, guid } },
        create: {
          hookKey: hook,
          guid,
          githubDeliveryId: BigInt(githubDeliveryId),
          requestedAt: at,
        },
        update: {
          githubDeliveryId: BigInt(githubDeliveryId),
          requestedAt: at,
          requests: { increment: 1 },
        },
      });
    },
    async recordRefused(hook, refused) {
      if (refused.length === 0) return [];
      // One sweeper holds a hook's lock at a time, so read-then-insert does
      // not race; skipDuplicates keeps it safe even if it did.
      const known = await prisma.githubRefusedDelivery.findMany({
        where: { hookKey: hook, guid: { in: refused.map((row) => row.guid) } },
        select: { guid: true },
      });
      const knownGuids = new Set(known.map((row) => row.guid));
      const fresh = refused.filter((row) => !knownGuids.has(row.guid));
      await prisma.githubRefusedDelivery.createMany({
        data: fresh.map((row) => ({
          hookKey: hook,
          guid: row.guid,
          githubDeliveryId: BigInt(row.id),
          statusCode: row.status_code,
          event: row.event,
          action: row.action,
          deliveredAt: new Date(row.delivered_at),
        })),
        skipDuplicates: true,
      });
      return fresh.map((row) => row.guid);
    },
  };
}
