import { ReplayRefused } from "../dead-letters/replay-dead-letters";
import { HttpError } from "@hookline/http-errors";
import { ReplayRequestError } from "./replay-request";

/** Replay failures as API errors: 400 unclear request, 404 no such job, 409 job not failed or failed for good. */
export function replayErrorOf(error: unknown): unknown {
  if (error instanceof ReplayRequestError)
    return new HttpError(400, "INVALID_REPLAY_REQUEST", error.message);
  if (error instanceof ReplayRefused)
    return new HttpError(error.code === "JOB_NOT_FOUND" ? 404 : 409, error.code, error.message);
  return error;
}
