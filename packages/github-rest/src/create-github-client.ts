import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";

const GithubOctokit = Octokit.plugin(paginateRest, retry, throttling);

/** An octokit with pagination, 5xx retries and GitHub's rate limits honoured. */
export type GithubClient = InstanceType<typeof GithubOctokit>;

export type GithubAuth =
  | { kind: "token"; token: string }
  /** JWT for /app endpoints; an installation token for the rest when installationId is set. */
  | { kind: "app"; appId: number; privateKey: string; installationId?: number };

/** A wait GitHub asked for: primary (x-ratelimit-reset) or secondary (retry-after). */
export interface RateLimitWait {
  kind: "primary" | "secondary";
  seconds: number;
  method: string;
  url: string;
}

export interface GithubClientOptions {
  /** https://api.github.com, or https://<host>/api/v3 (GitHub Enterprise Server). */
  baseUrl: string;
  auth: GithubAuth;
  /** Spacing of POST/PATCH/DELETE requests in ms; GitHub asks for 1000. */
  writeIntervalMs: number;
  /** Back-off base of 5xx retries in ms: waits are 1×, 4×, 9× this. */
  retryBaseMs: number;
  /** A rate-limit wait longer than this (ms) is not waited: the request fails. */
  maxRateLimitWaitMs: number;
  /** Told before each rate-limit wait, for logs and terminal progress. */
  onRateLimitWait?: (wait: RateLimitWait) => void;
  /** Where octokit's own warnings go. */
  warn?: (message: string) => void;
}

const RATE_LIMIT_RETRIES = 5;
// The retry plugin's default list, plus 429.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/**
 * One client per credential. The throttling plugin serialises writes on its
 * own Bottleneck group (`writeIntervalMs` apart) and waits out 403/429
 * rate limits (at most 5 times per request); the retry plugin retries 5xx
 * and network errors 3 times, never 400/401/403/404/410/422/429/451.
 */
export function createGithubClient(options: GithubClientOptions): GithubClient {
  const handler =
    (kind: RateLimitWait["kind"]) =>
    (
      seconds: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      if (retryCount >= RATE_LIMIT_RETRIES || seconds * 1000 > options.maxRateLimitWaitMs)
        return false;
      options.onRateLimitWait?.({ kind, seconds, method: request.method, url: request.url });
      return true;
    };
  const auth =
    options.auth.kind === "token"
      ? { auth: options.auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: options.auth.appId,
            privateKey: options.auth.privateKey,
            // auth-app refuses an installationId key that is present but undefined.
            ...(options.auth.installationId === undefined
              ? {}
              : { installationId: options.auth.installationId }),
          },
        };
  const noop = () => undefined;
  return new GithubOctokit({
    ...auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: "hookline-sweeper",
    log: { debug: noop, info: noop, warn: options.warn ?? noop, error: options.warn ?? noop },
    // 429 is the throttling plugin's (it reads Retry-After and x-ratelimit-reset);
    // left to the retry plugin it would be retried after retryBaseMs regardless.
    retry: { retryAfterBaseValue: options.retryBaseMs, doNotRetry: DO_NOT_RETRY },
    throttle: {
      onRateLimit: handler("primary"),
      onSecondaryRateLimit: handler("secondary"),
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs }),
    },
  });
}
