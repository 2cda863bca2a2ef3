-- Issue 17: check runs and suites from creation on, pull-request versions for
-- receivers, a same-second order that does not depend on the delivery id,
-- required checks.

-- AlterEnum
ALTER TYPE "trigger_event" ADD VALUE 'CHECK_RUN_CREATED';
ALTER TYPE "trigger_event" ADD VALUE 'CHECK_RUN_REREQUESTED';
ALTER TYPE "trigger_event" ADD VALUE 'CHECK_SUITE_REQUESTED';
ALTER TYPE "trigger_event" ADD VALUE 'CHECK_SUITE_REREQUESTED';

-- AlterTable
ALTER TABLE "pull_requests" ADD COLUMN "state_rank" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "state_digest" TEXT,
ADD COLUMN "version" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "required_checks_known" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "check_runs" ADD COLUMN "order_at" TIMESTAMPTZ(3),
ADD COLUMN "order_rank" INTEGER NOT NULL DEFAULT 2;

-- AlterTable
ALTER TABLE "check_suites" ADD COLUMN "order_rank" INTEGER NOT NULL DEFAULT 1;

-- Stored rows: every pull request has been stored once; runs order by their completion.
UPDATE "pull_requests" SET "version" = 1;
UPDATE "check_runs" SET "order_at" = coalesce("completed_at", "started_at", "created_at");

-- CreateTable
CREATE TABLE "required_checks" (
    "repository_id" BIGINT NOT NULL,
    "branch" TEXT NOT NULL,
    "checks" JSONB NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "required_checks_pkey" PRIMARY KEY ("repository_id","branch")
);
