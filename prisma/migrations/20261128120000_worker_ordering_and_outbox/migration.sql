-- AlterTable
ALTER TABLE "check_runs" ADD COLUMN     "delivery_id" TEXT,
ADD COLUMN     "sender" TEXT;

-- AlterTable
ALTER TABLE "check_suites" ADD COLUMN     "delivery_id" TEXT,
ADD COLUMN     "sender" TEXT;

-- AlterTable
ALTER TABLE "commit_statuses" ADD COLUMN     "delivery_id" TEXT,
ADD COLUMN     "sender" TEXT;

-- AlterTable
ALTER TABLE "pull_requests" ADD COLUMN     "state_delivery_id" TEXT;

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "outbox" JSONB;

-- CreateTable
CREATE TABLE "pull_request_commits" (
    "pull_request_id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "sha" TEXT NOT NULL,

    CONSTRAINT "pull_request_commits_pkey" PRIMARY KEY ("pull_request_id","sha")
);

-- CreateIndex
CREATE INDEX "pull_request_commits_repository_id_sha_idx" ON "pull_request_commits"("repository_id", "sha");

-- AddForeignKey
ALTER TABLE "pull_request_commits" ADD CONSTRAINT "pull_request_commits_pull_request_id_fkey" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
