import type { Readable } from "node:stream";

/** Reads at most `limit` bytes of a response body, then drops the rest (and the connection with it). */
export function readBounded(stream: Readable, limit: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => resolve(Buffer.concat(chunks).toString("utf8").slice(0, limit));
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        finish();
      }
    });
    stream.once("end", finish);
    stream.once("error", finish);
    stream.once("close", finish);
  });
}
