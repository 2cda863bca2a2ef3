-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "notification_ids" JSONB NOT NULL,
    "attempt" INTEGER NOT NULL,
    "try" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_attempts_message_id_idx" ON "delivery_attempts"("message_id");

-- CreateIndex
CREATE INDEX "delivery_attempts_channel_created_at_idx" ON "delivery_attempts"("channel", "created_at");
