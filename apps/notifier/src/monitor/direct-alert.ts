import type { AxiosInstance } from "axios";
import type { Priority } from "@hookline/config";
import { channelTimeoutMs, sendMessage, type AddressPolicy } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import { completeNotification, singleDelivery, systemEventDrafts } from "@hookline/queue";
import type { ChannelRoute } from "../channels/channel-matcher";
import { buildMessage } from "../delivery/build-message";

export interface DirectAlertDeps {
  routes: readonly ChannelRoute[];
  clients: ReadonlyMap<string, AxiosInstance>;
  policy: AddressPolicy;
  maxResponseBytes: number;
  defaultTimeoutMs: number;
  logger: Logger;
}

export type DirectAlert = (
  eventType: string,
  priority: Priority,
  data: Record<string, unknown>,
) => Promise<void>;

/**
 * Sends a system event straight to every channel that takes it, without the
 * queue: for news the queue cannot carry, Redis itself being unreachable.
 * Same body and Standard Webhooks signature as a queued delivery, with
 * axios-retry's in-attempt retries but no later attempts (there is nowhere
 * durable to keep one); batching channels get it on its own, at once.
 */
export function createDirectAlert(deps: DirectAlertDeps): DirectAlert {
  const draft = systemEventDrafts();
  return async (eventType, priority, data) => {
    const notification = completeNotification(draft(eventType, priority, data), "notifier");
    await Promise.all(
      deps.routes
        .filter((route) => route.accepts(notification))
        .map(async (route) => {
          const client = deps.clients.get(route.name)!;
          const { body, headers } = buildMessage(
            singleDelivery(notification, route.name),
            route.config,
          );
          try {
            await sendMessage(client, {
              url: route.config.url,
              headers,
              body,
              policy: deps.policy,
              maxResponseBytes: deps.maxResponseBytes,
              // Every try of the in-attempt retries at its full timeout, plus their waits.
              deadlineMs:
                (channelTimeoutMs(route.config, deps.defaultTimeoutMs) + 30_000) *
                (route.config.retries + 1),
            });
          } catch (error) {
            deps.logger.error("direct alert not delivered", {
              channel: route.name,
              event_type: eventType,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }),
    );
  };
}
