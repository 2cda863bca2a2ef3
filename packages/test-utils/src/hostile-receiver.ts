import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How a hostile receiver treats every request (issue 18's kinds). */
export type HostileKind =
  /** Answers the status at once, then sends its body one byte every `intervalMs`, never ending. */
  | { kind: "slow-body"; status: number; intervalMs: number }
  /** Accepts the connection and the request, never answers. */
  | { kind: "black-hole" }
  /** Always this status with `Retry-After: <seconds>`. */
  | { kind: "throttle"; status: 429 | 503; retryAfterSeconds: number }
  /** 302 to `location` (a private address). */
  | { kind: "redirect"; location: string };

export interface HostileReceiver {
  url: string;
  /** Requests received so far. */
  count(): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (port 0) that misbehaves as `behaviour` says. */
export async function startHostileReceiver(behaviour: HostileKind): Promise<HostileReceiver> {
  let count = 0;
  const trickles = new Set<NodeJS.Timeout>();
  const trickle = (res: ServerResponse, intervalMs: number) => {
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        trickles.delete(timer);
      } else res.write(".");
    }, intervalMs);
    trickles.add(timer);
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      switch (behaviour.kind) {
        case "slow-body":
          res.writeHead(behaviour.status, { "Content-Type": "text/plain" });
          res.flushHeaders();
          trickle(res, behaviour.intervalMs);
          return;
        case "black-hole":
          return;
        case "throttle":
          res.writeHead(behaviour.status, { "Retry-After": String(behaviour.retryAfterSeconds) });
          return void res.end("slow down");
        case "redirect":
          res.writeHead(302, { Location: behaviour.location });
          return void res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const timer of trickles) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
