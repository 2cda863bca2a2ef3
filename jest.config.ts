import type { Config } from "jest";

// Integration tests (*.int.test.ts) talk to the real redis-server and
// PostgreSQL that the global setup starts; unit tests (*.test.ts) need nothing.
const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/apps", "<rootDir>/packages", "<rootDir>/tools"],
  testMatch: ["**/test/**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
    // octokit (and the small packages it is built on) ships ES modules only;
    // Jest on Node 20 cannot require them, so they are compiled to CommonJS.
    "^.+\\.js$": ["ts-jest", { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [
    "/node_modules/(?!(@octokit|universal-user-agent|before-after-hook|universal-github-app-jwt|json-with-bigint|content-type)/)",
  ],
  globalSetup: "<rootDir>/packages/test-utils/src/jest/global-setup.ts",
  globalTeardown: "<rootDir>/packages/test-utils/src/jest/global-teardown.ts",
  reporters: ["default", "<rootDir>/packages/test-utils/src/jest/summary-reporter.js"],
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
