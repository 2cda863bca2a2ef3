import type { IncomingMessage } from "node:http";
import { verifySignature } from "@hookline/github";
import { AppError } from "../errors/app-error";
import { optionalHeader } from "../http/header";
import type { WebhookSource } from "./webhook-source";

/**
 * Throws unless the raw body carries a valid signature. A source that does
 * not require signatures still has a present signature checked when it has
 * secrets: a wrong signature is never waved through.
 */
export function checkSignature(req: IncomingMessage, source: WebhookSource, body: Buffer): void {
  const signature = optionalHeader(req, source.signatureHeader);
  if (signature === undefined) {
    if (source.signatureRequired)
      throw new AppError("MISSING_HEADER", `missing ${source.signatureHeader} header`);
    return;
  }
  if (source.secrets.length === 0 && !source.signatureRequired) return;
  if (!verifySignature(source.scheme, source.secrets, body, signature)) {
    throw new AppError("INVALID_SIGNATURE", "signature does not match the request body");
  }
}
