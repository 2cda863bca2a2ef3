import { startReceiver, type Receiver } from "@hookline/test-utils";

export type LocalReceiver = Receiver;

/**
 * The test harness's receiver on 127.0.0.1, answering with `status` (or
 * status(n) for the n-th request, 0-based), `headers` and an empty body.
 */
export function startLocalReceiver(
  status: number | ((index: number) => number) = 204,
  headers: Record<string, string> = {},
): Promise<LocalReceiver> {
  return startReceiver((index) => ({
    status: typeof status === "number" ? status : status(index),
    headers,
    body: "",
  }));
}
