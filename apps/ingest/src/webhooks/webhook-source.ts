import type { Config } from "@hookline/config";
import { GITHUB_SIGNATURE_SCHEME, isHandledEvent, type SignatureScheme } from "@hookline/github";
import { GITHUB_SOURCE } from "@hookline/queue";

/** Everything the accept pipeline needs to know about one sender. */
export interface WebhookSource {
  name: string;
  scheme: SignatureScheme;
  secrets: readonly string[];
  signatureRequired: boolean;
  signatureHeader: string;
  /** Header naming the event; without one, the event is the source name. */
  eventHeader?: string;
  /** Header with a unique delivery id; without one, the body's SHA-256 is the id. */
  deliveryHeader?: string;
  /** Refused requests per minute per client address (see refusal-limit.ts); 0: off. */
  rateLimit: number;
  /** Opt-in budget of verified deliveries per minute per client address; 0: off (the default). */
  verifiedRateLimit: number;
  isHandled(event: string, action: string | null): boolean;
}

export function githubSource(config: Config): WebhookSource {
  return {
    name: GITHUB_SOURCE,
    scheme: GITHUB_SIGNATURE_SCHEME,
    secrets: config.incoming.github.secrets,
    signatureRequired: config.incoming.signature_required,
    signatureHeader: "x-hub-signature-256",
    eventHeader: "x-github-event",
    deliveryHeader: "x-github-delivery",
    rateLimit: config.incoming.rate_limit,
    verifiedRateLimit: config.incoming.verified_rate_limit,
    isHandled: isHandledEvent,
  };
}

export function customSources(config: Config): Map<string, WebhookSource> {
  return new Map(
    Object.entries(config.incoming.sources).map(([name, source]) => [
      name,
      {
        name,
        scheme: {
          algorithm: source.algorithm,
          encoding: source.signature_encoding,
          prefix: source.signature_prefix,
        },
        secrets: source.secrets,
        signatureRequired: config.incoming.signature_required,
        signatureHeader: source.signature_header,
        eventHeader: source.event_header,
        deliveryHeader: source.delivery_header,
        rateLimit: source.rate_limit ?? config.incoming.rate_limit,
        verifiedRateLimit: source.verified_rate_limit ?? config.incoming.verified_rate_limit,
        // Custom sources have no handled/ignored list: everything is queued.
        isHandled: () => true,
      },
    ]),
  );
}
