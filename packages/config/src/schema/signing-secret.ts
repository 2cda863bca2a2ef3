import { z } from "zod";
import { stringList } from "./primitives";

// Standard Webhooks 1.0.0, "Signature scheme" (spec/standard-webhooks.md in
// github.com/standard-webhooks/standard-webhooks): a symmetric signing secret
// is random, "between 24 bytes (192 bits) and 64 bytes (512 bits)", and is
// serialised as base64 prefixed with "whsec_".
const MIN_BYTES = 24;
const MAX_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The number of key bytes a secret stands for, or a reason it stands for none. */
function keyBytes(secret: string): number | string {
  if (!secret.startsWith("whsec_")) return Buffer.byteLength(secret, "utf8");
  const encoded = secret.slice("whsec_".length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return "is not valid base64 after whsec_";
  return Buffer.from(encoded, "base64").length;
}

/** A Standard Webhooks secret: "whsec_<base64>" or a plain string, 24 to 64 key bytes either way. */
export const signingSecret = z.string().superRefine((secret, ctx) => {
  const bytes = keyBytes(secret);
  if (typeof bytes === "string") {
    ctx.addIssue({ code: "custom", message: `the signing secret ${bytes}` });
  } else if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `a signing secret must be ${MIN_BYTES} to ${MAX_BYTES} bytes of key (Standard Webhooks), this one is ${bytes}; e.g. "whsec_" + base64 of 32 random bytes`,
    });
  }
});

/** Secrets being rotated out: each message is signed with them too, after the current one. */
export const previousSecrets = stringList.pipe(z.array(signingSecret));

/**
 * Standard Webhooks, "Additional considerations": signing keys should be
 * unique per endpoint, because reusing them across customers is unsafe.
 * Reports a secret shared by channels on different receivers (origins:
 * scheme, host and port); paths of one receiver may share it.
 */
export function refuseSharedSecrets(
  channels: Record<string, { url: string; secret?: string; previous_secrets: string[] }>,
  ctx: z.RefinementCtx,
): void {
  const owners = new Map<string, { name: string; origin: string }>();
  for (const [name, channel] of Object.entries(channels)) {
    for (const secret of [channel.secret, ...channel.previous_secrets]) {
      if (secret === undefined) continue;
      const owner = owners.get(secret);
      const origin = URL.canParse(channel.url) ? new URL(channel.url).origin : channel.url;
      if (owner && owner.origin !== origin) {
        ctx.addIssue({
          code: "custom",
          path: ["channels", name, "secret"],
          message: `channel ${name} signs with a secret of channel ${owner.name}, another receiver: signing keys must be unique per endpoint`,
        });
      } else if (!owner) owners.set(secret, { name, origin });
    }
  }
}
