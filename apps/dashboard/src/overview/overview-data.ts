import type { Job, Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import { QUEUE_NAMES, type QueueName } from "@hookline/queue";
import { describeDeadLetter } from "../dead-letters/dead-letter";
import { readCircuits, type CircuitState } from "./circuit-reader";

export interface QueueSummary {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface ChannelSummary {
  channel: string;
  /** Failed deliveries (dead letters) to this channel. */
  deadLetters: number;
  /** Deliveries waiting for a later time: retries and circuit cool-downs. */
  delayed: number;
  circuit: CircuitState;
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
  channels: ChannelSummary[];
  /** True when more dead letters or delayed deliveries exist than were grouped by channel. */
  channelsPartial: boolean;
  sweeps: HookSweep[];
}

// Grouping reads each job's data: bounded, so a flood cannot stall the page.
const MAX_GROUPED = 10_000;

async function channelCounts(
  jobs: Promise<Job[]>,
  channelOf: (job: Job) => string | undefined,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const job of await jobs) {
    const channel = channelOf(job);
    if (channel) counts.set(channel, (counts.get(channel) ?? 0) + 1);
  }
  return counts;
}

const closed = (channel: string): CircuitState => ({ channel, state: "closed", failures: 0 });

/**
 * What the Overview shows: per queue its waiting, active, delayed and failed
 * counts; per channel its dead letters, delayed deliveries and circuit; per
 * GitHub hook its last completed sweep. Reads only.
 */
export async function readOverview(deps: {
  queues: ReadonlyMap<string, Queue>;
  redis: Redis | Cluster;
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
  const deliveries = deps.queues.get(QUEUE_NAMES.deliveries)!;
  const deadLetters = await channelCounts(
    deliveries.getFailed(0, MAX_GROUPED - 1),
    (job) => describeDeadLetter(QUEUE_NAMES.deliveries, job).channel,
  );
  const delayed = await channelCounts(
    deliveries.getDelayed(0, MAX_GROUPED - 1),
    (job) => describeDeadLetter(QUEUE_NAMES.deliveries, job).channel,
  );
  const circuits = new Map(
    (await readCircuits(deps.redis, deps.prefix)).map((circuit) => [circuit.channel, circuit]),
  );
  const names = [...new Set([...circuits.keys(), ...deadLetters.keys(), ...delayed.keys()])].sort();
  const deliveryCounts = queues.find((summary) => summary.queue === QUEUE_NAMES.deliveries);
  const sweeps = await readSweeps(deps.prisma);
  return {
    at: new Date(),
    queues,
    channels: names.map((channel) => ({
      channel,
      deadLetters: deadLetters.get(channel) ?? 0,
      delayed: delayed.get(channel) ?? 0,
      circuit: circuits.get(channel) ?? closed(channel),
    })),
    channelsPartial:
      (deliveryCounts?.failed ?? 0) > MAX_GROUPED || (deliveryCounts?.delayed ?? 0) > MAX_GROUPED,
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
