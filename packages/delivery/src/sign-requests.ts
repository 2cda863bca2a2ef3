import type { AxiosInstance } from "axios";
import { webhookSignature } from "./sign-message";

/**
 * Stamps every request that carries a webhook-id, retries included, with the
 * time of that request: Standard Webhooks ("Webhook metadata") has the
 * timestamp of the attempt updated on every retry, and receivers refuse
 * stale ones (the reference library after 5 minutes), while axios-retry
 * re-sends the first request's headers. With `secrets`, the signature is
 * renewed to match. The body is pinned to its bytes first, so what is
 * signed is exactly what axios sends (its JSON transform trims strings).
 */
export function installRequestSigner(client: AxiosInstance, secrets: readonly string[]): void {
  client.interceptors.request.use((config) => {
    const id = config.headers.get("webhook-id");
    if (typeof id !== "string") return config;
    if (typeof config.data === "string") config.data = Buffer.from(config.data, "utf8");
    if (!Buffer.isBuffer(config.data)) return config;
    const seconds = Math.floor(Date.now() / 1000);
    config.headers.set("webhook-timestamp", String(seconds));
    if (secrets.length > 0) {
      config.headers.set("webhook-signature", webhookSignature(secrets, id, seconds, config.data));
    }
    return config;
  });
}
