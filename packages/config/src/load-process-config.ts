import { describeConfigFile } from "./config-file";
import { loadConfigFrom } from "./load-config";
import type { Role } from "./role-requirements";
import type { Config } from "./schema";

/**
 * The configuration of this process: CONFIG_PATH, or ./config.yaml in the
 * working directory, then the environment. Says first, on stderr (stdout
 * belongs to commands' output), which file it read or that it read none,
 * so an ignored file can never go unnoticed. Throws ConfigError.
 */
export function loadProcessConfig(role: Role): Config {
  const { config, file } = loadConfigFrom({ env: process.env, role, cwd: process.cwd() });
  process.stderr.write(
    `${JSON.stringify({ level: "info", message: describeConfigFile(file), service: role })}\n`,
  );
  return config;
}
