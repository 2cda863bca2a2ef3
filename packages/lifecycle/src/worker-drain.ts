import type { Job, Worker } from "bullmq";
import type { ShutdownLogger } from "./graceful-shutdown";

export interface WorkerDrain {
  /**
   * Stops fetching, lets the jobs in hand finish within `deadlineMs`, then
   * releases the ones still running to the front of their queue, where
   * another replica takes them at once, and resolves. Resolves with the ids
   * released (empty when everything finished in time).
   */
  drain(deadlineMs: number): Promise<string[]>;
}

/**
 * Tracks the jobs a BullMQ worker holds, so a drain that runs out of time can
 * hand them back. Without this, jobs still running at exit keep their lock
 * until it expires and a stalled check finds them: lock_duration +
 * stalled_interval (up to a minute by default) during which nobody works on them.
 * The release is BullMQ's own Job.moveToWait(token), the move its manual
 * rate-limit path uses: it checks and removes this worker's lock, so a job
 * another replica already took is not touched. Processors that accept
 * BullMQ's AbortSignal are cancelled first (Worker.cancelJob).
 * Call before worker.run().
 */
export function createWorkerDrain(worker: Worker, logger: ShutdownLogger): WorkerDrain {
  const inHand = new Map<string, Job>();
  worker.on("active", (job: Job) => {
    if (job.id) inHand.set(job.id, job);
  });
  const forget = (job: Job | undefined) => {
    if (job?.id) inHand.delete(job.id);
  };
  worker.on("completed", forget);
  worker.on("failed", forget);

  return {
    async drain(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const finished = worker.close().then(() => true);
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      const inTime = await Promise.race([finished, late]).finally(() => clearTimeout(timer));
      if (inTime) return [];
      const released: string[] = [];
      for (const [id, job] of inHand) {
        worker.cancelJob(id, "drain deadline passed");
        try {
          await job.moveToWait(job.token);
          released.push(id);
        } catch (error) {
          // The job finished or lost its lock meanwhile: it is no longer ours to release.
          logger.info("in-flight job not released", { queue: worker.name, job_id: id, error });
        }
      }
      inHand.clear();
      logger.error("drain deadline passed: released jobs still running to other replicas", {
        queue: worker.name,
        deadline_ms: deadlineMs,
        released,
      });
      return released;
    },
  };
}
