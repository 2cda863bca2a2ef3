import type { Queue } from "bullmq";
import type { ChannelConfig } from "@hookline/config";
import { addJobs, deliveryJobName, type DeliveryJob } from "@hookline/queue";
import { deliveryJobOptions } from "./retry-policy";

export async function enqueueDeliveries(
  queue: Queue<DeliveryJob>,
  /** `waitUntil` (epoch ms): added to the delayed set until then (its channel waits). */
  deliveries: ReadonlyArray<{
    job: DeliveryJob;
    channel: ChannelConfig;
    waitUntil?: number | null;
  }>,
): Promise<void> {
  await addJobs(
    queue,
    deliveries.map(({ job, channel, waitUntil }) => ({
      name: deliveryJobName(job),
      data: job,
      opts: waitUntil
        ? // Spread like a parked job's wake (see delivery-processor.ts).
          {
            ...deliveryJobOptions(job, channel),
            delay: waitUntil - Date.now() + Math.floor(Math.random() * 1000),
          }
        : deliveryJobOptions(job, channel),
    })),
  );
}
