import type { PrismaClient } from "@hookline/db";
import type { ChannelAction } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";

export type AuditAction = "retry" | "replay" | "clean" | `channel.${ChannelAction}`;
export type AuditOrigin = "ui" | "api" | "command";

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  origin: AuditOrigin;
  queue: string;
  /** The selector as given (job, repository, pr, channel, event, since, until, status). */
  selector: Record<string, unknown>;
  jobIds: readonly string[];
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: Date;
  count: number;
}

export interface AuditLog {
  /** Writes the row and the log line; throws if PostgreSQL refuses, so nothing goes unrecorded silently. */
  record(entry: AuditRecord): Promise<void>;
  /** Newest first, at most `limit`. */
  recent(limit: number): Promise<AuditEntry[]>;
}

/** Who retried, replayed or cleaned what: a row in audit_log and an info log line for each. */
export function createAuditLog(prisma: PrismaClient, logger: Logger): AuditLog {
  return {
    async record(entry) {
      await prisma.auditEntry.create({
        data: {
          actor: entry.actor,
          action: entry.action,
          origin: entry.origin,
          queue: entry.queue,
          selector: JSON.parse(JSON.stringify(entry.selector)),
          count: entry.jobIds.length,
          jobIds: [...entry.jobIds],
        },
      });
      logger.info("audit", {
        actor: entry.actor,
        action: entry.action,
        origin: entry.origin,
        queue: entry.queue,
        selector: entry.selector,
        count: entry.jobIds.length,
        job_ids: entry.jobIds.slice(0, 100),
      });
    },
    async recent(limit) {
      const rows = await prisma.auditEntry.findMany({ orderBy: { id: "desc" }, take: limit });
      return rows.map((row) => ({
        id: String(row.id),
        at: row.at,
        actor: row.actor,
        action: row.action as AuditAction,
        origin: row.origin as AuditOrigin,
        queue: row.queue,
        selector: row.selector as Record<string, unknown>,
        count: row.count,
        jobIds: row.jobIds as string[],
      }));
    },
  };
}
