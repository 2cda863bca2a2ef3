import type { IncomingMessage } from "node:http";
import { AppError } from "../errors/app-error";

/** A single-valued request header, or undefined. */
export function optionalHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function requiredHeader(req: IncomingMessage, name: string): string {
  const value = optionalHeader(req, name);
  if (!value) throw new AppError("MISSING_HEADER", `missing ${name} header`);
  return value;
}
