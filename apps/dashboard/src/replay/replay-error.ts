import { ReplayRefused } from "@hookline/queue";
import { DashboardError } from "../http/dashboard-error";
import { ReplayRequestError } from "./replay-request";

/** Replay failures as API errors: 400 unclear request, 404 no such job, 409 job not failed. */
export function replayErrorOf(error: unknown): unknown {
  if (error instanceof ReplayRequestError)
    return new DashboardError(400, "INVALID_REPLAY_REQUEST", error.message);
  if (error instanceof ReplayRefused)
    return new DashboardError(
      error.code === "JOB_NOT_FAILED" ? 409 : 404,
      error.code,
      error.message,
    );
  return error;
}
