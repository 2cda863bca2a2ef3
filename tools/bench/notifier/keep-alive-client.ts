import { Agent } from "node:http";
import axios, { type AxiosInstance } from "axios";

/** A plain axios client with one keep-alive pool of `concurrency` sockets: how the ceiling and the floor POST. */
export function keepAliveClient(concurrency: number): AxiosInstance {
  return axios.create({
    httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }),
    timeout: 10_000,
  });
}
