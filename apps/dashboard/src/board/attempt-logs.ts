import type { PrismaClient } from "@hookline/db";
import { formatTime } from "../http/clock";

// A job's Logs tab, not an export.
const MAX_LINES = 200;

/**
 * A delivery's HTTP attempts from delivery_attempts as Bull Board's Logs tab
 * lines, oldest first: "2026-12-06 21:43:07 UTC · attempt 3, request 1 ·
 * HTTP 422 · {"error":"…"} · 118 ms" (replays say so). Job id = message id.
 */
export function deliveryAttemptLogs(prisma: PrismaClient, timeZone: string) {
  return async (jobId: string): Promise<string[]> => {
    const rows = await prisma.deliveryAttempt.findMany({
      where: { messageId: jobId },
      orderBy: { id: "asc" },
      take: MAX_LINES,
    });
    return rows.map((row) =>
      [
        formatTime(row.createdAt, timeZone),
        `attempt ${row.attempt}, request ${row.try}${row.replay > 0 ? ` (replay ${row.replay})` : ""}`,
        row.statusCode !== null ? `HTTP ${row.statusCode}` : "no answer",
        row.answerExcerpt ?? row.error ?? "",
        `${row.durationMs} ms`,
      ]
        .filter(Boolean)
        .join(" · "),
    );
  };
}
