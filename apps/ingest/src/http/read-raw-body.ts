import type { IncomingMessage } from "node:http";
import { AppError } from "../errors/app-error";

const DISCARD_GRACE_MS = 5000;

/**
 * Refuses the body: the rest of the upload is read and thrown away so the
 * client gets to read our 413 (closing with unread data would reset the
 * connection and lose the answer), but only for a few seconds.
 */
function tooLarge(req: IncomingMessage, limit: number): AppError {
  req.resume();
  setTimeout(() => req.destroy(), DISCARD_GRACE_MS).unref();
  return new AppError("PAYLOAD_TOO_LARGE", `request body exceeds ${limit} bytes`);
}

/**
 * Why the body stopped: Node's request timeout (`requestTimeout`) destroys the
 * socket with ERR_HTTP_REQUEST_TIMEOUT after writing its own 408, while a
 * client going away leaves another error (or none) on the socket. The request
 * itself reports "aborted" either way, so only the socket tells them apart.
 */
function bodyCutOff(req: IncomingMessage): AppError {
  const cause = req.socket?.errored as NodeJS.ErrnoException | null | undefined;
  if (cause?.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return new AppError(
      "REQUEST_TIMEOUT",
      "the request was not complete within the server's timeout",
    );
  return new AppError("CLIENT_ABORTED", "the client closed the connection before sending its body");
}

/**
 * The exact request bytes, which is what signatures cover. The limit is
 * enforced while streaming: a declared Content-Length over it is refused
 * before reading, and an undeclared body is cut off as soon as it passes it,
 * so an oversized upload never sits in memory. A client that goes away
 * mid-upload rejects with CLIENT_ABORTED (499); one cut off by the server's
 * request timeout (`ingest.request_timeout`) with REQUEST_TIMEOUT (408).
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(req, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        reject(tooLarge(req, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = () => {
      cleanup();
      reject(bodyCutOff(req));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onError);
    };
    if (req.destroyed) return onError();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onError);
  });
}
