import type { Queue } from "bullmq";
import type { ChannelConfig } from "@hookline/config";
import { addJobs, deliveryJobName, type DeliveryJob } from "@hookline/queue";
import { deliveryJobOptions } from "./retry-policy";

export async function enqueueDeliveries(
  queue: Queue<DeliveryJob>,
  deliveries: ReadonlyArray<{ job: DeliveryJob; channel: ChannelConfig }>,
): Promise<void> {
  await addJobs(
    queue,
    deliveries.map(({ job, channel }) => ({
      name: deliveryJobName(job),
      data: job,
      opts: deliveryJobOptions(job, channel),
    })),
  );
}
