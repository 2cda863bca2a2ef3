export { channelKeys, channelRegistryKey, inFlightKey } from "./channel-keys";
export { registerChannels, registeredChannels, type RegisteredChannel } from "./channel-registry";
export {
  createChannelGate,
  type ChannelGate,
  type CheckRequest,
  type FailureFacts,
  type FailureOutcome,
  type GateDecision,
} from "./channel-gate";
export {
  CHANNEL_ACTIONS,
  controlChannel,
  readChannelState,
  wakeParked,
  type ChannelAction,
  type ChannelStateSnapshot,
} from "./channel-controls";
export { startInFlightReport } from "./in-flight-report";
