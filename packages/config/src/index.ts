export {
  loadConfig,
  loadConfigFrom,
  formatPath,
  type LoadConfigOptions,
  type LoadedConfig,
} from "./load-config";
export { loadProcessConfig } from "./load-process-config";
export { findConfigFile, describeConfigFile, type ConfigFile } from "./config-file";
export { configKeyPaths, schemaKeyPath, writtenKeyPaths } from "./strict/config-keys";
export { ConfigError } from "./config-error";
export type { Role } from "./role-requirements";
export type { Environment } from "./interpolate";
export type { Config, RawConfig } from "./schema";
export {
  DASHBOARD_ROLES,
  PASSWORD_HASH_PATTERN,
  type DashboardRole,
  type DashboardConfig,
} from "./schema/dashboard";
export type { ChannelConfig, OutgoingConfig } from "./schema/outgoing";
export type { RedisConfig } from "./schema/redis";
export type { CustomSourceConfig, IncomingConfig } from "./schema/incoming";
export { PRIORITIES, type Priority } from "./schema/primitives";
export { externalServices } from "./external-services";
export type { GithubAppConfig, GithubConfig, GithubHookConfig } from "./schema/github";
export { REPO_ROOT } from "./repo-root";
export { GITHUB_REDELIVERY_WINDOW_MS, type RetentionConfig } from "./schema/retention";
export { checkConfig, APP_ROLES, type ConfigCheck } from "./check/check-config";
export { redactConfig } from "./check/redact-config";
export { localStackEnv } from "./check/local-stack-env";
export { overrideVariables, describeSetting } from "./env-overrides";
