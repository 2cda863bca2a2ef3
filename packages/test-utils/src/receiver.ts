import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** The request's path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with the n-th request (0-based). */
export type ReceiverReply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true }
  | { destroy: true };

export interface Receiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Changes the behaviour for requests from now on. */
  reply(behaviour: (index: number, request: ReceivedRequest) => ReceiverReply): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 standing in for a monitoring/alerting/audit endpoint. */
export async function startReceiver(
  behaviour: (index: number, request: ReceivedRequest) => ReceiverReply = () => ({ status: 200 }),
  port = 0,
): Promise<Receiver> {
  let current = behaviour;
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      received.push(request);
      const reply = current(received.length - 1, request);
      if ("hang" in reply) return;
      if ("destroy" in reply) return void req.socket.destroy();
      res.writeHead(reply.status, { "Content-Type": "text/plain", ...reply.headers });
      res.end(reply.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/hook`,
    port: bound,
    received,
    reply(next) {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
