// Peer (b): what a Probot / @octokit/webhooks user writes: the library's
// Node middleware verifies and dispatches; the handler queues the event.
import { createServer } from "node:http";
import { Webhooks, createNodeMiddleware } from "@octokit/webhooks";
import { Queue } from "bullmq";
import { Redis } from "ioredis";

// Port, Redis URL, secret and key prefix come on the command line.
const [PORT, REDIS_URL, SECRET, PREFIX] = process.argv.slice(2) as [string, string, string, string];
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const queue = new Queue("github-events", { connection, prefix: PREFIX });
const webhooks = new Webhooks({ secret: SECRET });
webhooks.on("pull_request", async ({ id, name, payload }) => {
  await queue.add("github", { event: name, id, payload }, { jobId: id });
});
const middleware = createNodeMiddleware(webhooks, {
  path: "/webhooks/github",
  log: { debug() {}, info() {}, warn() {}, error: console.error },
});
createServer(async (req, res) => {
  if (await middleware(req, res)) return;
  res.writeHead(404).end();
}).listen(Number(PORT), "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
