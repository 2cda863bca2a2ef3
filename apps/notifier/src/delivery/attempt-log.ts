import type { PrismaClient } from "@hookline/db";
import type { TryRecord } from "@hookline/delivery";
import type { DeliveryJob } from "@hookline/queue";

const FLUSH_ROWS = 200;
const FLUSH_INTERVAL_MS = 200;

interface Row {
  messageId: string;
  channel: string;
  notificationIds: string;
  attempt: number;
  try: number;
  statusCode: number | null;
  error: string | null;
  answerExcerpt: string | null;
  replay: number;
  durationMs: number;
}

// One statement per batch, columns as arrays: Prisma's createMany would run
// its query compiler for every flush, which costs more than the insert.
function insertRows(prisma: PrismaClient, rows: Row[]): Promise<number> {
  const column = <K extends keyof Row>(key: K) => rows.map((row) => row[key]);
  return prisma.$executeRaw`
    INSERT INTO delivery_attempts (message_id, channel, notification_ids, attempt, try, status_code, error,
      answer_excerpt, replay, duration_ms)
    SELECT * FROM unnest(${column("messageId")}::text[], ${column("channel")}::text[], ${column("notificationIds")}::jsonb[],
      ${column("attempt")}::int[], ${column("try")}::int[], ${column("statusCode")}::int[], ${column("error")}::text[],
      ${column("answerExcerpt")}::text[], ${column("replay")}::int[], ${column("durationMs")}::int[])`;
}

export interface AttemptLog {
  /**
   * Queues the HTTP requests of one delivery attempt for delivery_attempts.
   * `answerExcerpt` is the start of the body of the answer that was read (the
   * attempt's last request: earlier ones were retried unread); the replay
   * number comes from the job's replay marker (0 when never replayed).
   */
  record(
    job: DeliveryJob,
    attempt: number,
    tries: readonly TryRecord[],
    answerExcerpt?: string | null,
  ): void;
  /** Writes what is queued; called on a timer, when enough piled up, and at shutdown. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The attempt log is written in batches: one insert per delivery would cost
 * more than the delivery itself. Rows wait at most FLUSH_INTERVAL_MS; a
 * crash can lose that much of the log, never a delivery.
 */
export function createAttemptLog(
  prisma: PrismaClient,
  onError: (error: unknown) => void,
): AttemptLog {
  let pending: Row[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (pending.length === 0) return writing;
    const rows = pending;
    pending = [];
    writing = writing.then(() => insertRows(prisma, rows)).then(() => undefined, onError);
    return writing;
  };
  const timer = setInterval(() => void flush(), FLUSH_INTERVAL_MS);
  timer.unref();
  return {
    record(job, attempt, tries, answerExcerpt = null) {
      for (const [index, record] of tries.entries()) {
        pending.push({
          messageId: job.messageId,
          channel: job.channel,
          notificationIds: JSON.stringify(job.notifications.map((notification) => notification.id)),
          attempt,
          try: record.try,
          statusCode: record.statusCode,
          error: record.error,
          answerExcerpt: index === tries.length - 1 ? answerExcerpt : null,
          replay: job.replay?.count ?? 0,
          durationMs: Math.round(record.durationMs),
        });
      }
      if (pending.length >= FLUSH_ROWS) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
