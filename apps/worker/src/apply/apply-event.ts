import type { PrismaClient } from "@hookline/db";
import type { EventDocument } from "./event-document";

/** A pull request whose aggregate checks state changed. */
export interface ChecksTransition {
  pull_request_id: string;
  number: number;
  head_sha: string;
  checks_state: "NONE" | "PENDING" | "SUCCESS" | "FAILURE";
}

/** What applying changed; stored as the delivery's outbox. */
export interface Outbox {
  checks?: ChecksTransition[];
}

export interface ApplyResult {
  /** An earlier attempt already applied this delivery; nothing was changed now. */
  duplicate: boolean;
  outbox: Outbox;
}

/**
 * One statement, one transaction: claim the delivery, apply the event, mark
 * it done (hookline_apply_event in the apply_event_functions migration).
 */
export async function applyEvent(
  prisma: PrismaClient,
  document: EventDocument,
): Promise<ApplyResult> {
  const rows = await prisma.$queryRaw<{ result: ApplyResult }[]>`
    SELECT hookline_apply_event(${JSON.stringify(document)}::jsonb) AS result`;
  return rows[0]!.result;
}
