export { createLogger, type Logger, type CreateLoggerOptions } from "./create-logger";
export { redactEntry } from "./redact";
export { createRegistry, createWebhookMetrics, type WebhookMetrics } from "./create-metrics";
