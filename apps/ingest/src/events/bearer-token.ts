import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { AppError } from "../errors/app-error";

/** Requires `Authorization: Bearer <token>` matching one of `tokens`, compared in constant time. */
export function requireBearerToken(tokens: readonly string[]): RequestHandler {
  const accepted = tokens.map((token) => Buffer.from(token));
  return (req, _res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const presented = Buffer.from(match?.[1]?.trim() ?? "");
    const valid = accepted.some(
      (token) => token.length === presented.length && timingSafeEqual(token, presented),
    );
    next(valid ? undefined : new AppError("UNAUTHORIZED", "a valid bearer token is required"));
  };
}
