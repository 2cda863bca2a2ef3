-- On-call records: an excerpt of every answer (4xx included) and which
-- attempts a replay made; who retried, replayed or cleaned what.

-- AlterTable
ALTER TABLE "delivery_attempts" ADD COLUMN "answer_excerpt" TEXT,
ADD COLUMN "replay" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "selector" JSONB NOT NULL,
    "count" INTEGER NOT NULL,
    "job_ids" JSONB NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
