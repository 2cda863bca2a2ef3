export {
  startRedis,
  type AppendFsync,
  type RedisServer,
  type StartRedisOptions,
} from "./start-redis";
export { startPostgres, type PostgresServer, type StartPostgresOptions } from "./start-postgres";
export { freePort } from "./free-port";
export {
  startRedisCluster,
  type RedisCluster,
  type StartRedisClusterOptions,
} from "./start-redis-cluster";
