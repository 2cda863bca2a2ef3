import type { Queue } from "bullmq";
import type { AuditLog, AuditOrigin } from "../audit/audit-log";
import { describeAttempts } from "../dead-letters/attempts";
import { findDeadLetters } from "../dead-letters/replay-dead-letters";
import { formatTime, zonedText } from "../http/clock";
import { ReplayUsageError, parseReplayArguments } from "./replay-arguments";
import { describeSelector } from "./replay-request";
import { runReplay, runShownReplay } from "./run-replay";

/** Exit codes of `npm run replay` (documented in its usage and docs/operations.md). */
export const REPLAY_EXIT = { done: 0, failed: 1, usage: 2, notConfirmed: 3 } as const;

export interface ReplayCommandIo {
  write(text: string): void;
  /** stdout and stdin are a terminal: a person can be asked. */
  interactive: boolean;
  /** Asks a question on the terminal; resolves to the answer. */
  ask(question: string): Promise<string>;
}

export interface ReplayCommandDeps {
  queueFor(name: string): Queue;
  audit: AuditLog;
  actor: { name: string; origin: AuditOrigin };
  timeZone: string;
}

const SHOWN = 20;

/**
 * `npm run replay` without its wiring: parses `args`, shows what matches,
 * asks on a terminal unless --yes (never for --dry-run), replays, and prints
 * a summary (or one JSON object with --json). Returns the exit code;
 * failures other than refusals and usage (Redis, PostgreSQL) propagate.
 */
export async function runReplayCommand(
  args: readonly string[],
  io: ReplayCommandIo,
  deps: ReplayCommandDeps,
): Promise<number> {
  let command;
  try {
    command = parseReplayArguments(args, deps.timeZone);
  } catch (error) {
    if (!(error instanceof ReplayUsageError)) throw error;
    io.write(`${error.message}\n`);
    return REPLAY_EXIT.usage;
  }
  const { request, json } = command;
  const queue = deps.queueFor(request.queue);
  const selector = describeSelector(request.selector);
  const said =
    Object.entries(selector)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(", ") || "all";
  const print = (summary: string, object: Record<string, unknown>) =>
    io.write(json ? `${JSON.stringify(object)}\n` : `${summary}\n`);

  const dryRun = await runReplay(queue, { ...request, dryRun: true }, deps.audit, deps.actor);
  const matched = dryRun.matched;
  const found = await findDeadLetters(queue, request.selector, SHOWN);
  const listing = found
    .map(
      ({ letter }) =>
        `  ${letter.id}  ${letter.name}\n    failed ${formatTime(letter.failedAt, deps.timeZone)} · ${describeAttempts(letter.attemptsMade, letter.attempts, letter.permanent)}\n    ${zonedText(letter.reason, deps.timeZone)}` +
        (letter.replayRefusal ? `\n    not replayed: ${letter.replayRefusal}` : ""),
    )
    .join("\n");
  const head = `${matched.length} dead letters in ${queue.name} match (${said})${matched.length > SHOWN ? `; the newest ${SHOWN}:` : matched.length > 0 ? ":" : "."}`;
  const base = { queue: queue.name, selector, matched: matched.length, refused: dryRun.refused };
  if (request.dryRun || matched.length === 0) {
    print(`${head}\n${listing}${request.dryRun ? "\nDry run: nothing was replayed." : ""}`.trim(), {
      ...base,
      dry_run: request.dryRun,
      replayed: 0,
      job_ids: matched,
    });
    return REPLAY_EXIT.done;
  }
  if (!command.yes) {
    if (!io.interactive) {
      io.write(
        `${matched.length} dead letters match; not replayed: no terminal to ask on. Pass --yes to replay without asking.\n`,
      );
      return REPLAY_EXIT.notConfirmed;
    }
    io.write(`${head}\n${listing}\n`);
    const answer = await io.ask(
      `Replay these ${matched.length} dead letters? Type "yes" to replay: `,
    );
    if (answer.trim().toLowerCase() !== "yes") {
      io.write("Not replayed.\n");
      return REPLAY_EXIT.notConfirmed;
    }
  }
  // Exactly the jobs counted above that still match: never one that arrived since.
  const done = await runShownReplay(queue, request, matched, deps.audit, deps.actor);
  const skipped = matched.length - done.replayed.length;
  print(
    `Replayed ${done.replayed.length} of ${matched.length} dead letters in ${queue.name} (${said}).` +
      (skipped > 0
        ? ` ${skipped} were not: failed for good on their own data, or replayed or removed meanwhile.`
        : "") +
      " Recorded in the audit log.",
    { ...base, dry_run: false, replayed: done.replayed.length, job_ids: done.replayed },
  );
  return REPLAY_EXIT.done;
}
