import { ALL_QUEUE_NAMES, QUEUE_NAMES } from "@hookline/queue";
import { parseReplayRequest, type ReplayFields, type ReplayRequest } from "./replay-request";

export const REPLAY_USAGE = `usage: npm run replay -- [--queue ${ALL_QUEUE_NAMES.join("|")}] [--dry-run] [--yes] [--json]
         (--all | [--job <id>] [--repo owner/name] [--pr <number>] [--channel <name>]
                  [--event <type or prefix*>] [--since <time>] [--until <time>])
  Moves failed jobs (the dead-letter queue) back to waiting with fresh attempts,
  same job ids (so the same webhook-id). Selectors combine; --dry-run only counts.
  On a terminal it shows what matches and asks before replaying; --yes replays
  without asking (needed without a terminal, e.g. from cron). --json prints one
  JSON object for scripts instead of the summary.
  Times as the dashboard shows them ("2026-11-29 03:00:00 UTC"), in
  dashboard.time_zone when no zone is given, or ISO 8601 (2026-11-29T03:00Z).
  --queue defaults to ${QUEUE_NAMES.deliveries}.
  Exit codes: 0 done (nothing matched included), 1 failed (Redis, PostgreSQL,
  a named job not found, not failed or failed for good), 2 unclear arguments,
  3 not confirmed (answered no, or no terminal and no --yes).`;

export interface ReplayCommand {
  request: ReplayRequest;
  /** Replay without asking. */
  yes: boolean;
  /** One JSON object on stdout instead of the summary. */
  json: boolean;
}

/** Unclear arguments: exit code 2, with the usage text. */
export class ReplayUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${REPLAY_USAGE}`);
    this.name = "ReplayUsageError";
  }
}

const VALUE_FLAGS: Record<string, keyof ReplayFields> = {
  "--queue": "queue",
  "--job": "job",
  "--repo": "repo",
  "--pr": "pr",
  "--channel": "channel",
  "--event": "event",
  "--since": "since",
  "--until": "until",
};

/** Parses the replay command's arguments; throws ReplayUsageError on anything unclear. */
export function parseReplayArguments(args: readonly string[], timeZone = "UTC"): ReplayCommand {
  const fields: ReplayFields = {};
  let yes = false;
  let json = false;
  try {
    for (let i = 0; i < args.length; i += 1) {
      const flag = args[i]!;
      if (flag === "--all") fields.all = true;
      else if (flag === "--dry-run") fields.dry_run = true;
      else if (flag === "--yes" || flag === "-y") yes = true;
      else if (flag === "--json") json = true;
      else if (VALUE_FLAGS[flag]) {
        const value = args[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
        fields[VALUE_FLAGS[flag]] = value;
        i += 1;
      } else throw new Error(`unexpected ${flag}`);
    }
    return { request: parseReplayRequest(fields, timeZone), yes, json };
  } catch (error) {
    throw new ReplayUsageError((error as Error).message);
  }
}
