// Lua for the batch store; each script runs atomically, so two replicas
// never claim the same notification and a full list never waits for a timer.
//
// Keys of a channel (under the hash-tagged prefix, so one Cluster slot):
//   <prefix>:batch:<channel>          list of "<arrival ms>:<notification JSON>"
//   <prefix>:batch:<channel>:claimed  hash claim id -> {"at": claimed ms, "items": [...]}
//   <prefix>:batch:<channel>:seq      claim id counter
//   <prefix>:batched:<channel>:<bucket>  hash of markers: notification id -> 1, this
//                                     notification was pushed (idempotent fan-out).
//                                     One hash per channel per time bucket, expiring
//                                     two buckets later: memory bounded by the
//                                     notifications of two buckets, not one key each.
//
// A claim is a batch taken off the list but whose delivery job is not known
// to be in the queue yet. It is released once the job was added; a claim
// older than the lease belongs to a replica that died, and is handed out again
// (the job id is derived from the members, so adding it twice adds it once).

// Shared by both scripts: claim(KEYS list/claimed/seq, count, now) -> {id, json}
const CLAIM = `
local function claim(count, now)
  local items = redis.call('LRANGE', KEYS[1], 0, count - 1)
  redis.call('LTRIM', KEYS[1], #items, -1)
  local id = tostring(redis.call('INCR', KEYS[3]))
  local value = cjson.encode({at = now, items = items})
  redis.call('HSET', KEYS[2], id, value)
  return {id, value}
end
local function append(result, pair) result[#result + 1] = pair[1]; result[#result + 1] = pair[2] end
`;

/**
 * KEYS: list, claimed, seq, this bucket's markers, the previous bucket's markers.
 * ARGV: item, markers' TTL ms, now ms, batch size, notification id.
 * Returns {waiting, claim id, claim, …}: every batch this push filled is claimed at once.
 */
export const PUSH = `${CLAIM}
local now = tonumber(ARGV[3])
local size = tonumber(ARGV[4])
local result = {0}
if redis.call('HEXISTS', KEYS[5], ARGV[5]) == 0 and redis.call('HSETNX', KEYS[4], ARGV[5], '1') == 1 then
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
  redis.call('RPUSH', KEYS[1], ARGV[3] .. ':' .. ARGV[1])
end
while redis.call('LLEN', KEYS[1]) >= size do append(result, claim(size, now)) end
result[1] = redis.call('LLEN', KEYS[1])
return result`;

/**
 * KEYS: list, claimed, seq. ARGV: now ms, flush interval ms, batch size, lease ms.
 * Claims every full batch, then the partial batch whose oldest member has
 * waited the flush interval, and takes over claims older than the lease.
 * Returns {ms until the oldest remaining member is due (-1: none), claim id, claim, …}.
 */
export const CLAIM_DUE = `${CLAIM}
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local size = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local result = {-1}
local claims = redis.call('HGETALL', KEYS[2])
for i = 1, #claims, 2 do
  local claimed = cjson.decode(claims[i + 1])
  if now - claimed.at >= lease then
    claimed.at = now
    local value = cjson.encode(claimed)
    redis.call('HSET', KEYS[2], claims[i], value)
    append(result, {claims[i], value})
  end
end
while true do
  local length = redis.call('LLEN', KEYS[1])
  if length == 0 then break end
  local head = redis.call('LINDEX', KEYS[1], 0)
  -- Entries written before arrival times were kept are due at once.
  local arrived = tonumber(string.match(head, '^(%d+):')) or 0
  if length < size and now - arrived < interval then
    result[1] = interval - (now - arrived)
    break
  end
  append(result, claim(size, now))
end
return result`;
