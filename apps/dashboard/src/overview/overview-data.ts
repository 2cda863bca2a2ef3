import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import { QUEUE_NAMES, type QueueName } from "@hookline/queue";
import { channelOverview, type ChannelOverview } from "../channels/channel-overview";

export interface QueueSummary {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface HookSweep {
  hook: string;
  /** The last sweep of this hook that completed without error. */
  lastSuccessAt: Date | null;
  /** How far back it has settled the hook. */
  cursorAt: Date;
  /** Redeliveries asked of GitHub that it has yet to make (rows of github_redelivery_requests). */
  redeliveriesPending: number;
}

export interface Overview {
  at: Date;
  queues: QueueSummary[];
  /** Every channel the notifier runs, as the Channels page reads it (enabled, circuit, rate, dead letters). */
  channels: ChannelOverview[];
  /** True when more dead letters exist than were counted by channel. */
  channelsPartial: boolean;
  sweeps: HookSweep[];
}

/**
 * What the Overview shows: per queue its waiting, active, delayed and failed
 * counts; per channel what the Channels page shows (disabled, circuit, rate
 * limit, delayed, dead letters); per GitHub hook its last completed sweep.
 * Reads only.
 */
export async function readOverview(deps: {
  queues: ReadonlyMap<string, Queue>;
  redis: Redis;
  prefix: string;
  prisma: PrismaClient;
}): Promise<Overview> {
  const queues: QueueSummary[] = [];
  for (const [name, queue] of deps.queues) {
    const counts = await queue.getJobCounts(
      "waiting",
      "prioritized",
      "active",
      "delayed",
      "failed",
    );
    queues.push({
      queue: name as QueueName,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    });
  }
  const channels = await channelOverview(
    deps.redis,
    deps.prefix,
    deps.queues.get(QUEUE_NAMES.deliveries)!,
  );
  const sweeps = await readSweeps(deps.prisma);
  return {
    at: new Date(),
    queues,
    channels,
    channelsPartial: channels.some((channel) => channel.failedCapped),
    sweeps,
  };
}

async function readSweeps(prisma: PrismaClient): Promise<HookSweep[]> {
  const cursors = await prisma.githubSweepCursor.findMany({
    orderBy: { hookKey: "asc" },
    take: 100,
  });
  const sweeps: HookSweep[] = [];
  for (const cursor of cursors) {
    const redeliveriesPending = await prisma.githubRedeliveryRequest.count({
      where: { hookKey: cursor.hookKey },
    });
    sweeps.push({
      hook: cursor.hookKey,
      lastSuccessAt: cursor.lastSuccessAt,
      cursorAt: cursor.cursorAt,
      redeliveriesPending,
    });
  }
  return sweeps;
}
