export { createEventWorker, type EventWorkerDeps } from "./create-event-worker";
export { createEventProcessor, type EventOutcome, type ProcessEventDeps } from "./process-event";
export { createWorkerMetrics, type WorkerMetrics } from "./worker-metrics";
export { createWorkerReadiness, type WorkerReadinessDeps } from "./health/worker-readiness";
export { planEvent, type EventPlan } from "./plan-event";
export { decideNotifications, pullRequestEventType } from "./notifications/decide-notifications";
export { storableText, storableKey, storableJson } from "./apply/storable-text";
export { isPermanentDatabaseError } from "./apply/permanent-error";
