-- CreateTable
CREATE TABLE "github_sweep_cursors" (
    "hook_key" TEXT NOT NULL,
    "cursor_at" TIMESTAMPTZ(3) NOT NULL,
    "last_success_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "github_sweep_cursors_pkey" PRIMARY KEY ("hook_key")
);

-- CreateTable
CREATE TABLE "github_redelivery_requests" (
    "hook_key" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "github_delivery_id" BIGINT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "github_redelivery_requests_pkey" PRIMARY KEY ("hook_key","guid")
);
