import { createHmac } from "node:crypto";

// Standard Webhooks 1.0.0, spec/standard-webhooks.md (github.com/standard-webhooks/standard-webhooks):
// "Signature scheme", "Webhook headers" and "Webhook metadata".
const SECRET_PREFIX = "whsec_";

// One decoded key per secret: decoding is not per-message work.
const keys = new Map<string, Buffer>();

/**
 * The HMAC key a channel secret stands for: "whsec_<base64>" is the spec's
 * serialisation of the key bytes; any other string is used as its UTF-8
 * bytes. (The configuration refuses keys outside the spec's 24–64 bytes.)
 */
export function signingKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = secret.startsWith(SECRET_PREFIX)
      ? Buffer.from(secret.slice(SECRET_PREFIX.length), "base64")
      : Buffer.from(secret, "utf8");
    keys.set(secret, key);
  }
  return key;
}

/**
 * The webhook-id for a delivery's message id: stable, so every retry and
 * replay carries the same one, and free of "." because the signed content is
 * `id.timestamp.body` ("Signature scheme": the id must not be allowed to
 * include any `.`). Message ids are `<notification id>.<channel>` or
 * `batch-<channel>-<digest>`, whose characters are [A-Za-z0-9._-], so
 * writing "." as ":" keeps ids distinct and readable.
 */
export function webhookId(messageId: string): string {
  return messageId.replaceAll(".", ":");
}

/**
 * The webhook-signature header value: one `v1,<base64 HMAC-SHA256>` per
 * secret, space-delimited (current key first, then keys being rotated out),
 * each over the exact bytes `${id}.${timestamp}.${body}`.
 */
export function webhookSignature(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  if (id.includes(".") || !Number.isInteger(timestampSeconds)) {
    throw new Error(
      `cannot sign webhook-id "${id}" / timestamp ${timestampSeconds}: the signed content would be ambiguous`,
    );
  }
  return secrets
    .map((secret) => {
      const mac = createHmac("sha256", signingKey(secret));
      mac.update(`${id}.${timestampSeconds}.`);
      mac.update(body);
      return `v1,${mac.digest("base64")}`;
    })
    .join(" ");
}

/**
 * Standard Webhooks headers for one message at `timestamp` (the time of the
 * attempt, not of the event): webhook-id (see webhookId), webhook-timestamp
 * (integer Unix seconds) and, when the channel has secrets, webhook-signature.
 * `secrets` is a channel's current secret followed by its previous ones.
 */
export function signMessage(
  secrets: string | readonly string[] | undefined,
  messageId: string,
  timestamp: Date,
  body: string | Buffer,
): Record<string, string> {
  const list = typeof secrets === "string" ? [secrets] : (secrets ?? []);
  const id = webhookId(messageId);
  const seconds = Math.floor(timestamp.getTime() / 1000);
  const headers: Record<string, string> = {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
  };
  if (list.length > 0) headers["webhook-signature"] = webhookSignature(list, id, seconds, body);
  return headers;
}
