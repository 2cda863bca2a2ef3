// Lua for a channel's shared state (see channel-keys.ts). Every decision that
// several notifier replicas must agree on is one script, so it is atomic.
// Numbers leave Lua as integers, so fractions (the rate factor) go out as strings.

/**
 * KEYS: state, reserved, parked. ARGV: now, probeTurnMs, rate (msg/s, 0 = none), jobId, expiresAt.
 * Returns {'send', failures, factor} | {'probe', 0, factor} | {'wait', untilMs, why}.
 * A waiting job is parked (KEYS[3]) so that a closing circuit can wake it.
 */
export const CHECK = `
local f = redis.call('HMGET', KEYS[1], 'state', 'until', 'failures', 'quiet_until', 'disabled', 'rate_factor', 'rate_tat')
local now = tonumber(ARGV[1])
local expires = tonumber(ARGV[5])
local function park(untilMs, why)
  untilMs = math.min(math.floor(untilMs), expires)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  redis.call('ZADD', KEYS[3], untilMs, ARGV[4])
  return {'wait', untilMs, why}
end
if f[5] == '1' then return park(expires, 'disabled') end
local quiet = tonumber(f[4] or '0')
if now < quiet then return park(quiet, 'retry-after') end
local state = f[1] or 'closed'
local untilMs = tonumber(f[2] or '0')
local factor = f[6] or '1'
if state ~= 'closed' then
  -- Open, or a probe is out: wait for the end of the cool-down or of the probe's turn
  -- (a probe that closes the circuit wakes the parked jobs at once).
  if now < untilMs then return park(untilMs, 'circuit ' .. state) end
  redis.call('HSET', KEYS[1], 'state', 'half_open', 'until', now + tonumber(ARGV[2]))
  return {'probe', 0, factor}
end
local rate = tonumber(ARGV[3])
if rate > 0 then
  -- GCRA: a burst of one second's worth, then one message every interval.
  -- A job that must wait reserves its time, so it is fetched at most twice.
  local perSecond = rate * tonumber(factor)
  local interval = 1000 / perSecond
  local reserved = redis.call('ZSCORE', KEYS[2], ARGV[4])
  if reserved then
    redis.call('ZREM', KEYS[2], ARGV[4])
    return {'send', tonumber(f[3] or '0'), factor}
  end
  local burst = math.max(1, math.floor(perSecond))
  local tat = math.max(tonumber(f[7] or '0'), now)
  local allowedAt = math.ceil(tat - (burst - 1) * interval)
  redis.call('HSET', KEYS[1], 'rate_tat', tostring(tat + interval))
  if allowedAt > now then
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600000)
    redis.call('ZADD', KEYS[2], allowedAt, ARGV[4])
    return {'wait', allowedAt, 'rate limit'}
  end
end
return {'send', tonumber(f[3] or '0'), factor}`;

/**
 * KEYS: state, parked. ARGV: now. Closes the circuit, resets the failure
 * count, raises a lowered rate by 10 % (additive increase after the halving
 * of a 429). Returns {previous state, ids of parked jobs to wake (when it was not closed)}.
 */
export const SUCCESS = `
local f = redis.call('HMGET', KEYS[1], 'state', 'rate_factor')
local previous = f[1] or 'closed'
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'until', 0, 'reopens', 0, 'last_success_at', ARGV[1])
redis.call('HDEL', KEYS[1], 'failing_since')
if f[2] then
  local factor = tonumber(f[2]) * 1.1
  if factor >= 1 then redis.call('HDEL', KEYS[1], 'rate_factor')
  else redis.call('HSET', KEYS[1], 'rate_factor', tostring(factor)) end
end
local woken = {}
if previous ~= 'closed' then
  woken = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
  redis.call('DEL', KEYS[2])
end
return {previous, woken}`;

