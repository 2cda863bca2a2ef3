import type { PrismaClient } from "@hookline/db";
import type { ChannelAction } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";

export type AuditAction = "retry" | "replay" | "clean" | `channel.${ChannelAction}`;
export type AuditOrigin = "ui" | "api" | "command";
/** pending: the intent is recorded and the outcome is not (yet); done; refused (with the reason); failed. */
export type AuditOutcome = "pending" | "done" | "refused" | "failed";

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  origin: AuditOrigin;
  queue: string;
  /** The selector as given (job, repository, pr, channel, event, since, until, status). */
  selector: Record<string, unknown>;
  /** The jobs it is about: before the action those it means to change, after it those it changed. */
  jobIds: readonly string[];
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: Date;
  count: number;
  outcome: AuditOutcome;
  reason?: string;
  finishedAt?: Date;
}

/** A recorded intent, to be finished with its outcome. */
export interface AuditTicket {
  id: bigint;
  record: AuditRecord;
}

export interface AuditLog {
  /**
   * Records the intent (outcome "pending") before the action. Throws if
   * PostgreSQL refuses: the caller must not act then, so nothing happens
   * unrecorded.
   */
  begin(entry: AuditRecord): Promise<AuditTicket>;
  /**
   * Records the outcome: done (with the job ids it changed), refused or
   * failed (with the reason). Never throws: the action has happened; if the
   * outcome cannot be written, the row stays "pending" and an error is logged.
   */
  finish(
    ticket: AuditTicket,
    outcome: {
      outcome: Exclude<AuditOutcome, "pending">;
      jobIds?: readonly string[];
      reason?: string;
    },
  ): Promise<void>;
  /** A request refused before it started (role, request): one row, outcome "refused". */
  refused(entry: AuditRecord, reason: string): Promise<void>;
  /** Newest first, at most `limit`. */
  recent(limit: number): Promise<AuditEntry[]>;
}

const LOGGED_IDS = 100;

/** Who retried, replayed or cleaned what, and what came of it: a row in audit_log and log lines. */
export function createAuditLog(prisma: PrismaClient, logger: Logger): AuditLog {
  const line = (entry: AuditRecord, outcome: AuditOutcome, reason?: string) =>
    logger.info("audit", {
      actor: entry.actor,
      action: entry.action,
      origin: entry.origin,
      queue: entry.queue,
      selector: entry.selector,
      count: entry.jobIds.length,
      job_ids: entry.jobIds.slice(0, LOGGED_IDS),
      outcome,
      ...(reason ? { reason } : {}),
    });
  const data = (entry: AuditRecord) => ({
    actor: entry.actor,
    action: entry.action,
    origin: entry.origin,
    queue: entry.queue,
    selector: JSON.parse(JSON.stringify(entry.selector)),
    count: entry.jobIds.length,
    jobIds: [...entry.jobIds],
  });
  return {
    async begin(entry) {
      const row = await prisma.auditEntry.create({ data: { ...data(entry), outcome: "pending" } });
      line(entry, "pending");
      return { id: row.id, record: entry };
    },
    async finish(ticket, { outcome, jobIds, reason }) {
      const record = jobIds ? { ...ticket.record, jobIds } : ticket.record;
      line(record, outcome, reason);
      try {
        await prisma.auditEntry.update({
          where: { id: ticket.id },
          data: {
            outcome,
            reason: reason ?? null,
            finishedAt: new Date(),
            ...(jobIds ? { count: jobIds.length, jobIds: [...jobIds] } : {}),
          },
        });
      } catch (error) {
        logger.error("audit outcome not recorded: the row stays pending", {
          audit_id: String(ticket.id),
          outcome,
          error,
        });
      }
    },
    async refused(entry, reason) {
      line(entry, "refused", reason);
      try {
        await prisma.auditEntry.create({
          data: { ...data(entry), outcome: "refused", reason, finishedAt: new Date() },
        });
      } catch (error) {
        logger.error("audit of a refused request not recorded", { error });
      }
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
        outcome: row.outcome as AuditOutcome,
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
      }));
    },
  };
}

/**
 * Runs `action` between its recorded intent and its recorded outcome. The
 * action returns the job ids it changed. A refusal (what `isRefusal` says
 * is one) is recorded as refused with its message, anything else thrown as
 * failed; either way the error goes on to the caller.
 */
export async function audited(
  audit: AuditLog,
  entry: AuditRecord,
  action: () => Promise<readonly string[]>,
  isRefusal: (error: unknown) => boolean,
): Promise<string[]> {
  const ticket = await audit.begin(entry);
  try {
    const changed = [...(await action())];
    await audit.finish(ticket, { outcome: "done", jobIds: changed });
    return changed;
  } catch (error) {
    await audit.finish(ticket, {
      outcome: isRefusal(error) ? "refused" : "failed",
      jobIds: [],
      reason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
