import express, { type Router } from "express";
import type { Registry } from "prom-client";

export function metricsRouter(registry: Registry): Router {
  const router = express.Router();
  router.get("/metrics", async (_req, res) => {
    res.set("Content-Type", registry.contentType).send(await registry.metrics());
  });
  return router;
}
