import { randomUUID } from "node:crypto";
import { githubExamples } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Property-style: every string field of GitHub's example payloads replaced by
// a hostile string (seeded, so a failure can be reproduced), and each event
// must still be applied, its text stored with only what PostgreSQL refuses
// replaced. Fields whose format the worker checks (times, actions, states)
// keep their values: a malformed one is a payload that can never succeed.
const LONG = 20_000;
const HOSTILE: readonly ((random: () => number) => string)[] = [
  () => "nul\u0000inside",
  () => "\u0000",
  () => "lone high \uD800 surrogate",
  () => "lone low \uDFFF",
  () => "\uDBFF",
  () => "emoji 👩‍👩‍👧‍👦 🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  () => "\u202Eright-to-left\u202C \u200F\u05E9\u05DC\u05D5\u05DD\u200E",
  (random) => "x".repeat(LONG + Math.floor(random() * 1000)),
  (random) => "\u0000\uD83D".repeat(Math.floor(random() * 50) + 1) + "é".repeat(LONG),
  () => "",
  () => "[".repeat(500) + "]".repeat(500),
];

const KEPT = new Set(["action", "state", "updated_at"]);

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function isTimestamp(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT/.test(value);
}

/** Replaces every string (not times, actions, states) with a hostile one, in place. */
function inject(value: Json, random: () => number): Json {
  if (typeof value === "string")
    return isTimestamp(value) ? value : HOSTILE[Math.floor(random() * HOSTILE.length)]!(random);
  if (Array.isArray(value)) return value.map((item) => inject(item, random));
  if (value && typeof value === "object") {
    for (const key of Object.keys(value))
      if (!KEPT.has(key) && !key.endsWith("_at")) value[key] = inject(value[key]!, random);
  }
  return value;
}

/** GitHub nests far less deeply; this is more than any real payload has. */
function deepNesting(depth: number): Json {
  let value: Json = "bottom\u0000";
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { level: value };
  return value;
}

/** What PostgreSQL is given: NUL and unpaired surrogates become U+FFFD (walked code unit by code unit). */
function expectedText(text: string): string {
  let result = "";
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      result += text[i]! + text[i + 1]!;
      i += 1;
    } else if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) result += "\uFFFD";
    else result += text[i]!;
  }
  return result;
}

const CASES = [
  { event: "pull_request", payloads: githubExamples("pull_request") },
  {
    event: "check_run",
    payloads: githubExamples("check_run").filter((payload) => payload.action === "completed"),
  },
  {
    event: "check_suite",
    payloads: githubExamples("check_suite").filter((payload) => payload.action === "completed"),
  },
  { event: "status", payloads: githubExamples("status") },
];

describe("hostile strings in every string field of GitHub's examples", () => {
  let harness: WorkerHarness;
  beforeAll(async () => {
    harness = await createWorkerHarness();
  });
  afterAll(() => harness.close());

  let unique = 1;
  it.each(CASES.flatMap(({ event }) => [1, 2].map((seed) => [event, seed] as const)))(
    "applies every %s example (seed %i)",
    async (event, seed) => {
      const random = seeded(seed * 7919 + event.length);
      const payloads = CASES.find((entry) => entry.event === event)!.payloads;
      for (const original of payloads) {
        const payload = inject(structuredClone(original), random) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        payload.hookline_deep = deepNesting(400);
        const id = 50_000_000 + (unique += 1);
        if (event === "pull_request") Object.assign(payload.pull_request, { id, number: id });
        else if (event === "status") payload.id = id;
        else payload[event].id = id;

        const deliveryId = randomUUID();
        expect(await harness.apply(event, payload, deliveryId)).toBe("processed");
        const delivery = await harness.prisma.webhookDelivery.findUniqueOrThrow({
          where: { deliveryId },
        });
        expect(delivery).toMatchObject({ status: "PROCESSED", lastError: null });

        if (event === "pull_request") {
          const row = await harness.prisma.pullRequest.findUniqueOrThrow({
            where: { id: BigInt(id) },
          });
          expect(row.title).toBe(expectedText(payload.pull_request.title));
          expect(row.headRef).toBe(expectedText(payload.pull_request.head.ref));
          expect(row.author).toBe(expectedText(payload.pull_request.user.login));
        } else if (event === "status") {
          const row = await harness.prisma.commitStatus.findUniqueOrThrow({
            where: { id: BigInt(id) },
          });
          expect(row.description).toBe(
            payload.description === null ? null : expectedText(payload.description),
          );
          expect(row.targetUrl).toBe(
            payload.target_url === null ? null : expectedText(payload.target_url),
          );
        } else if (event === "check_run") {
          const row = await harness.prisma.checkRun.findUniqueOrThrow({
            where: { id: BigInt(id) },
          });
          expect(row.name).toBe(expectedText(payload.check_run.name));
          expect(row.conclusion).toBe(expectedText(payload.check_run.conclusion));
        } else {
          const row = await harness.prisma.checkSuite.findUniqueOrThrow({
            where: { id: BigInt(id) },
          });
          expect(row.conclusion).toBe(expectedText(payload.check_suite.conclusion));
        }
        const repository = await harness.prisma.repository.findUniqueOrThrow({
          where: { id: BigInt(payload.repository.id) },
        });
        expect(repository.fullName).toEqual(expect.any(String));
      }
    },
    60_000,
  );
});
