export { createNotifier, type Notifier, type NotifierDeps } from "./create-notifier";
export { createNotifierMetrics, type NotifierMetrics } from "./notifier-metrics";
export { createSystemMonitor } from "./monitor/system-monitor";
