import { z } from "zod";
import { stringList } from "./primitives";

const SEED_NODE = /^[^\s:/]+:\d{1,5}$/;

/**
 * Where Redis is. `cluster_nodes` (host:port seed nodes) switches every
 * connection of every process to ioredis `Cluster`; `url` is then only
 * read for its credentials and TLS (rediss://).
 */
export const redisSchema = z
  .object({
    url: z
      .string()
      .regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL")
      .default("redis://127.0.0.1:6379"),
    /** Seed nodes of a Redis Cluster, e.g. ["10.0.0.1:6379", "10.0.0.2:6379"]; empty: one Redis at `url`. */
    cluster_nodes: stringList
      .pipe(z.array(z.string().regex(SEED_NODE, "expected host:port, e.g. 10.0.0.1:6379")))
      .default([]),
    /** Hash-tagged so every key hookline writes lands in one Redis Cluster slot. */
    prefix: z.string().min(1).default("{hookline}"),
  })
  .refine((redis) => redis.cluster_nodes.length === 0 || /\{[^}]+\}/.test(redis.prefix), {
    path: ["prefix"],
    message:
      "with cluster_nodes set, the prefix needs a hash tag such as {hookline} so every key shares one slot",
  });

export type RedisConfig = z.infer<typeof redisSchema>;
