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
  /** Failed logins per user and per client address before they wait. */
  login_attempts: wholeNumber.pipe(z.number().min(1)).default(5),
});

export type DashboardConfig = z.infer<typeof dashboardSchema>;
