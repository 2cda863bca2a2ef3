import { createHmac } from "node:crypto";
import {
  burstDeliveries,
  DELIVERIES_PER_PULL_REQUEST,
  finalHeadSha,
} from "../burst/burst-deliveries";

// bench:burst's "final state" and "every notification" depend on the data
// being a real life of each pull request: these are the facts it relies on.
describe("bench:burst deliveries", () => {
  const deliveries = burstDeliveries(3_000_003, 4, "s");
  const parsed = deliveries.map((delivery) => ({
    ...delivery,
    payload: JSON.parse(delivery.body) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  }));

  it("gives every pull request its ten deliveries, step by step across pull requests, each signed", () => {
    expect(deliveries).toHaveLength(4 * DELIVERIES_PER_PULL_REQUEST);
    expect(parsed.slice(0, 4).map((d) => d.payload.action)).toEqual(Array(4).fill("opened"));
    expect(parsed.slice(-4).map((d) => d.payload.action)).toEqual(Array(4).fill("closed"));
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(deliveries.length);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(deliveries.length);
    for (const d of deliveries)
      expect(d.signature).toBe(`sha256=${createHmac("sha256", "s").update(d.body).digest("hex")}`);
  });

  it("ends each pull request closed on the head its checks and statuses report, in its own repository", () => {
    for (const d of parsed.filter((d) => d.payload.action === "closed")) {
      expect(d.payload.pull_request.state).toBe("closed");
      expect(d.payload.pull_request.head.sha).toBe(finalHeadSha(3_000_003, d.payload.number));
    }
    const signals = parsed.filter((d) => d.event !== "pull_request");
    expect(signals.every((d) => d.payload.repository.id === 3_000_003)).toBe(true);
    const shas = new Set(
      parsed
        .filter((d) => d.payload.action === "closed")
        .map((d) => d.payload.pull_request.head.sha),
    );
    expect(signals.every((d) => shas.has(d.payload.check_run?.head_sha ?? d.payload.sha))).toBe(
      true,
    );
  });

  it("uses check run and status ids no other repository of the run uses (GitHub's ids are global)", () => {
    const ids = (repository: number) =>
      burstDeliveries(repository, 4, "s")
        .map((d) => JSON.parse(d.body) as { check_run?: { id: number }; id?: number })
        .map((payload) => payload.check_run?.id ?? payload.id)
        .filter((id) => id !== undefined);
    const other = new Set(ids(3_000_002));
    expect(ids(3_000_003).some((id) => other.has(id))).toBe(false);
  });
});
