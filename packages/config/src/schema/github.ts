import { z } from "zod";
import { duration, numberFromText, wholeNumber } from "./primitives";

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;
// GitHub's ids are 64-bit; JavaScript numbers hold them exactly up to 2^53.
const githubId = z.preprocess(numberFromText, z.number().int().positive());

/** An App's credentials: the JWT for /app endpoints, an installation token for the rest. */
export const githubAppSchema = z.object({
  app_id: githubId,
  /** PEM (PKCS#1 or PKCS#8); literal "\n" sequences, as environment variables carry them, become newlines. */
  private_key: z
    .string()
    .min(1)
    .transform((pem) => pem.replaceAll("\\n", "\n")),
  /** For repository endpoints (hooks, backfill) when no token is configured. */
  installation_id: githubId.optional(),
});

export const githubHookSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("repository"),
    repository: z.string().regex(REPOSITORY, "expected owner/name"),
    hook_id: githubId,
  }),
  z.object({
    kind: z.literal("organization"),
    org: z.string().min(1),
    hook_id: githubId,
  }),
  /** The App's own webhook; credentials from github.app unless given here. */
  z.object({
    kind: z.literal("app"),
    app_id: githubId.optional(),
    private_key: githubAppSchema.shape.private_key.optional(),
  }),
]);

export const githubSchema = z.object({
  /** REST API root: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server. */
  api_url: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  /** Fine-grained token: repository "Webhooks: read and write", organization "Webhooks: read and write", "Pull requests" and "Commit statuses"/"Checks" read for backfill. */
  token: z.string().min(1).optional(),
  app: githubAppSchema.optional(),
  hooks: z.array(githubHookSchema).default([]),
  /** Repositories `npm run backfill -- --all` seeds; repository hooks' repositories are added. */
  repositories: z.array(z.string().regex(REPOSITORY, "expected owner/name")).default([]),
  sweep: z
    .object({
      /** Time between scheduled sweeps; GitHub keeps deliveries 3 days, so at most a day. */
      interval: duration.prefault("15m"),
      /** How far back the first sweep of a hook looks (no cursor yet). */
      look_back: duration.prefault("24h"),
      /** Re-read this much before the cursor: deliveries finishing while a sweep lists. */
      overlap: duration.prefault("5m"),
      /** Redeliveries requested per hook and run at most. */
      max_redeliveries: wholeNumber.default(100),
      /** A requested redelivery GitHub has not attempted after this is requested again. */
      pending_timeout: duration.prefault("10m"),
      /** Spacing of POSTs (octokit's throttling plugin; GitHub asks for 1 s between writes). */
      write_interval: duration.prefault("1s"),
      /** Base of the retry plugin's back-off for 5xx (1 s, 4 s, 9 s with the default). */
      retry_base: duration.prefault("1s"),
      /** Longest rate-limit wait accepted; a longer one fails the run (the next run resumes). */
      max_rate_limit_wait: duration.prefault("15m"),
    })
    .prefault({}),
  /** The drift detector (apps/sweeper/src/drift): stored open pull requests against GitHub's REST answer. */
  drift: z
    .object({
      /** Scheduled runs in the sweeper app; off without API access (token or App installation). */
      enabled: z.boolean().default(true),
      /** Time between runs. */
      interval: duration.prefault("10m"),
      /** Open pull requests compared per run at most (about four requests each). */
      sample: wholeNumber.default(20),
      /** Requests left in the hour that a run never spends: the rest of the budget is the sweeps'. */
      reserve: wholeNumber.default(1000),
    })
    .prefault({}),
  /** Required checks (branch protection and rulesets) read by the worker where API access is configured. */
  required_checks: z
    .object({
      /** Read them at all; false leaves the checks state to what the commit itself reports. */
      enabled: z.boolean().default(true),
      /** Cached this long; branch_protection_rule and repository_ruleset events refresh it sooner. */
      max_age: duration.prefault("1h"),
    })
    .prefault({}),
});

export type GithubConfig = z.infer<typeof githubSchema>;
export type GithubHookConfig = z.infer<typeof githubHookSchema>;
export type GithubAppConfig = z.infer<typeof githubAppSchema>;
