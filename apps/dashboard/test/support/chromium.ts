import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { REPO_ROOT } from "@hookline/test-utils";

// Screenshots for people to look at (gitignored); CI keeps them as artifacts.
export const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "dashboard");

/** Debian's Chromium, headless, for the dashboard's browser tests; makes ARTIFACTS first. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
}
