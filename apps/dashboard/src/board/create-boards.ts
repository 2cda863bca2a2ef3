import type { Queue } from "bullmq";
import type { Express, Router } from "express";
import { createBullBoard } from "@bull-board/api";
import { ExpressAdapter } from "@bull-board/express";
import type { DashboardRole } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { deliveryAttemptLogs } from "./attempt-logs";
import { dateTimeOptions } from "../http/clock";
import { BOARD_BASE, NAVIGATION } from "../http/navigation";
import { serveBoardPage } from "./board-page";
import { onCallAdapter, type BoardControls } from "./on-call-adapter";

/**
 * Bull Board's date formats: year-month-day, 24 h, with the zone, in the
 * configured zone ("2026-12-06, 21:43:07 UTC"), the order of every other time
 * in hookline. Bull Board formats with Intl.DateTimeFormat(its language,
 * UIConfig.dateFormats); the ISO 8601 calendar (the `calendar` option of
 * Intl.DateTimeFormat, ECMA-402) orders numeric dates year-month-day in
 * any language.
 */
export function dateFormats(timeZone: string) {
  const full: Intl.DateTimeFormatOptions = { ...dateTimeOptions(timeZone), calendar: "iso8601" };
  return { short: full, common: full, full };
}

function board(
  queues: readonly Queue[],
  controls: BoardControls,
  timeZone: string,
  attemptLogs: (jobId: string) => Promise<string[]>,
): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_BASE);
  createBullBoard({
    queues: queues.map((queue) => onCallAdapter(queue, controls, timeZone, attemptLogs)),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: "hookline",
        dateFormats: dateFormats(timeZone),
        // The same navigation as every hookline page, in Bull Board's own menu too.
        miscLinks: NAVIGATION.filter((item) => item.url !== BOARD_BASE).map((item) => ({
          text: item.text,
          url: item.url,
        })),
        hideDocsLink: true,
        showMetrics: false,
      },
    },
  });
  const app = serverAdapter.getRouter() as Express;
  serveBoardPage(app, timeZone);
  return app;
}

/**
 * One Bull Board per kind of user, with only the controls that role may use
 * (Bull Board's own per-queue options): viewers and operators get its
 * read-only mode — Bull Board cannot show Retry without Clean, Empty,
 * Obliterate and Duplicate, which operators may not use; they replay from the
 * dead-letter and pull request pages, linked from each job. Admins get Retry
 * of failed jobs only (`allowCompletedRetries: false`) and Clean; what Bull
 * Board shows beside them is refused by the board guard with the reason.
 */
export function createBoards(
  queues: readonly Queue[],
  timeZone: string,
  prisma: PrismaClient,
): Record<DashboardRole, Router> {
  const logs = deliveryAttemptLogs(prisma, timeZone);
  const readOnly = board(queues, "read-only", timeZone, logs);
  return { viewer: readOnly, operator: readOnly, admin: board(queues, "admin", timeZone, logs) };
}