/**
 * KEYS: state. ARGV: threshold, now, cooldownMs, maxCooldownMs, disableAfterMs (0 = never), reason.
 * Returns 'opened' (closed -> open, news), 'reopened' (a failed probe; the
 * cool-down doubles up to maxCooldownMs), 'disabled' (failing for
 * disableAfterMs without one success: news), 'off' (already disabled), or the state.
 */
export const FAILURE = `
local f = redis.call('HMGET', KEYS[1], 'state', 'failing_since', 'reopens', 'quiet_until', 'disabled')
local state = f[1] or 'closed'
local now = tonumber(ARGV[2])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local since = tonumber(f[2] or '0')
if since == 0 then
  since = now
  redis.call('HSET', KEYS[1], 'failing_since', now)
end
redis.call('HSET', KEYS[1], 'last_failure_at', now, 'last_failure', ARGV[6])
if f[5] == '1' then return 'off' end
local disableAfter = tonumber(ARGV[5])
if disableAfter > 0 and now - since >= disableAfter then
  redis.call('HSET', KEYS[1], 'disabled', '1', 'disabled_at', now, 'disabled_by', 'automatic')
  return 'disabled'
end
if state == 'half_open' or (state == 'closed' and failures >= tonumber(ARGV[1])) then
  local reopens = 0
  if state == 'half_open' then reopens = tonumber(f[3] or '0') + 1 end
  local cooldown = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(reopens, 30))
  local quiet = tonumber(f[4] or '0')
  redis.call('HSET', KEYS[1], 'state', 'open', 'until', math.floor(math.max(now + cooldown, quiet)), 'reopens', reopens)
  if state == 'closed' then return 'opened' end
  return 'reopened'
end
return state`;

/**
 * KEYS: state. ARGV: untilMs, lower ('1' on a 429), minFactor.
 * A Retry-After is kept for every replica: nobody sends, and nobody probes,
 * before it. A 429 also halves the channel's rate (down to minFactor).
 * Returns the quiet end in force.
 */
export const QUIET = `
local f = redis.call('HMGET', KEYS[1], 'state', 'until', 'quiet_until', 'rate_factor')
local quiet = math.max(tonumber(f[3] or '0'), tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'quiet_until', quiet)
if ARGV[2] == '1' then
  local factor = math.max(tonumber(ARGV[3]), tonumber(f[4] or '1') / 2)
  redis.call('HSET', KEYS[1], 'rate_factor', tostring(factor))
end
local state = f[1] or 'closed'
if state == 'half_open' then redis.call('HSET', KEYS[1], 'state', 'open', 'until', quiet)
elseif state == 'open' then redis.call('HSET', KEYS[1], 'until', math.max(quiet, tonumber(f[2] or '0'))) end
return quiet`;

/** KEYS: parked. ARGV: jobId, untilMs, now. Parks a job the notifier moves to the delayed set itself. */
export const PARK = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1`;

/**
 * Operator actions. KEYS: state, parked. ARGV: action, now.
 * enable | close: circuit closed, failures forgotten, every parked job woken;
 * probe: the next delivery probes at once, the oldest parked job is woken;
 * disable: deliveries park until enabled. Returns the ids to wake.
 */
export const CONTROL = `
local action = ARGV[1]
local now = ARGV[2]
if action == 'disable' then
  redis.call('HSET', KEYS[1], 'disabled', '1', 'disabled_at', now, 'disabled_by', 'operator')
  return {}
end
if action == 'probe' then
  redis.call('HSET', KEYS[1], 'state', 'open', 'until', 0, 'quiet_until', 0)
  local first = redis.call('ZRANGEBYSCORE', KEYS[2], now, '+inf', 'LIMIT', 0, 1)
  if first[1] then redis.call('ZREM', KEYS[2], first[1]) end
  return first
end
if action == 'enable' then
  redis.call('HDEL', KEYS[1], 'disabled', 'disabled_at', 'disabled_by', 'failing_since')
end
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'until', 0, 'reopens', 0, 'quiet_until', 0)
local woken = redis.call('ZRANGEBYSCORE', KEYS[2], now, '+inf')
redis.call('DEL', KEYS[2])
return woken`;
