export { createDashboard, type DashboardDeps } from "./create-dashboard";
export { parseReplayArguments, type ReplayCommand } from "./replay-arguments";
