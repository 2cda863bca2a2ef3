import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";
import { metricsHandler } from "./metrics-handler";

export interface HealthReport {
  healthy: boolean;
  [detail: string]: unknown;
}

export interface MetricsServerOptions {
  registry: Registry;
  /** Readiness for GET /health/ready; GET /health only says the process is alive. */
  ready: () => Promise<HealthReport>;
  /** True once the process drains (SIGTERM): readiness fails first, before any work stops. */
  draining?: () => boolean;
}

/** The small /metrics + /health HTTP server every non-HTTP process (worker, notifier) runs. */
export function createMetricsServer(options: MetricsServerOptions): Server {
  const serveMetrics = metricsHandler(options.registry);
  return createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    };
    const path = req.url?.split("?", 1)[0];
    const answer = async () => {
      if (req.method !== "GET") return send(405, "text/plain", "method not allowed\n");
      if (path === "/metrics") return serveMetrics(req, res);
      if (path === "/health")
        return send(200, "application/json", JSON.stringify({ status: "ok" }));
      if (path === "/health/ready") {
        if (options.draining?.())
          return send(503, "application/json", JSON.stringify({ healthy: false, draining: true }));
        const report = await options.ready();
        return send(report.healthy ? 200 : 503, "application/json", JSON.stringify(report));
      }
      send(404, "text/plain", "not found\n");
    };
    answer().catch((error: Error) => send(500, "text/plain", `${error.message}\n`));
  });
}
