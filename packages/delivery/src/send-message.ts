import type { Readable } from "node:stream";
import { isAxiosError, type AxiosInstance } from "axios";
import { AddressPolicyError, type AddressPolicy } from "./address-policy";
import { isTransient } from "./channel-client";
import { readBounded } from "./read-bounded";
import { DEADLINE_CODE, type TryRecord } from "./try-recorder";

export interface SendOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: AddressPolicy;
  maxResponseBytes: number;
  /**
   * The whole call ends within this many ms of its start: connection,
   * headers and body, retries included (issue 18: a receiver that trickles
   * its body holds a worker slot no longer than this).
   */
  deadlineMs: number;
  onTry?: (record: TryRecord) => void;
}

export interface Delivered {
  statusCode: number;
  responseBody: string;
}

/** Why a delivery attempt failed, and whether trying again could ever help. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly statusCode: number | null,
    readonly responseBody: string,
  ) {
    super(message);
    this.name = "DeliveryFailure";
  }
}

/**
 * One delivery call. Resolves on 2xx (a 2xx whose body misses the deadline
 * is delivered: the status is the receiver's verdict, the body only an
 * excerpt); otherwise throws DeliveryFailure, permanent for a refused
 * address or a 4xx other than 408/429. Settles within `deadlineMs`.
 */
export async function sendMessage(client: AxiosInstance, options: SendOptions): Promise<Delivered> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`no complete answer within ${options.deadlineMs} ms`)),
    options.deadlineMs,
  );
  try {
    options.policy.checkUrl(new URL(options.url));
    const response = await client.post<Readable>(options.url, options.body, {
      headers: options.headers,
      onTry: options.onTry,
      signal: deadline.signal,
    });
    const read = await readBounded(response.data, options.maxResponseBytes, deadline.signal);
    return { statusCode: response.status, responseBody: read.text };
  } catch (error) {
    if (
      error instanceof AddressPolicyError ||
      (isAxiosError(error) && error.cause instanceof AddressPolicyError)
    ) {
      throw new DeliveryFailure((error as Error).message, true, null, "");
    }
    if (!isAxiosError(error)) throw error;
    const status = error.response?.status ?? null;
    const stream = error.response?.data as Readable | undefined;
    const responseBody = stream?.on
      ? (await readBounded(stream, options.maxResponseBytes, deadline.signal)).text
      : "";
    const reason =
      status !== null
        ? `receiver answered ${status}`
        : deadline.signal.aborted
          ? `${DEADLINE_CODE}: no answer within ${options.deadlineMs} ms`
          : `${error.code ?? "error"}: ${error.message}`;
    const permanent = status !== null && !isTransient(error);
    throw new DeliveryFailure(reason, permanent, status, responseBody);
  } finally {
    clearTimeout(timer);
  }
}
