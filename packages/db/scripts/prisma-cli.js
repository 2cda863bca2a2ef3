#!/usr/bin/env node
// Runs the Prisma CLI for the commands that need no database engine
// (generate, validate, format). Prisma 7's CLI insists on a native schema
// engine binary it cannot download on machines without internet; those
// commands never execute it, so any existing file satisfies the check.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: path.resolve(__dirname, "..", "..", ".."),
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
