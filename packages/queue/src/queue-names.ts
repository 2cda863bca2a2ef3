/** Every BullMQ queue hookline uses; producers and consumers import these names from here only. */
export const QUEUE_NAMES = {
  githubEvents: "github-events",
  notifications: "notifications",
  deliveries: "deliveries",
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE_NAMES);
