import { Webhook } from "standardwebhooks";

// One signer per secret: building one decodes the key, which is not per-message work.
const signers = new Map<string, Webhook>();

function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    signer = secret.startsWith("whsec_")
      ? new Webhook(secret)
      : new Webhook(secret, { format: "raw" });
    signers.set(secret, signer);
  }
  return signer;
}

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
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signerFor(secret).sign(messageId, timestamp, body),
  };
}
