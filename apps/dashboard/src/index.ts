export { createDashboard, type DashboardDeps } from "./create-dashboard";
export { parseReplayArguments, REPLAY_USAGE } from "./replay/replay-arguments";
export { parseReplayRequest, type ReplayRequest } from "./replay/replay-request";
export { hashPassword, verifyPassword } from "./users/password-hash";
