export { createDashboard, type DashboardDeps } from "./create-dashboard";
export { parseReplayArguments, REPLAY_USAGE, type ReplayCommand } from "./replay-arguments";
