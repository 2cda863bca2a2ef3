import express, { type Request, type Response, type Router } from "express";
import type { Queue } from "bullmq";
import { findDeadLetters } from "./replay-dead-letters";
import type { AuditLog } from "../audit/audit-log";
import { html, page, type SafeHtml } from "../http/html";
import { parseReplayRequest, ReplayRequestError } from "../replay/replay-request";
import { runReplay, runShownReplay } from "../replay/run-replay";
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
// A dry run's job ids travel in the confirmation form: room for some thousands of them.
const FORM_LIMIT = "1mb";
const MAX_SHOWN_IDS = 20_000;

/** The job ids a dry run showed, from the confirmation form's JSON field; undefined if absent or malformed. */
function shownJobIds(field: unknown): string[] | undefined {
  if (typeof field !== "string") return undefined;
  let ids: unknown;
  try {
    ids = JSON.parse(field);
  } catch {
    return undefined;
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_SHOWN_IDS) return undefined;
  if (!ids.every((id) => typeof id === "string" && id.length > 0 && id.length <= 256))
    return undefined;
  return ids as string[];
}

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
 * "dry-run" shows the count and a confirmation carrying the exact job ids it
 * counted; step "confirm" replays those of them still failed — never a dead
 * letter that appeared since — and says how many of the shown set it
 * replayed; if none is left (or the ids are missing) it asks again.
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
    const render = (
      code: number,
      list: Omit<Parameters<typeof deadLetterList>[0], keyof typeof listing>,
    ) =>
      res
        .status(code)
        .type("html")
        .send(
          page(
            "Dead letters",
            user,
            timeZone,
            deadLetterList({ ...listing, ...list }),
            "/dead-letters",
          ),
        );
    try {
      const { queue, selector } = parseReplayRequest(replayFieldsOf(filters, true), timeZone);
      const found = await findDeadLetters(queues.get(queue)!, selector);
      const letters = found.slice(0, SHOWN).map(({ letter }) => letter);
      letters.sort((a, b) => b.failedAt - a.failedAt);
      const delayed = await queues.get(queue)!.getDelayedCount();
      render(status, { letters, total: found.length, delayed });
    } catch (error) {
      if (!(error instanceof ReplayRequestError)) throw error;
      render(400, { letters: [], total: 0, error: error.message });
    }
  };
  router.get("/dead-letters", (req, res, next) => {
    show(req, res, filtersOf(req.query as Record<string, unknown>)).catch(next);
  });
  router.post(
    "/dead-letters/replay",
    requirePermission("replay"),
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    (req, res, next) => {
      (async () => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const filters = filtersOf(body);
        const user = userOf(res);
        let request;
        try {
          request = parseReplayRequest(replayFieldsOf(filters, true), timeZone);
        } catch (error) {
          if (error instanceof ReplayRequestError) return show(req, res, filters, 400);
          throw error;
        }
        const queue = queues.get(request.queue)!;
        const actor = { name: user.name, origin: "ui" as const };
        const shown = body.step === "confirm" ? shownJobIds(body.job_ids) : undefined;
        const confirmation = async (notice: SafeHtml | string) => {
          const dryRun = await runReplay(queue, request, audit, actor);
          res
            .type("html")
            .send(
              page(
                "Replay dead letters",
                user,
                timeZone,
                html`${notice}${replayConfirmation(filters, dryRun.matched)}`,
              ),
            );
        };
        if (shown === undefined) {
          const notice =
            body.step === "confirm"
              ? html`<p class="error" role="alert">
                  The confirmation did not say which dead letters it was for: confirm again.
                </p>`
              : "";
          return confirmation(notice);
        }
        const done = await runShownReplay(queue, request, shown, audit, actor);
        if (done.replayed.length === 0)
          return confirmation(
            html`<p class="error" role="alert">
              None of the ${shown.length} dead letters of the dry run is still failed (replayed or
              removed meanwhile); nothing was replayed. This is the set as it is now: confirm again.
            </p>`,
          );
        const skipped = shown.length - done.replayed.length;
        res.type("html").send(
          page(
            "Replay dead letters",
            user,
            timeZone,
            html`<p id="replayed">
                Replayed <strong>${done.replayed.length}</strong> of ${shown.length} dead letters
                shown in the dry run, in ${queue.name}.
              </p>
              ${
                skipped > 0
                  ? html`<p class="note" id="skipped">
                      ${skipped} of them were no longer failed (replayed or removed meanwhile) and
                      were skipped.
                    </p>`
                  : ""
              }
              <p class="note">
                Dead letters that arrived after the dry run were left alone: run it again to see
                them.
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
