import express, { type Request, type Router } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import { HttpError } from "@hookline/http-errors";
import { ALL_QUEUE_NAMES } from "@hookline/queue";
import { html, page } from "../http/html";
import type { DeadLetter } from "../dead-letters/dead-letter";
import { findDeadLetters } from "../dead-letters/replay-dead-letters";
import { channelStates } from "../channels/channel-overview";
import { pullRequestFinder } from "../overview/overview-page";
import { userOf } from "../users/authenticate";
import { pullRequestBody, type PullRequestView } from "./pull-request-page";
import { formatRef, pageUrl, parsePullRequestRef, type PullRequestRef } from "./pull-request-ref";
import { readPullRequestStory } from "./pull-request-story";
import { recentPullRequests } from "./recent-pull-requests";
import { formatTime } from "../http/clock";

export interface PullRequestRouterDeps {
  queues: ReadonlyMap<string, Queue>;
  redis: Redis;
  prefix: string;
  prisma: PrismaClient;
  timeZone: string;
}

// The Pull requests page lists this many, newest updated first.
const RECENT = 50;
// Dead letters shown per pull request and queue: its page, not an export.
const MAX_DEAD_LETTERS = 200;

function refOf(req: Request): PullRequestRef {
  const ref = parsePullRequestRef(`${req.params.owner}/${req.params.repo}#${req.params.number}`);
  if (!ref)
    throw new HttpError(
      400,
      "INVALID_PULL_REQUEST",
      "expected /pull-requests/<owner>/<repo>/<number>",
    );
  return ref;
}

async function readView(
  deps: PullRequestRouterDeps,
  ref: PullRequestRef,
): Promise<PullRequestView> {
  const story = await readPullRequestStory(deps.prisma, ref);
  if (!story)
    throw new HttpError(
      404,
      "PULL_REQUEST_NOT_FOUND",
      `${formatRef(ref)} is not stored in hookline`,
    );
  const selector = { repository: story.pullRequest.repository, pr: story.pullRequest.number };
  const deadLetters: DeadLetter[] = [];
  for (const name of ALL_QUEUE_NAMES) {
    const found = await findDeadLetters(deps.queues.get(name)!, selector, MAX_DEAD_LETTERS);
    deadLetters.push(...found.map(({ letter }) => letter));
  }
  deadLetters.sort((a, b) => b.failedAt - a.failedAt);
  const channels = Object.fromEntries(await channelStates(deps.redis, deps.prefix));
  return { ref, story, deadLetters, channels };
}

/**
 * GET /pull-requests?q=acme/web%23603 (or a GitHub URL) opens a pull
 * request's page; GET /pull-requests/:owner/:repo/:number is the page;
 * GET /api/pull-requests/:owner/:repo/:number the same as JSON
 * ({ref, story, deadLetters, channels}; 404 PULL_REQUEST_NOT_FOUND). Every role may read them.
 */
export function pullRequestRouter(deps: PullRequestRouterDeps): Router {
  const router = express.Router();
  const { timeZone } = deps;
  router.get("/api/pull-requests/:owner/:repo/:number", (req, res, next) => {
    Promise.resolve()
      .then(() => readView(deps, refOf(req)))
      .then((view) => res.json(view))
      .catch(next);
  });
  router.get("/pull-requests", (req, res, next) => {
    const q = typeof req.query.q === "string" ? req.query.q : "";
    const ref = q ? parsePullRequestRef(q) : undefined;
    if (ref) return res.redirect(303, pageUrl(ref));
    recentPullRequests(deps.prisma, RECENT)
      .then((recent) => {
        const error = q
          ? html`<p class="error" role="alert">
              “${q}” is not a pull request: write owner/repo#number (acme/web#603) or paste its
              GitHub URL.
            </p>`
          : "";
        const rows = recent.map((line) => {
          const [owner = "", repo = ""] = line.repository.split("/");
          const url = pageUrl({ owner, repo, number: line.number });
          return html`<tr>
            <td><a href="${url}">${line.repository}#${line.number}</a></td>
            <td>${line.title}</td>
            <td>${line.state.toLowerCase()}</td>
            <td>${line.checksState.toLowerCase()}</td>
            <td>${formatTime(line.githubUpdatedAt, timeZone)}</td>
          </tr>`;
        });
        const body = html`${error}${pullRequestFinder(q)}
          <h2>Updated last on GitHub</h2>
          <table id="recent-pull-requests">
            <thead>
              <tr>
                <th>Pull request</th>
                <th>Title</th>
                <th>State</th>
                <th>Checks</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`;
        res
          .status(q ? 400 : 200)
          .type("html")
          .send(page("Pull requests", userOf(res), timeZone, body, "/pull-requests"));
      })
      .catch(next);
  });
  router.get("/pull-requests/:owner/:repo/:number", (req, res, next) => {
    const ref = parsePullRequestRef(`${req.params.owner}/${req.params.repo}#${req.params.number}`);
    const user = userOf(res);
    if (!ref) return next();
    readView(deps, ref)
      .then((view) =>
        res
          .type("html")
          .send(
            page(
              `${formatRef(ref)} · ${view.story.pullRequest.title}`,
              user,
              timeZone,
              pullRequestBody(view, timeZone),
              "/pull-requests",
            ),
          ),
      )
      .catch((error: unknown) => {
        if (!(error instanceof HttpError) || error.status !== 404) return next(error);
        res
          .status(404)
          .type("html")
          .send(
            page(
              "Pull requests",
              user,
              timeZone,
              html`<p class="error" role="alert">${error.message}.</p>
                ${pullRequestFinder(formatRef(ref))}`,
              "/pull-requests",
            ),
          );
      });
  });
  return router;
}
