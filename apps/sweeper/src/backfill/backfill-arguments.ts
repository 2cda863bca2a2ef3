export type BackfillCommand = { all: true } | { all: false; repositories: string[] };

export const BACKFILL_USAGE = `usage: npm run backfill -- (--repo <owner/name> [--repo …] | --all)
  Loads open pull requests with their head commits' check runs, check suites
  and statuses from GitHub's REST API and queues them for the worker.
  --all: github.repositories and every repository hook's repository.`;

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;

/** Parses the backfill command's arguments; throws with the usage text on anything unclear. */
export function parseBackfillArguments(args: readonly string[]): BackfillCommand {
  const repositories: string[] = [];
  let all = false;
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    if (flag === "--all") all = true;
    else if (flag === "--repo" && REPOSITORY.test(args[i + 1] ?? "")) {
      repositories.push(args[i + 1]!);
      i += 1;
    } else throw new Error(`unexpected ${flag} ${args[i + 1] ?? ""}\n${BACKFILL_USAGE}`);
  }
  if (all === repositories.length > 0) throw new Error(`choose --repo or --all\n${BACKFILL_USAGE}`);
  return all ? { all: true } : { all: false, repositories };
}
