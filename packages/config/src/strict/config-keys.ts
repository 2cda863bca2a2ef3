import { configSchema } from "../schema";
import { keyPaths, shapeOf } from "./schema-shape";

/**
 * Every key of the configuration schema as a path: `outgoing.channels.<name>.url`,
 * `github.hooks[].kind`. What config.example.yaml and docs/configuration.md are checked against.
 */
export function configKeyPaths(): string[] {
  return keyPaths(shapeOf(configSchema));
}
