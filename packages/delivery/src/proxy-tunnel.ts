import { request } from "node:http";
import type { Socket } from "node:net";

/**
 * The configured proxy refused the tunnel, failed or did not answer in time.
 * Transient: the receiver was never reached, and the proxy may recover, so
 * the delivery is retried (axios-retry's isNetworkError accepts the code).
 */
export class ProxyError extends Error {
  readonly code = "EPROXY";
}

/**
 * Opens a CONNECT tunnel through `proxy` (http://[user:pass@]host:port) to
 * `address`:`port`, an address the policy has already resolved and checked,
 * so the proxy never resolves a name of its own. Resolves with the tunnel's
 * socket once the proxy answers 2xx; rejects with ProxyError otherwise, or
 * after `timeoutMs`.
 */
export function openTunnel(
  proxy: URL,
  address: string,
  port: number,
  timeoutMs: number,
): Promise<Socket> {
  const authority = address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers["proxy-authorization"] = `Basic ${Buffer.from(credentials).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    const connect = request({
      host: proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(proxy.port || 80),
      method: "CONNECT",
      path: authority,
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () =>
        connect.destroy(
          new ProxyError(`proxy ${proxy.host} did not open a tunnel in ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    connect.once("connect", (response, socket) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(socket);
      socket.destroy();
      reject(new ProxyError(`proxy ${proxy.host} answered ${status} to CONNECT ${authority}`));
    });
    connect.once("error", (error) => {
      clearTimeout(timer);
      reject(
        error instanceof ProxyError
          ? error
          : new ProxyError(`proxy ${proxy.host} failed: ${error.message}`, { cause: error }),
      );
    });
    connect.end();
  });
}
