import type { Readable } from "node:stream";

/** What was read of a body, and whether the reading ended early (limit or deadline). */
export interface BoundedBody {
  text: string;
  /** True when the body was cut off: over `limit` bytes, or the deadline came first. */
  truncated: boolean;
  /** True when the deadline's signal ended the reading. */
  timedOut: boolean;
}

/**
 * Reads at most `limit` bytes of a response body, then drops the rest (and
 * the connection with it). Ends no later than `signal` aborts: a receiver
 * that sends its body one byte at a time holds nothing past the request's
 * deadline (issue 18). Never rejects.
 */
export function readBounded(
  stream: Readable,
  limit: number,
  signal?: AbortSignal,
): Promise<BoundedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean, timedOut = false) => {
      if (done) return;
      done = true;
      signal?.removeEventListener("abort", onAbort);
      if (truncated) stream.destroy();
      const text = Buffer.concat(chunks).toString("utf8").slice(0, limit);
      resolve({ text, truncated, timedOut });
    };
    const onAbort = () => finish(true, true);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) finish(true);
    });
    stream.once("end", () => finish(false));
    stream.once("error", () => finish(true));
    stream.once("close", () => finish(false));
  });
}
