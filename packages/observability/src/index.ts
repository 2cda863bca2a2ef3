export { createLogger, type Logger, type CreateLoggerOptions } from "./create-logger";
export {
  createRegistry,
  createWebhookMetrics,
  createProcessingDuration,
  type WebhookMetrics,
} from "./create-metrics";
export {
  createMetricsServer,
  type HealthReport,
  type MetricsServerOptions,
} from "./create-metrics-server";
export { metricsHandler } from "./metrics-handler";
export { registerScalingMetrics, type ScalingMetricsOptions } from "./scaling/scaling-metrics";
export { readQueueBacklog, type QueueBacklog } from "./scaling/queue-backlog";
