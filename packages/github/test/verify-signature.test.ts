import { createHmac } from "node:crypto";
import {
  computeSignature,
  GITHUB_SIGNATURE_SCHEME,
  isHandledEvent,
  verifySignature,
} from "@hookline/github";

// The example from GitHub's "Validating webhook deliveries" documentation.
const DOC_SECRET = "It's a Secret to Everybody";
const DOC_PAYLOAD = "Hello, World!";
const DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("verifySignature", () => {
  it("matches GitHub's documented example", () => {
    expect(computeSignature(GITHUB_SIGNATURE_SCHEME, DOC_SECRET, DOC_PAYLOAD)).toBe(DOC_SIGNATURE);
    expect(
      verifySignature(
        GITHUB_SIGNATURE_SCHEME,
        [DOC_SECRET],
        Buffer.from(DOC_PAYLOAD),
        DOC_SIGNATURE,
      ),
    ).toBe(true);
  });

  it("accepts any of several active secrets", () => {
    expect(
      verifySignature(
        GITHUB_SIGNATURE_SCHEME,
        ["old", DOC_SECRET],
        Buffer.from(DOC_PAYLOAD),
        DOC_SIGNATURE,
      ),
    ).toBe(true);
  });

  it.each([
    ["a wrong secret", ["nope"], DOC_PAYLOAD, DOC_SIGNATURE],
    ["no secrets", [], DOC_PAYLOAD, DOC_SIGNATURE],
    ["a changed payload", [DOC_SECRET], "Hello, World?", DOC_SIGNATURE],
    ["a missing prefix", [DOC_SECRET], DOC_PAYLOAD, DOC_SIGNATURE.slice(7)],
    ["a truncated digest", [DOC_SECRET], DOC_PAYLOAD, DOC_SIGNATURE.slice(0, -2)],
    ["an empty header", [DOC_SECRET], DOC_PAYLOAD, ""],
  ])("rejects %s", (_name, secrets, payload, signature) => {
    expect(verifySignature(GITHUB_SIGNATURE_SCHEME, secrets, Buffer.from(payload), signature)).toBe(
      false,
    );
  });

  it("supports other algorithms and base64 for custom sources", () => {
    const scheme = { algorithm: "sha512", encoding: "base64", prefix: "" } as const;
    const header = createHmac("sha512", "s").update("body").digest("base64");
    expect(verifySignature(scheme, ["s"], Buffer.from("body"), header)).toBe(true);
  });
});

describe("isHandledEvent", () => {
  it.each([
    ["pull_request", "opened", true],
    ["pull_request", "ready_for_review", true],
    ["check_run", "completed", true],
    ["check_run", "created", true],
    ["check_run", "rerequested", true],
    ["check_run", "requested_action", false],
    ["check_suite", "completed", true],
    ["check_suite", "requested", true],
    ["check_suite", "rerequested", true],
    ["branch_protection_rule", "edited", true],
    ["repository_ruleset", "deleted", true],
    ["status", null, true],
    ["ping", null, false],
    ["issues", "opened", false],
    ["toString", null, false],
  ])("%s %s -> %s", (event, action, expected) => {
    expect(isHandledEvent(event, action)).toBe(expected);
  });
});
