import { ALL_QUEUE_NAMES, QUEUE_NAMES, type QueueName, type ReplayOptions } from "@hookline/queue";

export interface ReplayCommand extends ReplayOptions {
  queue: QueueName;
}

export const REPLAY_USAGE = `usage: npm run replay -- [--queue ${ALL_QUEUE_NAMES.join("|")}] (--job <id> | --all | --since <ISO time>)
  Moves failed jobs (the dead-letter queue) back to waiting with fresh attempts.
  --queue defaults to ${QUEUE_NAMES.deliveries}.`;

/** Parses the replay command's arguments; throws with the usage text on anything unclear. */
export function parseReplayArguments(args: readonly string[]): ReplayCommand {
  const command: ReplayCommand = { queue: QUEUE_NAMES.deliveries };
  let scope = 0;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === "--all") {
      scope += 1;
      continue;
    }
    if (value === undefined)
      throw new Error(`${flag ?? "argument"} needs a value\n${REPLAY_USAGE}`);
    i += 1;
    if (flag === "--queue" && (ALL_QUEUE_NAMES as readonly string[]).includes(value))
      command.queue = value as QueueName;
    else if (flag === "--job") {
      command.jobId = value;
      scope += 1;
    } else if (flag === "--since" && !Number.isNaN(Date.parse(value))) {
      command.since = new Date(value);
      scope += 1;
    } else throw new Error(`unexpected ${flag} ${value}\n${REPLAY_USAGE}`);
  }
  if (scope !== 1) throw new Error(`choose exactly one of --job, --all, --since\n${REPLAY_USAGE}`);
  return command;
}
