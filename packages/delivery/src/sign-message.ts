import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks headers for one message. A "whsec_…" secret is the
 * base64 key the spec describes; any other string is used as raw key bytes.
 * webhook-id is the message's stable id, the same on every retry, so a
 * receiver can drop repeats.
 */
export function signMessage(
  secret: string,
  messageId: string,
  timestamp: Date,
  body: string,
): Record<string, string> {
  const webhook = secret.startsWith("whsec_")
    ? new Webhook(secret)
    : new Webhook(secret, { format: "raw" });
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": webhook.sign(messageId, timestamp, body),
  };
}
