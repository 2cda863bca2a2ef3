import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface ConnectProxy {
  url: string;
  /** The request target of every CONNECT, e.g. "127.0.0.1:8080", in order. */
  connects: string[];
  /** The Proxy-Authorization header of every CONNECT ("" when none). */
  authorizations: string[];
  /** Every request line the proxy saw that was not a CONNECT (absolute-form GET/POST). */
  forwards: string[];
  /** From now on, answer CONNECT with this status instead of tunnelling (0: tunnel). */
  refuseWith(status: number): void;
  close(): Promise<void>;
}

/** A real forward proxy on 127.0.0.1 that tunnels CONNECT to the named host:port. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = [];
  const forwards: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  let refusal = 0;
  const server: Server = createServer((req, res) => {
    forwards.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    connects.push(req.url ?? "");
    authorizations.push(req.headers["proxy-authorization"] ?? "");
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (refusal) return void client.end(`HTTP/1.1 ${refusal} Refused\r\nContent-Length: 0\r\n\r\n`);
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? "");
    const upstream = connect(Number(match?.[2]), match?.[1]);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.once("connect", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    authorizations,
    forwards,
    refuseWith(status) {
      refusal = status;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
