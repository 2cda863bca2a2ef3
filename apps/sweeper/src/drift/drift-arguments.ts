export const DRIFT_USAGE = `usage: npm run drift -- (--repo <owner/name> | --all)
  Compares stored open pull requests (up to github.drift.sample) with GitHub's
  REST API, prints the differences and queues the healing events.`;

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;

/** `--repo owner/name` or `--all`; throws with the usage text on anything else. */
export function parseDriftArguments(args: readonly string[]): { repository?: string } {
  if (args.length === 1 && args[0] === "--all") return {};
  if (args.length === 2 && args[0] === "--repo" && REPOSITORY.test(args[1]!))
    return { repository: args[1] };
  throw new Error(`unexpected arguments: ${args.join(" ") || "(none)"}\n${DRIFT_USAGE}`);
}
