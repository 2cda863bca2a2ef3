// The backlog a replica could start on now, read atomically in Redis.
// (A TypeScript string rather than a .lua file: the apps' esbuild bundles
// carry no files beside them.)
// KEYS: wait, prioritized, delayed, active. ARGV: now (ms), job key prefix.
// Key encodings are BullMQ's (src/commands/includes): a delayed job's score
// is due_ms * 0x1000 + counter (getDelayedScore.lua), a prioritized job's is
// priority * 0x100000000 + counter (getPriorityScore.lua); jobs leave the
// wait list from its right end (RPOPLPUSH in moveToActive).
export const QUEUE_BACKLOG_SCRIPT = `
local now = tonumber(ARGV[1])
local jobPrefix = ARGV[2]
local dueMax = (now + 1) * 0x1000 - 1

local waiting = redis.call("LLEN", KEYS[1])
local prioritized = redis.call("ZCARD", KEYS[2])
-- Due but not yet promoted: promotion needs a running worker, so with none
-- (scaled to zero) they would otherwise never count.
local due = redis.call("ZCOUNT", KEYS[3], 0, dueMax)
local active = redis.call("LLEN", KEYS[4])

local oldest = now
-- When a job became ready: added (or last started) plus its delay.
local function readySince(id)
  local job = redis.call("HMGET", jobPrefix .. id, "timestamp", "processedOn", "delay")
  local since = math.max(tonumber(job[1]) or now, tonumber(job[2]) or 0) + (tonumber(job[3]) or 0)
  return math.min(since, now)
end

local nextId = redis.call("LINDEX", KEYS[1], -1)
if nextId then oldest = math.min(oldest, readySince(nextId)) end

-- Within one priority the first is the oldest: visit the first of each priority.
local band = 0
for _ = 1, 256 do
  local first = redis.call("ZRANGEBYSCORE", KEYS[2], band * 0x100000000, "+inf", "WITHSCORES", "LIMIT", 0, 1)
  if #first == 0 then break end
  oldest = math.min(oldest, readySince(first[1]))
  band = math.floor(tonumber(first[2]) / 0x100000000) + 1
end

local firstDue = redis.call("ZRANGEBYSCORE", KEYS[3], 0, dueMax, "WITHSCORES", "LIMIT", 0, 1)
if #firstDue > 0 then oldest = math.min(oldest, math.floor(tonumber(firstDue[2]) / 0x1000)) end

return { waiting + prioritized + due, now - oldest, active }
`;
