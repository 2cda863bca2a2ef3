// `npm run replay -- --all` (or --job <id>, --since <time>): replays the
// dead-letter queue from a script, without the dashboard.
import { loadConfig } from "@hookline/config";
import { runMain } from "@hookline/lifecycle";
import { createQueue, createRedisConnection, redisReady, replayFailed } from "@hookline/queue";
import { parseReplayArguments } from "../replay-arguments";

runMain(async () => {
  const command = parseReplayArguments(process.argv.slice(2));
  const config = loadConfig({ env: process.env, role: "tool" });
  const redis = createRedisConnection(config.redis, "producer", "hookline-replay");
  try {
    await redisReady(redis);
    const queue = createQueue(command.queue, { connection: redis, prefix: config.redis.prefix });
    const replayed = await replayFailed(queue, command);
    process.stdout.write(
      `${JSON.stringify({ queue: command.queue, replayed: replayed.length, job_ids: replayed })}\n`,
    );
    await queue.close();
  } finally {
    redis.disconnect();
  }
});
