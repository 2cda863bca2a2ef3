import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

function same(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HTTP Basic authentication against one configured user, compared in constant time. */
export function basicAuth(username: string, password: string): RequestHandler {
  return (req, res, next) => {
    const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
    const [user, ...rest] = Buffer.from(encoded ?? "", "base64")
      .toString("utf8")
      .split(":");
    // Both compared every time, so timing does not tell which one was wrong.
    const userOk = same(user ?? "", username);
    const passwordOk = same(rest.join(":"), password);
    if (scheme === "Basic" && userOk && passwordOk) return next();
    res
      .set("WWW-Authenticate", 'Basic realm="hookline", charset="UTF-8"')
      .status(401)
      .json({ error: { code: "UNAUTHORIZED", message: "credentials required" } });
  };
}
