// `npm run build`: every app's entry point (and the migration runner)
// bundled with esbuild into <workspace>/dist/*.js, run with plain `node`.
//
// Why a bundler and not `tsc` per workspace: the internal packages are
// consumed as TypeScript (`main: src/index.ts`) by tsx, Jest and the type
// check; compiling them one by one would mean a second `main` for production
// (dist) and a build order. Bundling the @hookline/* code into each app, and
// leaving every npm dependency external (installed by `npm ci --omit=dev`),
// gives one self-contained file per process with the same node_modules.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** entry (TypeScript) → output (JavaScript), relative to the repository root. */
export const ENTRIES = [
  ["apps/ingest/src/main.ts", "apps/ingest/dist/main.js"],
  ["apps/worker/src/main.ts", "apps/worker/dist/main.js"],
  ["apps/notifier/src/main.ts", "apps/notifier/dist/main.js"],
  ["apps/dashboard/src/main.ts", "apps/dashboard/dist/main.js"],
  ["apps/dashboard/src/replay-main.ts", "apps/dashboard/dist/replay.js"],
  ["apps/sweeper/src/main.ts", "apps/sweeper/dist/main.js"],
  ["apps/sweeper/src/sweep-main.ts", "apps/sweeper/dist/sweep.js"],
  ["apps/sweeper/src/backfill-main.ts", "apps/sweeper/dist/backfill.js"],
  ["apps/sweeper/src/drift-main.ts", "apps/sweeper/dist/drift.js"],
  ["packages/db/src/migrate/main.ts", "packages/db/dist/migrate.js"],
];

// Bare imports other than @hookline/* stay require() calls into node_modules.
const npmDependenciesExternal = {
  name: "npm-dependencies-external",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@hookline/") ? undefined : { path: args.path, external: true },
    );
  },
};

await Promise.all(
  ENTRIES.map(([entry, output]) =>
    build({
      entryPoints: [join(ROOT, entry)],
      outfile: join(ROOT, output),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      sourcemap: true,
      logLevel: "warning",
      plugins: [npmDependenciesExternal],
    }),
  ),
);
process.stdout.write(`built ${ENTRIES.map(([, output]) => output).join(", ")}\n`);
