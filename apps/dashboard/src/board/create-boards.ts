import type { Queue } from "bullmq";
import type { Router } from "express";
import { createBullBoard } from "@bull-board/api";
import { ExpressAdapter } from "@bull-board/express";
import type { DashboardRole } from "@hookline/config";
import { onCallAdapter } from "./on-call-adapter";

/** Dates with the day and the zone, in the configured zone: "29/11/2026, 07:20:05 UTC". */
function dateFormats(timeZone: string) {
  const full: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone,
    timeZoneName: "short",
  };
  return { short: full, common: full, full };
}

function board(queues: readonly Queue[], readOnly: boolean, timeZone: string): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath("/");
  createBullBoard({
    queues: queues.map((queue) => onCallAdapter(queue, readOnly)),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: "hookline",
        dateFormats: dateFormats(timeZone),
        miscLinks: [
          { text: "Dead letters", url: "/dead-letters" },
          { text: "Audit log", url: "/audit" },
        ],
        hideDocsLink: true,
        showMetrics: false,
      },
    },
  });
  return serverAdapter.getRouter() as Router;
}

/**
 * One Bull Board per kind of user: viewers get Bull Board's read-only mode
 * (no buttons at all); operators and admins get retries of failed jobs only
 * (`allowCompletedRetries: false`). The buttons Bull Board cannot hide per
 * role are refused server-side by the board guard.
 */
export function createBoards(
  queues: readonly Queue[],
  timeZone: string,
): Record<DashboardRole, Router> {
  const readOnly = board(queues, true, timeZone);
  const onCall = board(queues, false, timeZone);
  return { viewer: readOnly, operator: onCall, admin: onCall };
}
