import type { RequestHandler } from "express";
import { HttpError } from "@hookline/http-errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses cross-site requests on every mutating route (Bull Board's XHR API,
 * the dead-letter forms, POST /api/replay): a browser sends Basic credentials
 * to any site that asks, so a page elsewhere could otherwise press Replay.
 * Browsers say where a request comes from (Sec-Fetch-Site, Origin); a request
 * with neither is not from a browser (curl, scripts) and carries its own
 * credentials. `publicOrigin` (dashboard.public_origin) is the origin people
 * use when a proxy in front rewrites Host; without it, Origin must name the
 * request's Host.
 */
export function sameOrigin(publicOrigin?: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    let same = true;
    if (origin !== undefined) {
      try {
        const url = new URL(origin);
        same =
          publicOrigin !== undefined ? url.origin === publicOrigin : url.host === req.get("host");
      } catch {
        same = false;
      }
    }
    if ((site !== undefined && site !== "same-origin" && site !== "none") || !same)
      return next(
        new HttpError(
          403,
          "CROSS_SITE_REQUEST",
          `cross-site requests may not change anything (Origin ${origin ?? "none"} is not ${publicOrigin ?? "this Host"})`,
        ),
      );
    next();
  };
}
