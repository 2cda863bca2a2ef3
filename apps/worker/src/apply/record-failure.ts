import type { Pool } from "pg";
import type { IncomingEventJob } from "@hookline/queue";
import { storableText } from "./storable-text";

/**
 * Outside the failed (rolled back) statement: what went wrong, for on-call,
 * through hookline_record_failure (prisma/functions), the ledger's rules
 * beside its other writer. Best effort. `attempt` is the job's own 1-based
 * count, so attempts that could not reach PostgreSQL are counted once one can.
 */
export async function recordFailure(
  pool: Pool,
  job: IncomingEventJob,
  deliveryKey: string,
  attempt: number,
  error: string,
): Promise<void> {
  await pool.query({
    name: "hookline_record_failure",
    text: "SELECT hookline_record_failure($1, $2, $3, $4, $5, $6)",
    values: [
      deliveryKey,
      storableText(job.event),
      job.action === null ? null : storableText(job.action),
      new Date(job.receivedAt),
      attempt,
      storableText(error),
    ],
  });
}
