-- CreateTable
CREATE TABLE "github_refused_deliveries" (
    "hook_key" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "github_delivery_id" BIGINT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_refused_deliveries_pkey" PRIMARY KEY ("hook_key","guid")
);

-- CreateIndex
CREATE INDEX "github_refused_deliveries_recorded_at_idx" ON "github_refused_deliveries"("recorded_at");

-- Retention deletes the oldest rows of each kind in batches: one index on
-- each table's age column, so a batch is an index range scan.
-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "delivery_attempts_created_at_idx" ON "delivery_attempts"("created_at");

-- CreateIndex
CREATE INDEX "pull_request_events_created_at_idx" ON "pull_request_events"("created_at");

-- CreateIndex
CREATE INDEX "github_redelivery_requests_requested_at_idx" ON "github_redelivery_requests"("requested_at");
