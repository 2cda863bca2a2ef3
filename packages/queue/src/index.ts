export { QUEUE_NAMES, ALL_QUEUE_NAMES, type QueueName } from "./queue-names";
export {
  GITHUB_SOURCE,
  DELIVERY_ID_PATTERN,
  incomingEventJobSchema,
  incomingEventJobId,
  deliveryKey,
  DELIVERY_KEY_SEPARATOR,
  type IncomingEventJob,
} from "./jobs/incoming-event-job";
export {
  NOTIFICATION_JOB,
  EVENT_TYPE_PATTERN,
  notificationJobSchema,
  bullPriority,
  priorityRank,
  priorityWord,
  type NotificationJob,
} from "./jobs/notification-job";
export {
  DELIVERY_JOB,
  CHANNEL_SCHEDULE_BACKOFF,
  deliveryJobSchema,
  singleDelivery,
  batchDelivery,
  type DeliveryJob,
} from "./jobs/delivery-job";
export { toJobId, fromJobId } from "./jobs/job-id";
export { addJobs } from "./add-jobs";
export {
  DEFAULT_JOB_OPTIONS,
  FAILED_EVENTS_KEPT,
  NOTIFICATION_DEDUPE_TTL_MS,
} from "./default-job-options";
export { createRedisConnection, quitRedis, redisReady, type RedisTarget } from "./redis-connection";
export { isRedisUnavailable } from "./redis-unavailable";
export { probeQueues, type QueueProbe } from "./queue-probe";
export { createQueue, type QueueContext, type QueueData } from "./create-queue";
export { registerQueueDepthGauge } from "./queue-depth-gauge";
export {
  completeNotification,
  publishNotifications,
  type NotificationDraft,
} from "./publish-notifications";
export {
  createLifecycleEvents,
  createSystemEventPublisher,
  systemEventDrafts,
} from "./system-events";
export { dedupeKey } from "./dedupe-key";
export { incomingEventJobName, notificationJobName, deliveryJobName } from "./names/job-names";
export { subjectOfNotificationData, formatSubject, type JobSubject } from "./names/job-subject";
export { replayMarkerOf, type ReplayMarker } from "./replay/replay-marker";
