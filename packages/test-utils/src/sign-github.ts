import { createHmac, randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import request from "supertest";

/** The GitHub webhook secret the test harnesses configure (GitHub's own documentation example). */
export const SECRET = "It's a Secret to Everybody";

/** X-Hub-Signature-256 for `body`: "sha256=" + hex HMAC-SHA256 with `secret`. */
export function signGithub(body: string | Buffer, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POST /webhooks/github with GitHub's headers, a fresh delivery id and a
 * valid signature; `headers` override. `app`: a listener, or the base URL of
 * a listening server.
 */
export function postGithub(
  app: RequestListener | string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  return request(app)
    .post("/webhooks/github")
    .set({
      "Content-Type": "application/json",
      "X-GitHub-Event": "pull_request",
      "X-GitHub-Delivery": randomUUID(),
      "X-Hub-Signature-256": signGithub(body),
      ...headers,
    })
    .send(body);
}
