import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
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
 * throttled per user and per address: each password check is reserved in
 * the throttle first, so at most dashboard.login_attempts happen per window;
 * a correct login, remembered or checked, clears the user's failures. A
 * local-only dashboard without users treats everyone on 127.0.0.1 as the
 * operator "local" (createDashboard refuses non-loopback Host names there).
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
    try {
      if (known && known.until > Date.now()) {
        // A correct login, even a remembered one, ends the user's run of failures.
        await throttle.cleared(name);
        res.locals.user = known.user;
        return next();
      }
      // The attempt is counted before the password is checked, so parallel guesses cannot overtake the limit.
      const { waitSeconds, attempts } = await throttle.reserve(name, address);
      if (waitSeconds > 0) {
        logger.warn("login throttled", {
          user: name,
          source_ip: address,
          retry_after_s: waitSeconds,
        });
        return sendError(
          res,
          new HttpError(429, "TOO_MANY_LOGINS", "too many failed logins; try again later", {
            "Retry-After": String(waitSeconds),
          }),
        );
      }
      const entry = config.users[name];
      const ok = await verifyPassword(entry?.password_hash ?? NO_SUCH_USER, password);
      if (!entry || !ok) {
        logger.warn("failed login", { user: name, source_ip: address, failures: attempts });
        return challenge(res, new HttpError(401, "UNAUTHORIZED", "credentials required"));
      }
      await throttle.succeeded(name, address);
      const user: DashboardUser = { name, role: entry.role };
      verified.set(digest, { user, until: Date.now() + REMEMBER_MS });
      res.locals.user = user;
      next();
    } catch (error) {
      next(error);
    }
  };
}
