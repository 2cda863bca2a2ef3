import express, { type Express } from "express";
import type { Queue } from "bullmq";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Config } from "@hookline/config";
import { createRegistry, metricsHandler } from "@hookline/observability";
import { registerQueueDepthGauge } from "@hookline/queue";
import { basicAuth } from "./basic-auth";
import { replayRouter } from "./replay-router";

export interface DashboardDeps {
  config: Config;
  queues: readonly Queue[];
}

/**
 * Bull Board over every queue (inspect, retry, clean, replay the failed set
 * of `deliveries`, the dead-letter queue) behind Basic authentication, unless
 * configured local-only, in which case main.ts binds it to 127.0.0.1.
 */
export function createDashboard({ config, queues }: DashboardDeps): Express {
  const board = new ExpressAdapter();
  board.setBasePath("/");
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "hookline" } },
  });

  const app = express();
  app.disable("x-powered-by");
  const registry = createRegistry("dashboard");
  registerQueueDepthGauge(registry, queues);
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Like /health, open to the scraper: it says nothing a queue-depth graph does not.
  app.get("/metrics", metricsHandler(registry));
  const { username, password } = config.dashboard;
  if (username !== undefined && password !== undefined) app.use(basicAuth(username, password));
  app.use(replayRouter(new Map(queues.map((queue) => [queue.name, queue]))));
  app.use("/", board.getRouter());
  return app;
}
