import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LatencyReceiver {
  /** Base URL; each channel posts to `${url}/<channel>`. */
  url: string;
  /** Deliveries received since the last reset, and their latencies (ms from publish to receipt). */
  received(): number;
  latencies(): number[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * The healthy receivers of bench:isolation, one server for five channels
 * (paths): answers 200 at once and notes how long each notification took
 * from its publication (`data.sent_at`) to here.
 */
export async function startLatencyReceiver(): Promise<LatencyReceiver> {
  let latencies: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { data: { sent_at: number } };
      latencies.push(Date.now() - body.data.sent_at);
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "2" });
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => latencies.length,
    latencies: () => latencies,
    reset: () => void (latencies = []),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
