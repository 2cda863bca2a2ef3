import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { clientNetworkKey } from "@hookline/client-network";
import type { DashboardConfig, DashboardRole } from "@hookline/config";
import type { Logger } from "@hookline/observability";
import { HttpError, sendError } from "@hookline/http-errors";
import type { LoginThrottle } from "./login-throttle";
import { verifyPassword } from "./password-hash";

export interface DashboardUser {
  name: string;
  role: DashboardRole;
}

/** The signed-in user, set by `authenticate`. */
export function userOf(res: Response): DashboardUser {
  return res.locals.user as DashboardUser;
}

// Compared against when the user does not exist, so an unknown name costs
// the same time as a wrong password and timing tells nothing.
const NO_SUCH_USER =
  "scrypt.32768.8.1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

// A browser sends Basic credentials with every request (the board polls every
// few seconds); scrypt on each would cost ~80 ms of CPU. Verified credentials
// are remembered by digest for a few minutes, never as text.
const REMEMBER_MS = 5 * 60_000;

function challenge(res: Response, error: HttpError): void {
  res.set("WWW-Authenticate", 'Basic realm="hookline", charset="UTF-8"');
  sendError(res, error);
}

export interface AuthenticateDeps {
  config: DashboardConfig;
  throttle: LoginThrottle;
  logger: Logger;
}

/**
 * HTTP Basic authentication against the named users of dashboard.users.
 * Failed logins are logged (user and address, never the password) and
 * throttled per user (a backoff) and per client network (the address as
 * Express reads it through dashboard.trust_proxy, IPv6 by its
 * dashboard.ipv6_prefix network): each password check is reserved in the
 * throttle first. Only a checked correct password clears a user's failures;
 * remembered credentials do not. A local-only dashboard without users treats
 * everyone on 127.0.0.1 as the operator "local" (createDashboard refuses
 * non-loopback Host names there).
 */
export function authenticate({ config, throttle, logger }: AuthenticateDeps): RequestHandler {
  const verified = new Map<string, { user: DashboardUser; until: number }>();
  const users = Object.entries(config.users);
  return async (req, res, next) => {
    if (users.length === 0 && config.local_only) {
      res.locals.user = { name: "local", role: "operator" } satisfies DashboardUser;
      return next();
    }
    const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
    const text = Buffer.from(encoded ?? "", "base64").toString("utf8");
    const colon = text.indexOf(":");
    if (scheme !== "Basic" || colon < 0)
      return challenge(res, new HttpError(401, "UNAUTHORIZED", "credentials required"));
    const name = text.slice(0, colon);
    const password = text.slice(colon + 1);
    const digest = createHash("sha256").update(text).digest("base64");
    const known = verified.get(digest);
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const network = clientNetworkKey(address, config.ipv6_prefix);
    try {
      // Remembered credentials were checked correct: no new guess, no throttle, nothing cleared.
      if (known && known.until > Date.now()) {
        res.locals.user = known.user;
        return next();
      }
      // The attempt is counted before the password is checked, so parallel guesses cannot overtake the limit.
      const attempt = await throttle.reserve(name, network);
      if (attempt.waitSeconds > 0) {
        logger.warn("login throttled", {
          user: name,
          source_ip: address,
          network,
          limited_by: attempt.limitedBy,
          retry_after_s: attempt.waitSeconds,
        });
        const why =
          attempt.limitedBy === "user"
            ? `too many failed logins for ${name}; try again in ${attempt.waitSeconds} s`
            : `too many failed logins from your network; try again in ${attempt.waitSeconds} s`;
        return sendError(
          res,
          new HttpError(429, "TOO_MANY_LOGINS", why, {
            "Retry-After": String(attempt.waitSeconds),
          }),
        );
      }
      const entry = config.users[name];
      const ok = await verifyPassword(entry?.password_hash ?? NO_SUCH_USER, password);
      if (!entry || !ok) {
        logger.warn("failed login", {
          user: name,
          source_ip: address,
          network,
          failures: Math.max(attempt.userFailures, attempt.networkFailures),
        });
        return challenge(res, new HttpError(401, "UNAUTHORIZED", "credentials required"));
      }
      await throttle.succeeded(name, network);
      const user: DashboardUser = { name, role: entry.role };
      verified.set(digest, { user, until: Date.now() + REMEMBER_MS });
      res.locals.user = user;
      next();
    } catch (error) {
      next(error);
    }
  };
}
