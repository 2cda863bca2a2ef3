import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A port already taken, named by the setting that moves it. */
export class PortInUseError extends Error {
  readonly code = "EADDRINUSE";
  constructor(
    readonly port: number,
    readonly host: string,
    readonly setting: string,
  ) {
    super(
      `port ${port} on ${host} is already in use: set ${setting} to another port (0 picks a free one)`,
    );
    this.name = "PortInUseError";
  }
}

/**
 * Resolves with the bound port once the server listens (port 0 picks a free
 * one). `setting` names what moves the port ("worker.metrics_port or
 * WORKER_METRICS_PORT"): a port in use rejects with a PortInUseError saying so.
 */
export function listen(
  server: Server,
  port: number,
  host: string,
  setting?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" && setting ? new PortInUseError(port, host, setting) : error,
      );
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
