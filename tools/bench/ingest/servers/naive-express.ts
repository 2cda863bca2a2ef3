// Peer (a): what most teams write first. express.raw, HMAC verify, one
// queue.add per request, then answer. Same Redis, same payloads.
import { createHmac, timingSafeEqual } from "node:crypto";
import express from "express";
import { Queue } from "bullmq";
import { Redis } from "ioredis";

// Port, Redis URL, secret and key prefix come on the command line.
const [PORT, REDIS_URL, SECRET, PREFIX] = process.argv.slice(2) as [string, string, string, string];
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const queue = new Queue("github-events", { connection, prefix: PREFIX });
const app = express();

app.post("/webhooks/github", express.raw({ type: "*/*", limit: "25mb" }), async (req, res) => {
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", SECRET).update(req.body).digest("hex")}`,
  );
  const given = Buffer.from(req.get("x-hub-signature-256") ?? "");
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return void res.status(401).end();
  const payload = JSON.parse(req.body.toString());
  const id = req.get("x-github-delivery")!;
  await queue.add("github", { event: req.get("x-github-event"), id, payload }, { jobId: id });
  res.status(202).json({ status: "queued" });
});

app.listen(Number(PORT), "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
