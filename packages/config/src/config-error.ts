/**
 * Everything wrong with the configuration, in one message. Messages name
 * keys and variables, never values, so secrets cannot leak through them.
 */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";

  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}
