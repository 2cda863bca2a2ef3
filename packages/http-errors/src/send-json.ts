import type { ServerResponse } from "node:http";

/**
 * Writes a JSON answer in one call (status, headers, body). The ingest's
 * webhook hot path uses it instead of Express's res.json, which costs
 * several header round-trips per call; an Express response is a
 * ServerResponse too.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
