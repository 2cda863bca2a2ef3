import { ALL_QUEUE_NAMES, QUEUE_NAMES } from "@hookline/queue";
import { parseReplayRequest, type ReplayFields, type ReplayRequest } from "./replay-request";

export const REPLAY_USAGE = `usage: npm run replay -- [--queue ${ALL_QUEUE_NAMES.join("|")}] [--dry-run]
         (--all | [--job <id>] [--repo owner/name] [--pr <number>] [--channel <name>]
                  [--event <type or prefix*>] [--since <time with zone>] [--until <time with zone>])
  Moves failed jobs (the dead-letter queue) back to waiting with fresh attempts,
  same job ids (so the same webhook-id). Selectors combine; --dry-run only counts.
  Times need a zone: 2026-11-29T03:00:00Z or 2026-11-29T04:00+01:00.
  --queue defaults to ${QUEUE_NAMES.deliveries}.`;

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

/** Parses the replay command's arguments; throws with the usage text on anything unclear. */
export function parseReplayArguments(args: readonly string[]): ReplayRequest {
  const fields: ReplayFields = {};
  try {
    for (let i = 0; i < args.length; i += 1) {
      const flag = args[i]!;
      if (flag === "--all") fields.all = true;
      else if (flag === "--dry-run") fields.dry_run = true;
      else if (VALUE_FLAGS[flag]) {
        const value = args[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
        fields[VALUE_FLAGS[flag]] = value;
        i += 1;
      } else throw new Error(`unexpected ${flag}`);
    }
    return parseReplayRequest(fields);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${REPLAY_USAGE}`);
  }
}
