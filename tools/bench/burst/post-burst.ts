import autocannon from "autocannon";
import type { BurstDelivery } from "./burst-deliveries";

export interface PostResult {
  seconds: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Answers other than 2xx, plus connection errors and timeouts. */
  non2xx: number;
  p50: number;
  p99: number;
}

/**
 * Posts every delivery once to the ingest at `port`, from `connections`
 * keep-alive connections, each sending its next delivery as soon as the
 * last one is answered: as fast as the ingest takes them.
 */
export async function postBurst(
  port: number,
  deliveries: readonly BurstDelivery[],
  connections: number,
): Promise<PostResult> {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount: deliveries.length,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/webhooks/github",
        setupRequest: (request) => {
          // autocannon sends exactly `amount`; the guard only keeps a stray extra a duplicate.
          const delivery = deliveries[Math.min(next, deliveries.length - 1)]!;
          next += 1;
          return {
            ...request,
            body: delivery.body,
            headers: {
              "content-type": "application/json",
              "x-github-event": delivery.event,
              "x-github-delivery": delivery.id,
              "x-hub-signature-256": delivery.signature,
            },
          };
        },
      },
    ],
  });
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    statuses,
    non2xx: result.non2xx + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
