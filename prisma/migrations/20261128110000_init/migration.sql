-- CreateEnum
CREATE TYPE "pull_request_state" AS ENUM ('OPEN', 'CLOSED', 'MERGED');

-- CreateEnum
CREATE TYPE "checks_state" AS ENUM ('NONE', 'PENDING', 'SUCCESS', 'FAILURE');

-- CreateEnum
CREATE TYPE "trigger_event" AS ENUM ('OPENED', 'SYNCHRONIZE', 'CLOSED', 'REOPENED', 'EDITED', 'READY_FOR_REVIEW', 'CONVERTED_TO_DRAFT', 'ASSIGNED', 'UNASSIGNED', 'LABELED', 'UNLABELED', 'LOCKED', 'UNLOCKED', 'REVIEW_REQUESTED', 'REVIEW_REQUEST_REMOVED', 'AUTO_MERGE_ENABLED', 'AUTO_MERGE_DISABLED', 'ENQUEUED', 'DEQUEUED', 'MILESTONED', 'DEMILESTONED', 'OTHER', 'CHECK_RUN_COMPLETED', 'CHECK_SUITE_COMPLETED', 'STATUS');

-- CreateEnum
CREATE TYPE "delivery_status" AS ENUM ('PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED');

-- CreateTable
CREATE TABLE "repositories" (
    "id" BIGINT NOT NULL,
    "full_name" TEXT NOT NULL,
    "html_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "repositories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pull_requests" (
    "id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT,
    "head_ref" TEXT NOT NULL,
    "head_sha" TEXT NOT NULL,
    "base_ref" TEXT NOT NULL,
    "draft" BOOLEAN NOT NULL DEFAULT false,
    "state" "pull_request_state" NOT NULL,
    "checks_state" "checks_state" NOT NULL DEFAULT 'NONE',
    "html_url" TEXT,
    "github_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "merged_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pull_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pull_request_events" (
    "id" BIGSERIAL NOT NULL,
    "pull_request_id" BIGINT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "trigger_event" "trigger_event" NOT NULL,
    "from_state" "pull_request_state",
    "to_state" "pull_request_state",
    "github_event_at" TIMESTAMPTZ(3) NOT NULL,
    "metadata" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pull_request_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_runs" (
    "id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "head_sha" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "conclusion" TEXT,
    "app_slug" TEXT,
    "html_url" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "check_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_suites" (
    "id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "head_sha" TEXT NOT NULL,
    "head_branch" TEXT,
    "status" TEXT,
    "conclusion" TEXT,
    "app_slug" TEXT,
    "github_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "check_suites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commit_statuses" (
    "id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "sha" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "description" TEXT,
    "target_url" TEXT,
    "github_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commit_statuses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "delivery_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "status" "delivery_status" NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("delivery_id")
);

-- CreateIndex
CREATE INDEX "pull_requests_repository_id_head_sha_idx" ON "pull_requests"("repository_id", "head_sha");

-- CreateIndex
CREATE UNIQUE INDEX "pull_requests_repository_id_number_key" ON "pull_requests"("repository_id", "number");

-- CreateIndex
CREATE INDEX "pull_request_events_pull_request_id_github_event_at_idx" ON "pull_request_events"("pull_request_id", "github_event_at");

-- CreateIndex
CREATE UNIQUE INDEX "pull_request_events_delivery_id_pull_request_id_key" ON "pull_request_events"("delivery_id", "pull_request_id");

-- CreateIndex
CREATE INDEX "check_runs_repository_id_head_sha_idx" ON "check_runs"("repository_id", "head_sha");

-- CreateIndex
CREATE INDEX "check_suites_repository_id_head_sha_idx" ON "check_suites"("repository_id", "head_sha");

-- CreateIndex
CREATE INDEX "commit_statuses_repository_id_sha_context_idx" ON "commit_statuses"("repository_id", "sha", "context");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_received_at_idx" ON "webhook_deliveries"("status", "received_at");

-- AddForeignKey
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pull_request_events" ADD CONSTRAINT "pull_request_events_pull_request_id_fkey" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_suites" ADD CONSTRAINT "check_suites_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commit_statuses" ADD CONSTRAINT "commit_statuses_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
