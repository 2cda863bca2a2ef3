import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Client } from "pg";
import { findBinary } from "./find-binary";
import { freePort } from "./free-port";
import { startProcess, waitUntil, type ManagedProcess } from "./managed-process";

export interface PostgresServer {
  /** URL of the `postgres` maintenance database; create others from it. */
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  dataDir: string;
  port?: number;
  /** Trade durability for speed: right for throwaway test clusters only. */
  ephemeral?: boolean;
  searchPath?: string;
  /**
   * Its own process group: a terminal's Ctrl-C then reaches only the caller,
   * which stops the server after the apps that use it (the local stack).
   */
  ownProcessGroup?: boolean;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

// initdb and postgres refuse to run as root, so root runs them as the
// `postgres` system user (which owns the data directory).
function unprivilegedUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const lookup = (flag: string) =>
    Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = lookup("-u");
  const gid = lookup("-g");
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error("running as root needs a `postgres` user to run PostgreSQL");
  return { uid, gid };
}

function initCluster(dataDir: string, runAs: RunAs, searchPath: string): void {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) {
    chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
    // The postgres user must be able to reach its data directory (mkdtemp makes 0700 parents).
    chmodSync(dirname(dataDir), 0o711);
  }
  const result = spawnSync(
    findBinary("initdb", searchPath),
    ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
    { ...runAs, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`initdb failed:\n${result.stdout}\n${result.stderr}`);
}

async function acceptsQueries(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgres(options: StartPostgresOptions): Promise<PostgresServer> {
  const searchPath = options.searchPath ?? "";
  const runAs = unprivilegedUser();
  initCluster(options.dataDir, runAs, searchPath);
  const port = options.port ?? (await freePort());
  const settings = [
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${options.dataDir}`,
    "max_connections=300",
    ...(options.ephemeral ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const args = [
    "-D",
    options.dataDir,
    "-p",
    String(port),
    ...settings.flatMap((setting) => ["-c", setting]),
  ];
  const server = startProcess(findBinary("postgres", searchPath), args, {
    ...runAs,
    detached: options.ownProcessGroup ?? false,
  });
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await waitUntil(server, "postgres", () => acceptsQueries(url));
  // SIGTERM is PostgreSQL's "smart" shutdown, which waits for clients; SIGINT ("fast") does not.
  const stop = async () => {
    server.child.kill("SIGINT");
    await server.stop(10_000);
  };
  return { url, port, process: server, stop };
}
