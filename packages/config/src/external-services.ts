/**
 * The servers the environment names (REDIS_URL, DATABASE_URL), if any. For
 * tools that otherwise start their own throwaway ones (the test run).
 */
export function externalServices(env: Readonly<Record<string, string | undefined>> = process.env): {
  redisUrl?: string;
  databaseUrl?: string;
} {
  return { redisUrl: env.REDIS_URL || undefined, databaseUrl: env.DATABASE_URL || undefined };
}
