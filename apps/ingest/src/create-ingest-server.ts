import { createServer, type Server } from "node:http";
import type { Config } from "@hookline/config";

/**
 * The ingest's HTTP server with its slow-client limits. A client that dribbles
 * its headers or never finishes its body is cut off (408) after
 * `headers_timeout` / `request_timeout`, and Node checks those every second
 * instead of its default 30 s, so such clients hold a socket briefly and
 * never delay anyone else's delivery. The caller attaches the request listener.
 */
export function createIngestServer(
  ingest: Pick<Config["ingest"], "headers_timeout" | "request_timeout">,
): Server {
  const requestTimeout = Math.max(ingest.request_timeout, ingest.headers_timeout);
  const server = createServer({
    headersTimeout: ingest.headers_timeout,
    requestTimeout,
    connectionsCheckingInterval: Math.min(1000, ingest.headers_timeout),
  });
  // Keep-alive longer than typical load balancers' idle timeout, so they close first.
  server.keepAliveTimeout = 65_000;
  return server;
}
