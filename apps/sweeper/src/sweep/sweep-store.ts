import type { PrismaClient } from "@hookline/db";

/** The sweeper's memory in PostgreSQL: cursors and the redeliveries it asked for. */
export interface SweepStore {
  cursor(hook: string): Promise<Date | undefined>;
  saveCursor(hook: string, cursorAt: Date, succeededAt: Date): Promise<void>;
  /** The last request for each of these GUIDs, if any. */
  requests(hook: string, guids: readonly string[]): Promise<Map<string, RedeliveryRequest>>;
  recordRequest(hook: string, guid: string, githubDeliveryId: number, at: Date): Promise<void>;
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
  };
}
