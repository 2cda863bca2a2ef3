import type { Readable } from "node:stream";
import axios, { type AxiosError, type AxiosInstance } from "axios";
import axiosRetry, { isNetworkError } from "axios-retry";
import type { ChannelConfig } from "@hookline/config";
import { AddressPolicyError, type AddressPolicy } from "./address-policy";
import { retryAfterOf } from "./retry-after";
import { installTryRecorder } from "./try-recorder";
import { createPolicyAgents } from "./policy-agents";
import { installRequestSigner } from "./sign-requests";
import { withJitter } from "./jitter";

export interface ClientSettings {
  channel: ChannelConfig;
  policy: AddressPolicy;
  /** Request timeout for channels that set none. */
  defaultTimeoutMs: number;
  maxSockets: number;
  /** Longest in-attempt wait, also for a Retry-After; longer waits are left to the delayed job. */
  maxRetryDelayMs?: number;
}

/** A 429/503's Retry-After in ms, capped by the channel's retry_after_max; null when none was named. */
export function channelRetryAfter(channel: ChannelConfig, error: AxiosError): number | null {
  const wait = retryAfterOf(error);
  return wait === null ? null : Math.min(wait, channel.retry_after_max);
}

// Worth retrying soon: the receiver may answer differently in a moment.
export function isTransient(error: AxiosError): boolean {
  if (error.cause instanceof AddressPolicyError) return false;
  const status = error.response?.status;
  if (status === undefined)
    return isNetworkError(error) || error.code === "ECONNABORTED" || error.code === "ETIMEDOUT";
  return status >= 500 || status === 408 || status === 429;
}

/**
 * One axios instance per channel: keep-alive agents with a socket limit (every
 * connection checked by the address policy, no environment proxy), a timeout on every request,
 * and axios-retry for short in-attempt retries with exponential backoff that
 * honours a 429/503's Retry-After (seconds or HTTP-date, capped per channel). Bodies come back as streams so they can be bounded.
 */
export function createChannelClient(settings: ClientSettings): AxiosInstance {
  const { channel } = settings;
  const client = axios.create({
    timeout: channel.timeout ?? settings.defaultTimeoutMs,
    // Every connection is checked by the address policy at the socket; proxy:
    // false keeps axios from taking HTTP(S)_PROXY / ALL_PROXY from the environment.
    ...createPolicyAgents(settings.policy.withAllowed(channel.allow_private_addresses), {
      maxSockets: settings.maxSockets,
      connectTimeoutMs: channel.timeout ?? settings.defaultTimeoutMs,
    }),
    proxy: false,
    responseType: "stream",
    maxRedirects: 0,
    headers: { "Content-Type": "application/json", "User-Agent": "hookline" },
  });
  installTryRecorder(client, (error) => channelRetryAfter(channel, error));
  installRequestSigner(client, channel.secret ? [channel.secret, ...channel.previous_secrets] : []);
  const maxDelay = settings.maxRetryDelayMs ?? 30_000;
  axiosRetry(client, {
    retries: channel.retries,
    shouldResetTimeout: true,
    // A Retry-After longer than maxDelay ends the attempt: the job waits in the delayed set instead.
    retryCondition: (error) =>
      isTransient(error) && (channelRetryAfter(channel, error) ?? 0) <= maxDelay,
    retryDelay: (retryCount, error) =>
      Math.min(
        maxDelay,
        Math.max(
          withJitter(channel.retry_delay * channel.backoff_factor ** (retryCount - 1)),
          channelRetryAfter(channel, error) ?? 0,
        ),
      ),
    // The failed response's body is never read: free its socket now.
    onRetry: (_count, error) => void (error.response?.data as Readable | undefined)?.destroy?.(),
  });
  return client;
}
