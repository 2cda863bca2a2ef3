import express, { type Router } from "express";
import type { Queue } from "bullmq";
import { replayFailed } from "@hookline/queue";
import { parseReplayArguments } from "./replay-arguments";

/**
 * POST /api/replay {"queue": "deliveries", "job": "<id>" | "all": true | "since": "<ISO time>"}
 * — the replay command as an endpoint, for on-call scripts next to the board.
 */
export function replayRouter(queues: ReadonlyMap<string, Queue>): Router {
  const router = express.Router();
  router.post("/api/replay", express.json(), async (req, res) => {
    const body = (req.body ?? {}) as {
      queue?: string;
      job?: string;
      all?: boolean;
      since?: string;
    };
    const args = [
      ...(body.queue ? ["--queue", body.queue] : []),
      ...(body.job ? ["--job", body.job] : []),
      ...(body.all ? ["--all"] : []),
      ...(body.since ? ["--since", body.since] : []),
    ];
    let command;
    try {
      command = parseReplayArguments(args);
    } catch (error) {
      res
        .status(400)
        .json({ error: { code: "BAD_REQUEST", message: (error as Error).message.split("\n")[0] } });
      return;
    }
    try {
      const replayed = await replayFailed(queues.get(command.queue)!, command);
      res.json({ queue: command.queue, replayed: replayed.length, job_ids: replayed });
    } catch (error) {
      res.status(404).json({ error: { code: "NOT_FOUND", message: (error as Error).message } });
    }
  });
  return router;
}
