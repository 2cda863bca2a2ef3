// `npm run tour -- send [number]` and `npm run tour -- receive [port]`: the
// README's five-minute tour against `npm start`. `send` posts GitHub-shaped,
// signed deliveries for one pull request (octo/hookline#<number>: opened, a
// check run queued, then failed) to the local ingest and prints each answer;
// `receive` is a notification receiver on 127.0.0.1 that prints what arrives.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { REPO_ROOT } from "@hookline/config";
import { checkRunEvent, pullRequestEvent, signGithub } from "@hookline/test-utils";

const [command = "send", argument] = process.argv.slice(2);

/** The secret `npm start` uses: GITHUB_WEBHOOK_SECRET, else the development secret it generated. */
function localSecret(): string {
  if (process.env.GITHUB_WEBHOOK_SECRET) return process.env.GITHUB_WEBHOOK_SECRET;
  const file = join(REPO_ROOT, ".hookline", "local", "github-webhook-secret");
  if (!existsSync(file)) throw new Error(`no ${file}: start the stack first (npm start)`);
  return readFileSync(file, "utf8").trim();
}

async function send(number: number): Promise<void> {
  const ingest = `http://127.0.0.1:${process.env.INGEST_PORT ?? "3000"}/webhooks/github`;
  const secret = localSecret();
  const sha = `${number.toString(16).padStart(8, "0")}${"c0ffee".repeat(5)}00`;
  const now = (offsetSeconds: number) =>
    new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const queued = checkRunEvent(70_000 + number, sha, "failure", now(2), "tests");
  queued.action = "created";
  Object.assign(queued.check_run, {
    status: "queued",
    conclusion: null,
    started_at: now(1),
    completed_at: null,
  });
  const deliveries: Array<[string, Record<string, unknown>]> = [
    [
      "pull_request",
      pullRequestEvent({ number, action: "opened", updatedAt: now(0), headSha: sha }),
    ],
    ["check_run", queued],
    ["check_run", checkRunEvent(70_000 + number, sha, "failure", now(2), "tests")],
  ];
  for (const [event, payload] of deliveries) {
    const body = JSON.stringify(payload);
    const answer = await fetch(ingest, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": randomUUID(),
        "X-Hub-Signature-256": signGithub(body, secret),
      },
      body,
    });
    console.log(`${event} ${String(payload.action)}: ${answer.status} ${await answer.text()}`);
    // One at a time, as GitHub sends them: the order is part of the story.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.log(
    `\nPull request: http://localhost:${process.env.DASHBOARD_PORT ?? "3001"}/pull-requests/octo/hookline/${number}`,
  );
}

function receive(port: number): void {
  createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const sent = JSON.parse(body) as { type?: string; data?: { version?: number } };
      console.log(
        `${String(request.headers["webhook-id"])}  ${sent.type ?? "batch"}  version ${sent.data?.version ?? "-"}`,
      );
      response.writeHead(204).end();
    });
  }).listen(port, "127.0.0.1", () => console.log(`receiving on http://127.0.0.1:${port}/hook`));
}

if (command === "receive") receive(Number(argument ?? 9000));
else if (command === "send")
  send(Number(argument ?? 1)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
else {
  console.error("usage: npm run tour -- send [number] | receive [port]");
  process.exitCode = 2;
}
