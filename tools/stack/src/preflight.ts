import { createServer } from "node:net";
import {
  checkConfig,
  describeConfigFile,
  describeSetting,
  type Config,
  type ConfigFile,
} from "@hookline/config";

type Environment = Record<string, string | undefined>;

/** The ports the stack's apps bind, with the setting that moves each. */
function appPorts(config: Config): Array<{ app: string; port: number; host: string; key: string }> {
  const dashboardHost =
    Object.keys(config.dashboard.users).length > 0 ? config.dashboard.host : "127.0.0.1";
  return [
    { app: "ingest", port: config.ingest.port, host: config.ingest.host, key: "ingest.port" },
    { app: "dashboard", port: config.dashboard.port, host: dashboardHost, key: "dashboard.port" },
    {
      app: "worker",
      port: config.worker.metrics_port,
      host: config.worker.metrics_host,
      key: "worker.metrics_port",
    },
    {
      app: "notifier",
      port: config.notifier.metrics_port,
      host: config.notifier.metrics_host,
      key: "notifier.metrics_port",
    },
    {
      app: "sweeper",
      port: config.sweeper.metrics_port,
      host: config.sweeper.metrics_host,
      key: "sweeper.metrics_port",
    },
  ].filter((entry) => entry.port !== 0);
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A server `npm start` runs itself (Redis, PostgreSQL) unless a URL points elsewhere. */
export interface LocalService {
  name: string;
  port: number;
  /** The variable that points the stack at a running server instead, e.g. REDIS_URL. */
  urlVariable: string;
  /** The variable that moves the local server's port, e.g. LOCAL_REDIS_PORT. */
  portVariable: string;
}

/**
 * What `npm start` checks before it starts anything: the configuration as
 * every app reads it (the same check as `npm run config -- check`), then
 * that every port an app will bind is free, and the ports of the local
 * servers it will start (`localServices`: Redis, PostgreSQL). Returns the
 * problems, each naming the key or variable to change; empty when the
 * stack can start.
 */
export async function preflight(
  env: Environment,
  cwd: string,
  log: (line: string) => void,
  localServices: readonly LocalService[] = [],
): Promise<{ problems: string[]; file: ConfigFile }> {
  const result = checkConfig(env, cwd);
  log(describeConfigFile(result.file));
  if (!result.ok) return { problems: result.problems, file: result.file };
  const problems: string[] = [];
  for (const { app, port, host, key } of appPorts(result.config)) {
    if (!(await portFree(port, host)))
      problems.push(
        `${app}: port ${port} on ${host} is already in use: set ${describeSetting(key)} to another port`,
      );
  }
  // Found here rather than by the server's own log after Redis has started:
  // a bad start leaves nothing running and names what to change.
  for (const { name, port, urlVariable, portVariable } of localServices) {
    if (!(await portFree(port, "127.0.0.1")))
      problems.push(
        `${name}: port ${port} on 127.0.0.1 is already in use: set ${portVariable} to another port, or ${urlVariable} to use a server that is running`,
      );
  }
  return { problems, file: result.file };
}
