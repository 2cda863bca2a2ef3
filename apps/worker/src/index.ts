export { createEventWorker, type EventWorkerDeps } from "./create-event-worker";
export { createEventProcessor, type EventOutcome, type ProcessEventDeps } from "./process-event";
export { createWorkerMetrics, type WorkerMetrics } from "./worker-metrics";
