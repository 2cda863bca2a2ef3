import { PassThrough } from "node:stream";
import request from "supertest";
import { createLogger } from "@hookline/observability";
import { AppError } from "../src/errors/app-error";
import { webhookFastPath } from "../src/http/webhook-fast-path";

// The dispatcher alone, on a real HTTP server: which requests it takes, and
// that whatever its handler throws becomes an answer, never a crash.
describe("webhookFastPath", () => {
  let logged = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => (logged += chunk.toString()));
  const logger = createLogger({ service: "fast-path-test", level: "debug", stream });
  const seen: string[] = [];
  const listener = webhookFastPath({
    path: "/hook",
    trustProxy: () => false,
    logger,
    handle: async (req, res, clientIp) => {
      seen.push(`${req.url} from ${clientIp}`);
      if (req.url?.includes("app-error")) throw new AppError("MALFORMED_BODY", "bad body");
      if (req.url?.includes("bug")) throw new TypeError("cannot read properties of undefined");
      res.writeHead(202).end("taken");
    },
    fallback: (req, res) => res.writeHead(299).end(`fallback ${req.method} ${req.url}`),
  });

  it("takes POSTs to exactly its path, with any query string, and nothing else", async () => {
    await request(listener).post("/hook").expect(202, "taken");
    await request(listener).post("/hook?x=1").expect(202, "taken");
    await request(listener).post("/hook/").expect(299, "fallback POST /hook/");
    await request(listener).get("/hook").expect(299, "fallback GET /hook");
    await request(listener).post("/other").expect(299, "fallback POST /other");
    expect(seen).toEqual([
      expect.stringMatching(/^\/hook from (::ffff:)?127\.0\.0\.1$/),
      expect.stringMatching(/^\/hook\?x=1 from (::ffff:)?127\.0\.0\.1$/),
    ]);
  });

  it("answers an AppError with its status and code, and anything else with 500, logged", async () => {
    const refused = await request(listener).post("/hook?app-error").expect(400);
    expect(refused.body).toEqual({ error: { code: "MALFORMED_BODY", message: "bad body" } });
    const failed = await request(listener).post("/hook?bug").expect(500);
    expect(failed.body).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
    expect(logged).toContain("unhandled error");
    await request(listener).post("/hook").expect(202); // still serving
  });

  it("answers 500 when working out the client address throws, instead of crashing", async () => {
    const broken = webhookFastPath({
      path: "/hook",
      trustProxy: () => {
        throw new Error("broken trust function");
      },
      logger,
      handle: async (_req, res) => void res.writeHead(202).end(),
      fallback: (_req, res) => res.writeHead(299).end(),
    });
    const failed = await request(broken)
      .post("/hook")
      .set("X-Forwarded-For", "203.0.113.9")
      .expect(500);
    expect(failed.body.error.code).toBe("INTERNAL");
  });
});
