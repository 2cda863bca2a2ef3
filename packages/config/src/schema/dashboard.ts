import { z } from "zod";
import { flag, wholeNumber } from "./primitives";

export const DASHBOARD_ROLES = ["viewer", "operator", "admin"] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

/**
 * scrypt.<N>.<r>.<p>.<salt base64url>.<key base64url>, as `npm run hash-password`
 * prints it. No "$" or ":" so it survives docker-compose and DASHBOARD_USERS.
 */
export const PASSWORD_HASH_PATTERN =
  /^scrypt\.\d+\.\d+\.\d+\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{32,}$/;

export const dashboardUserSchema = z.object({
  role: z.enum(DASHBOARD_ROLES),
  password_hash: z
    .string()
    .regex(PASSWORD_HASH_PATTERN, "expected a hash from `npm run hash-password` (scrypt.…)"),
});

// DASHBOARD_USERS="alice:admin:scrypt.…,bob:viewer:scrypt.…" from the environment.
const usersFromText = (value: unknown) => {
  if (typeof value !== "string") return value;
  return Object.fromEntries(
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [name = "", role, ...hash] = entry.split(":");
        return [name, { role, password_hash: hash.join(":") }];
      }),
  );
};

export const dashboardSchema = z.object({
  port: wholeNumber.pipe(z.number().max(65535)).default(3001),
  /** Where an authenticated dashboard listens; a local-only one always binds 127.0.0.1. */
  host: z.string().default("0.0.0.0"),
  /** Named users; only password hashes are ever configured. */
  users: z
    .preprocess(
      usersFromText,
      z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), dashboardUserSchema),
    )
    .default({}),
  /** Without users, on 127.0.0.1 only, everyone is a viewer (local development). */
  local_only: flag.default(false),
  /** IANA zone the dashboard shows times in; the zone is always printed beside them. */
  time_zone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "expected an IANA time zone such as UTC or Europe/Berlin")
    .default("UTC"),
  /** Failed logins per user before its backoff starts, and per client network per 15 minutes. */
  login_attempts: wholeNumber.pipe(z.number().min(1)).default(5),
  /**
   * Express "trust proxy" for the dashboard: set when behind a reverse proxy
   * so logins are counted per client, not per proxy (true, a hop count, or
   * addresses/subnets such as "loopback, 10.0.0.0/8").
   */
  trust_proxy: z.union([flag, z.string()]).default(false),
  /**
   * The origin people open the dashboard at (https://hookline.example.com),
   * when a proxy in front rewrites Host: changes are accepted from it only.
   * Unset: the request's own Host.
   */
  public_origin: z
    .url({ protocol: /^https?$/, error: "expected an origin such as https://hookline.example.com" })
    .transform((value) => new URL(value).origin)
    .optional(),
  /** IPv6 clients are counted by their network of this many bits (a /64 is one site's). */
  ipv6_prefix: wholeNumber.pipe(z.number().min(1).max(128)).default(64),
});

export type DashboardConfig = z.infer<typeof dashboardSchema>;
