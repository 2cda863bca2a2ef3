import type { Readable } from "node:stream";
import { isAxiosError, type AxiosInstance } from "axios";
import { AddressPolicyError, type AddressPolicy } from "./address-policy";
import { isTransient } from "./channel-client";
import { readBounded } from "./read-bounded";
import type { TryRecord } from "./try-recorder";

export interface SendOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: AddressPolicy;
  maxResponseBytes: number;
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
 * One delivery attempt (with axios-retry's short retries inside). Resolves
 * on 2xx; otherwise throws DeliveryFailure, permanent for a refused address
 * or a 4xx other than 408/429.
 */
export async function sendMessage(client: AxiosInstance, options: SendOptions): Promise<Delivered> {
  try {
    options.policy.checkUrl(new URL(options.url));
    const response = await client.post<Readable>(options.url, options.body, {
      headers: options.headers,
      onTry: options.onTry,
    });
    return {
      statusCode: response.status,
      responseBody: await readBounded(response.data, options.maxResponseBytes),
    };
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
    const responseBody = stream?.on ? await readBounded(stream, options.maxResponseBytes) : "";
    const reason =
      status === null
        ? `${error.code ?? "error"}: ${error.message}`
        : `receiver answered ${status}`;
    throw new DeliveryFailure(reason, status !== null && !isTransient(error), status, responseBody);
  }
}
