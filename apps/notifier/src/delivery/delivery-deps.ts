import type { AxiosInstance } from "axios";
import type { AddressPolicy, ChannelGate } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import type { ChannelRoute } from "../channels/channel-matcher";
import type { NotifierMetrics } from "../notifier-metrics";
import type { AttemptLog } from "./attempt-log";
import type { ChannelSlots } from "./channel-slots";
import type { ChannelWaits } from "./channel-waits";
import type { SlowLending } from "./slow-lending";

/** What one delivery try needs: the channels, their HTTP clients and shared state, and what it reports to. */
export interface DeliveryDeps {
  routes: ReadonlyMap<string, ChannelRoute>;
  clients: ReadonlyMap<string, AxiosInstance>;
  policy: AddressPolicy;
  gate: ChannelGate;
  slots: ChannelSlots;
  /** What this replica saw of each channel's gate, for the fan-out. */
  waits: ChannelWaits;
  /** Lends a slow request's worker slot back while it waits on its receiver. */
  lending: SlowLending;
  attempts: AttemptLog;
  maxResponseBytes: number;
  defaultTimeoutMs: number;
  metrics: NotifierMetrics;
  logger: Logger;
  /** Called when a channel's circuit opens (system.health.degraded). */
  onCircuitOpened: (channel: string) => Promise<void>;
  /** Called once when a channel is disabled for failing too long (system.channel.disabled). */
  onChannelDisabled: (channel: string, lastFailure: string) => Promise<void>;
  /** Moves parked jobs out of the delayed set (a probe closed their channel's circuit). */
  wake: (ids: readonly string[]) => Promise<void>;
}
