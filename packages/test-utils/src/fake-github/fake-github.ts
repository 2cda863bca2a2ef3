import { createHmac, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { appIdOfJwt } from "./github-app-jwt";
import { answerRepository } from "./fake-github-repositories";
import type { FakeRepository } from "./fake-github-types";

export type { FakeRepository, RequiredCheck } from "./fake-github-types";

/** One row of GitHub's delivery list, as the REST API shows it. */
export interface DeliveryRow {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

interface HookState {
  /** Where GitHub posts: the ingest. */
  url: string;
  secret: string;
  rows: DeliveryRow[];
  /** The original request of each GUID, re-sent as is on redelivery. */
  originals: Map<string, { event: string; action: string | null; body: string }>;
}

type Interceptor = {
  match: (method: string, path: string) => boolean;
  times: number;
  reply: (res: ServerResponse) => void;
};

export interface FakeGithubOptions {
  /** Tokens accepted on repository and organization endpoints. */
  tokens?: string[];
  /** GitHub Apps: id → public key verifying their JWTs. */
  apps?: Map<number, KeyObject>;
  /**
   * GitHub's clock: delivered_at of new rows and every answer's `Date`
   * header. Tests that simulate time, or a host clock skewed from GitHub's,
   * pass their own.
   */
  clock?: () => Date;
}

/**
 * A local GitHub: the REST endpoints hookline calls, with GitHub's shapes
 * (Link cursor pagination of deliveries, page-number pagination of pulls
 * through /repositories/{id}/ URLs, wrapped check lists, 404 for unknown
 * hooks, 401 for bad credentials), a delivery engine that posts signed
 * payloads to a receiver and records each attempt, and injectable failures
 * (rate limits with GitHub's headers, 5xx).
 */
export class FakeGithub {
  readonly hooks = new Map<string, HookState>();
  readonly repositories = new Map<string, FakeRepository>();
  /** Every request: method, path, authorization scheme. */
  readonly requests: Array<{ method: string; path: string; auth: string }> = [];
  readonly redeliveryRequests: Array<{ hook: string; id: number }> = [];
  private readonly interceptors: Interceptor[] = [];
  private readonly installationTokens = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextId = 12_000_000_000; // past 2^32: ids are 64-bit on GitHub
  private server?: Server;
  url = "";
  /** What GET /rate_limit reports as left of the core budget this hour. */
  rateRemaining = 5000;

  constructor(private readonly options: FakeGithubOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await this.settled();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Registers a hook at a REST base path: /repos/o/r/hooks/1, /orgs/o/hooks/2 or /app/hook. */
  addHook(path: string, url: string, secret: string): void {
    this.hooks.set(path, { url, secret, rows: [], originals: new Map() });
  }

  rows(path: string): DeliveryRow[] {
    return this.hooks.get(path)!.rows;
  }

  /** Makes the next `times` requests matching `match` get `reply` instead. */
  intercept(match: Interceptor["match"], reply: Interceptor["reply"], times = 1): void {
    this.interceptors.push({ match, reply, times });
  }

  /** Resolves once every redelivery GitHub was asked for has been attempted. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /**
   * GitHub delivering an event: posts it signed, records the attempt.
   * `unreachable` records a failed connection without trying (fast bulk setup).
   */
  async deliver(
    path: string,
    event: string,
    payload: Record<string, unknown>,
    options: { unreachable?: boolean } = {},
  ): Promise<DeliveryRow> {
    const hook = this.hooks.get(path)!;
    const guid = randomUUID();
    const action = typeof payload.action === "string" ? payload.action : null;
    const body = JSON.stringify(payload);
    hook.originals.set(guid, { event, action, body });
    return this.attempt(hook, guid, false, options.unreachable);
  }

  private async attempt(
    hook: HookState,
    guid: string,
    redelivery: boolean,
    unreachable = false,
  ): Promise<DeliveryRow> {
    const original = hook.originals.get(guid)!;
    const started = Date.now();
    let status: string;
    let statusCode = 0;
    try {
      if (unreachable) throw new Error("unreachable");
      const response = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/fake",
          "x-github-event": original.event,
          "x-github-delivery": guid,
          "x-hub-signature-256": `sha256=${createHmac("sha256", hook.secret).update(original.body).digest("hex")}`,
        },
        body: original.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      statusCode = response.status;
      status = response.ok ? "OK" : `Invalid HTTP Response: ${response.status}`;
    } catch {
      status = "failed to connect to host";
    }
    const row: DeliveryRow = {
      id: this.nextId++,
      guid,
      delivered_at: (this.options.clock?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      redelivery,
      duration: (Date.now() - started) / 1000,
      status,
      status_code: statusCode,
      event: original.event,
      action: original.action,
      installation_id: null,
      repository_id: null,
      throttled_at: null,
    };
    hook.rows.unshift(row); // newest first
    return row;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url!, this.url);
    const method = req.method!;
    const path = url.pathname;
    const authorization = req.headers.authorization ?? "";
    this.requests.push({ method, path, auth: authorization.split(" ")[0]?.toLowerCase() ?? "" });
    req.resume(); // no endpoint here reads a body

    const interceptor = this.interceptors.find(
      (candidate) => candidate.times > 0 && candidate.match(method, path),
    );
    if (interceptor) {
      interceptor.times -= 1;
      return interceptor.reply(res);
    }
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        // Like GitHub's, in its own clock (RFC 9110 IMF-fixdate, one-second resolution).
        date: (this.options.clock?.() ?? new Date()).toUTCString(),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    const notFound = () =>
      json(404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest",
        status: "404",
      });

    // GitHub App endpoints: a JWT (RS256, iss = app id, at most 10 minutes) and nothing else.
    if (path.startsWith("/app/")) {
      const appId = appIdOfJwt(authorization, this.options.apps);
      if (appId === undefined)
        return json(401, { message: "A JSON web token could not be decoded" });
      const installation = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
      if (installation && method === "POST") {
        const token = `ghs_${randomUUID().replaceAll("-", "")}`;
        this.installationTokens.add(token);
        return json(201, {
          token,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: {},
        });
      }
      if (path.startsWith("/app/hook/"))
        return this.hookEndpoint(
          method,
          "/app/hook",
          path.slice("/app/hook".length),
          url,
          res,
          json,
          notFound,
        );
      return notFound();
    }
    if (!this.tokenAccepted(authorization)) return json(401, { message: "Bad credentials" });
    // GitHub does not count this request against the budget it reports.
    if (method === "GET" && path === "/rate_limit") {
      const core = {
        limit: 5000,
        used: 5000 - this.rateRemaining,
        remaining: this.rateRemaining,
        reset: Math.floor(Date.now() / 1000) + 3600,
      };
      return json(200, { resources: { core }, rate: core });
    }

    const hookPath = /^(\/repos\/[^/]+\/[^/]+\/hooks\/\d+|\/orgs\/[^/]+\/hooks\/\d+)(\/.*)$/.exec(
      path,
    );
    if (hookPath)
      return this.hookEndpoint(method, hookPath[1]!, hookPath[2]!, url, res, json, notFound);
    return answerRepository(this.repositories, this.url, method, path, url, json, notFound);
  }

  private hookEndpoint(
    method: string,
    hookPath: string,
    rest: string,
    url: URL,
    res: ServerResponse,
    json: (status: number, body: unknown, headers?: Record<string, string>) => void,
    notFound: () => void,
  ): void {
    const hook = this.hooks.get(hookPath);
    if (!hook) return notFound();
    if (method === "GET" && rest === "/deliveries") {
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
      const cursor = url.searchParams.get("cursor");
      const start = cursor ? hook.rows.findIndex((row) => String(row.id) === cursor) + 1 : 0;
      const page = hook.rows.slice(start, start + perPage);
      const headers: Record<string, string> = {};
      const last = page[page.length - 1];
      if (last && start + perPage < hook.rows.length)
        headers.link = `<${this.url}${hookPath}/deliveries?per_page=${perPage}&cursor=${last.id}>; rel="next"`;
      return json(200, page, headers);
    }
    const attempts = /^\/deliveries\/(\d+)\/attempts$/.exec(rest);
    if (method === "POST" && attempts) {
      const row = hook.rows.find((candidate) => String(candidate.id) === attempts[1]);
      if (!row) return notFound();
      this.redeliveryRequests.push({ hook: hookPath, id: row.id });
      const attempt = this.attempt(hook, row.guid, true);
      this.inFlight.add(attempt);
      void attempt.finally(() => this.inFlight.delete(attempt));
      return json(202, {});
    }
    void res;
    return notFound();
  }

  private tokenAccepted(authorization: string): boolean {
    const [scheme, token] = authorization.split(" ");
    if (!token || !["token", "bearer"].includes(scheme!.toLowerCase())) return false;
    return (this.options.tokens ?? []).includes(token) || this.installationTokens.has(token);
  }
}
