import type { RequestHandler } from "express";
import { HttpError } from "@hookline/http-errors";

/**
 * True for a Host header naming this machine's loopback interface, with or
 * without a port: localhost, any 127.x.x.x, [::1]. Anything else (a name, a
 * LAN address, no Host at all) is false.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Refuses (403 NOT_LOOPBACK_HOST, the shared error envelope) every request
 * whose Host is not a loopback name. For the local-only dashboard, which
 * trusts everyone who reaches it: listening on 127.0.0.1 alone does not stop
 * DNS rebinding (a page on attacker.example re-pointed at 127.0.0.1 talks to
 * it same-origin, with Host: attacker.example), checking the Host does.
 */
export function loopbackHostOnly(): RequestHandler {
  return (req, _res, next) => {
    if (isLoopbackHost(req.get("host"))) return next();
    next(
      new HttpError(
        403,
        "NOT_LOOPBACK_HOST",
        "this local-only dashboard answers only to localhost, 127.0.0.1 or [::1]",
      ),
    );
  };
}
