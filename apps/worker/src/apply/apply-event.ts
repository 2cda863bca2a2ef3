import type { PrismaClient } from "@hookline/db";
import { applyResultSchema, eventDocumentSchema, type ApplyResult } from "./apply-contract";
import type { EventDocument } from "./event-document";
import { storableJson } from "./storable-text";

export type { ApplyResult, ChecksTransition, Outbox } from "./apply-contract";

/**
 * One statement, one transaction: claim the delivery, apply the event, mark
 * it done (prisma/functions/hookline_apply_event.sql). The document is
 * checked against the contract and made storable (NUL and unpaired
 * surrogates replaced) before it is sent; the result is parsed the same way.
 * Errors: the database's, as Prisma reports them (see permanent-error.ts).
 */
export async function applyEvent(
  prisma: PrismaClient,
  document: EventDocument,
): Promise<ApplyResult> {
  const input = JSON.stringify(storableJson(eventDocumentSchema.parse(document)));
  const rows = await prisma.$queryRaw<{ result: unknown }[]>`
    SELECT hookline_apply_event(${input}::jsonb) AS result`;
  return applyResultSchema.parse(rows[0]?.result);
}
