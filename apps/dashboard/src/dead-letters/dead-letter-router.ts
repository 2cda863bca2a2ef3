import express, { type Request, type Response, type Router } from "express";
import type { Queue } from "bullmq";
import { findDeadLetters } from "@hookline/queue";
import type { AuditLog } from "../audit/audit-log";
import { html, page } from "../http/html";
import { parseReplayRequest, ReplayRequestError } from "../replay/replay-request";
import { runReplay } from "../replay/run-replay";
import { userOf } from "../users/authenticate";
import { requirePermission } from "../users/require-permission";
import { may } from "../users/roles";
import {
  deadLetterList,
  FILTER_FIELDS,
  replayConfirmation,
  replayFieldsOf,
  type Filters,
} from "./dead-letter-page";

const SHOWN = 200;

function filtersOf(source: Record<string, unknown>): Filters {
  const filters: Filters = {};
  for (const key of ["queue", ...FILTER_FIELDS] as const) {
    const value = source[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  return filters;
}

/**
 * GET /dead-letters: failed jobs filtered by repository, pull request,
 * channel, event type and time range. POST /dead-letters/replay: step
 * "dry-run" shows the count and a confirmation; step "confirm" replays the
 * same selection if it still has the confirmed count (else asks again).
 */
export function deadLetterRouter(
  queues: ReadonlyMap<string, Queue>,
  audit: AuditLog,
  timeZone: string,
): Router {
  const router = express.Router();
  const show = async (req: Request, res: Response, filters: Filters, status = 200) => {
    const user = userOf(res);
    const listing = { filters, canReplay: may(user.role, "replay"), timeZone };
    try {
      const { queue, selector } = parseReplayRequest(replayFieldsOf(filters, true));
      const found = await findDeadLetters(queues.get(queue)!, selector);
      const letters = found.slice(0, SHOWN).map(({ letter }) => letter);
      letters.sort((a, b) => b.failedAt - a.failedAt);
      res
        .status(status)
        .type("html")
        .send(
          page(
            "Dead letters",
            user,
            timeZone,
            deadLetterList({ ...listing, letters, total: found.length }),
          ),
        );
    } catch (error) {
      if (!(error instanceof ReplayRequestError)) throw error;
      res
        .status(400)
        .type("html")
        .send(
          page(
            "Dead letters",
            user,
            timeZone,
            deadLetterList({ ...listing, letters: [], total: 0, error: error.message }),
          ),
        );
    }
  };
  router.get("/dead-letters", (req, res, next) => {
    show(req, res, filtersOf(req.query as Record<string, unknown>)).catch(next);
  });
  router.post(
    "/dead-letters/replay",
    requirePermission("replay"),
    express.urlencoded({ extended: false, limit: "16kb" }),
    (req, res, next) => {
      (async () => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const filters = filtersOf(body);
        const user = userOf(res);
        let request;
        try {
          request = parseReplayRequest(replayFieldsOf(filters, true));
        } catch (error) {
          if (error instanceof ReplayRequestError) return show(req, res, filters, 400);
          throw error;
        }
        const queue = queues.get(request.queue)!;
        const dryRun = await runReplay(queue, request, audit, { name: user.name, origin: "ui" });
        const expected = Number(body.expected);
        if (body.step !== "confirm" || expected !== dryRun.matched.length) {
          const changed =
            body.step === "confirm"
              ? html`<p class="error" role="alert">
                  The set changed since the dry run (${expected} then, ${dryRun.matched.length}
                  now): confirm again.
                </p>`
              : "";
          res
            .type("html")
            .send(
              page(
                "Replay dead letters",
                user,
                timeZone,
                html`${changed}${replayConfirmation(filters, dryRun.matched.length)}`,
              ),
            );
          return;
        }
        const done = await runReplay(queue, { ...request, dryRun: false }, audit, {
          name: user.name,
          origin: "ui",
        });
        res.type("html").send(
          page(
            "Replay dead letters",
            user,
            timeZone,
            html`<p id="replayed">
                Replayed <strong>${done.replayed.length}</strong> of ${done.matched.length} dead
                letters in ${queue.name}.
              </p>
              <p>
                Recorded in the <a href="/audit">audit log</a>.
                <a href="/dead-letters">Back to dead letters</a>
              </p>`,
          ),
        );
      })().catch(next);
    },
  );
  return router;
}
