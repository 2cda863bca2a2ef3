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

/**
 * What `npm start` checks before it starts anything: the configuration as
 * every app reads it (the same check as `npm run config -- check`), then
 * that every port an app will bind is free. Returns the problems, each
 * naming the key or setting to change; empty when the stack can start.
 */
export async function preflight(
  env: Environment,
  cwd: string,
  log: (line: string) => void,
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
  return { problems, file: result.file };
}
