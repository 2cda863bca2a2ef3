import {
  isAxiosError,
  type AxiosError,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from "axios";

/** The error code of a request cut off by its call's deadline (rows, failure reasons). */
export const DEADLINE_CODE = "ETIMEDOUT";

/** One HTTP request as sent: axios-retry may make several per delivery attempt. */
export interface TryRecord {
  /** 1 for the first request of an attempt, 2 for its first in-attempt retry, … */
  try: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What a 429/503 asked for through Retry-After (ms, capped per channel), else null. */
  retryAfterMs: number | null;
}

declare module "axios" {
  interface AxiosRequestConfig {
    /** Called after every request of this call, including retries. */
    onTry?: (record: TryRecord) => void;
    tryStartedAt?: number;
  }
}

/**
 * Times every request, retries included. Must be installed before
 * axios-retry so it sees each raw outcome before the retry logic does.
 */
export function installTryRecorder(
  client: AxiosInstance,
  retryAfterOf: (error: AxiosError) => number | null = () => null,
): void {
  client.interceptors.request.use((config) => {
    config.tryStartedAt = performance.now();
    return config;
  });
  const report = (
    config: InternalAxiosRequestConfig | undefined,
    statusCode: number | null,
    error: string | null,
    retryAfterMs: number | null = null,
  ) => {
    if (!config?.onTry) return;
    const retryState = (config as { "axios-retry"?: { retryCount?: number } })["axios-retry"];
    config.onTry({
      try: (retryState?.retryCount ?? 0) + 1,
      statusCode,
      error,
      durationMs:
        Math.round((performance.now() - (config.tryStartedAt ?? performance.now())) * 100) / 100,
      retryAfterMs,
    });
  };
  client.interceptors.response.use(
    (response) => {
      report(response.config, response.status, null);
      return response;
    },
    (error: unknown) => {
      if (isAxiosError(error)) {
        report(
          error.config,
          error.response?.status ?? null,
          error.response
            ? null
            : error.code === "ERR_CANCELED"
              ? DEADLINE_CODE
              : (error.code ?? error.message),
          retryAfterOf(error),
        );
      }
      return Promise.reject(error);
    },
  );
}
