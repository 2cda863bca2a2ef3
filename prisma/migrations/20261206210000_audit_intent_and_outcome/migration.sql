-- The audit log records the intent before a retry, replay or clean and its
-- outcome after: a row stays "pending" if the action's outcome could not be
-- written; refused requests are recorded with the reason.

-- AlterTable: rows written before this migration recorded finished actions.
ALTER TABLE "audit_log" ADD COLUMN "outcome" TEXT NOT NULL DEFAULT 'done',
ADD COLUMN "reason" TEXT,
ADD COLUMN "finished_at" TIMESTAMPTZ(3);
ALTER TABLE "audit_log" ALTER COLUMN "outcome" SET DEFAULT 'pending';
