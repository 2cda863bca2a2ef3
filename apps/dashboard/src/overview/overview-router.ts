import express, { type Router } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import { page } from "../http/html";
import { userOf } from "../users/authenticate";
import { readOverview } from "./overview-data";
import { overviewBody } from "./overview-page";

/** GET / : the Overview page every role sees first; GET /api/overview: the same as JSON. */
export function overviewRouter(deps: {
  queues: ReadonlyMap<string, Queue>;
  redis: Redis;
  prefix: string;
  prisma: PrismaClient;
  timeZone: string;
}): Router {
  const router = express.Router();
  router.get("/api/overview", (_req, res, next) => {
    readOverview(deps)
      .then((overview) => res.json(overview))
      .catch(next);
  });
  router.get("/", (_req, res, next) => {
    readOverview(deps)
      .then((overview) =>
        res
          .type("html")
          .send(
            page(
              "Overview",
              userOf(res),
              deps.timeZone,
              overviewBody(overview, deps.timeZone),
              "/",
            ),
          ),
      )
      .catch(next);
  });
  return router;
}
