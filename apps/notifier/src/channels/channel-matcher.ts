import type { ChannelConfig } from "@hookline/config";
import { priorityRank, type NotificationJob } from "@hookline/queue";

// fnmatch-style: "*" matches any run of characters (dots included), so
// "pr.*" covers pr.checks.failed and "system.worker.*" covers the worker events.
function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export interface ChannelRoute {
  name: string;
  config: ChannelConfig;
  accepts(notification: NotificationJob): boolean;
}

export function channelRoutes(channels: Record<string, ChannelConfig>): ChannelRoute[] {
  return Object.entries(channels)
    .filter(([, config]) => config.enabled)
    .map(([name, config]) => {
      const patterns = config.events.map(patternToRegExp);
      const minimum = priorityRank(config.min_priority);
      return {
        name,
        config,
        accepts: (notification) =>
          priorityRank(notification.priority) >= minimum &&
          patterns.some((pattern) => pattern.test(notification.event_type)),
      };
    });
}
