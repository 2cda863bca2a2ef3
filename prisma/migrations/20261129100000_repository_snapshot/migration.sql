-- The repository row is one snapshot of GitHub's repository (keyed by its id):
-- name, owner, full name and URL change together, and only from an event
-- newer than the one the snapshot came from (hookline_upsert_repository).

-- AlterTable
ALTER TABLE "repositories" ADD COLUMN     "name" TEXT,
ADD COLUMN     "owner" TEXT,
ADD COLUMN     "snapshot_at" TIMESTAMPTZ(3),
ADD COLUMN     "snapshot_delivery_id" TEXT;
