import { ConfigError } from "@hookline/config";

/** The problems of the ConfigError `run` throws; fails the test if it throws nothing or something else. */
export function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
