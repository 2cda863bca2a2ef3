import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

/** GET /metrics in Prometheus' text format; a plain Node handler, so Express apps and bare servers share it. */
export function metricsHandler(registry: Registry) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await registry.metrics();
    res.writeHead(200, {
      "Content-Type": registry.contentType,
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
  };
}
