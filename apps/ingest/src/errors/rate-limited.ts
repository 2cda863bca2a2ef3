import { AppError } from "./app-error";

/** 429 with the seconds until the sender's window allows it again. */
export function rateLimited(message: string, retryAfterSeconds: number): AppError {
  return new AppError("RATE_LIMITED", message, { "Retry-After": String(retryAfterSeconds) });
}
