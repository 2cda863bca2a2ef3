import type { Server } from "node:http";

/**
 * Stops accepting connections and resolves once every in-flight request has
 * been answered. Idle keep-alive sockets are closed at once, and sockets that
 * become idle later are closed as they do (Node's close() alone waits for them).
 */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close((error) => {
      clearInterval(sweep);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
