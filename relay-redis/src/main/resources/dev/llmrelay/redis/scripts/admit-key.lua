-- Checks and takes every limit of one key for one request: the key policy's one check-and-take.
-- KEYS[1] state (version, firstUsed, lastUsed)   KEYS[2] leases (lease id -> expiry ms)
-- KEYS[3] admissions (lease id -> ms)   KEYS[4] settled tokens (grain start -> "tokens latest-ms")
-- KEYS[5] spend (day, dayNanos, week, weekNanos, totalNanos)
-- ARGV[1] the key version the caller checked   ARGV[2] now (ms)   ARGV[3] lease id   ARGV[4] lease expiry (ms)
-- ARGV[5] window (ms)   ARGV[6] requests per window   ARGV[7] tokens per window   ARGV[8] max concurrency
-- ARGV[9] day budget (nano-USD)   ARGV[10] week budget   ARGV[11] total budget   (each -1 when absent)
-- ARGV[12] today (UTC date)   ARGV[13] this week's Monday   ARGV[14] lifetime after first use (ms; -1: none)
local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  return {'gone'}
end
if version ~= ARGV[1] then
  return {'stale'}
end
local now = tonumber(ARGV[2])
local firstUsed = redis.call('HGET', KEYS[1], 'firstUsed')
local lifetime = tonumber(ARGV[14])
if lifetime >= 0 and firstUsed and now >= tonumber(firstUsed) + lifetime then
  return {'expired'}
end

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local maxConcurrency = tonumber(ARGV[8])
local atConcurrency = 0
if maxConcurrency >= 0 and redis.call('ZCARD', KEYS[2]) >= maxConcurrency then
  atConcurrency = 1
end

local window = tonumber(ARGV[5])
local requestsLimit = tonumber(ARGV[6])
local requestsWait = -1
if requestsLimit >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
  local admitted = redis.call('ZCARD', KEYS[3])
  if admitted >= requestsLimit then
    if requestsLimit == 0 then
      requestsWait = window
    else
      -- The oldest of the last `limit` admissions leaves the window first.
      local oldest = redis.call('ZRANGE', KEYS[3], admitted - requestsLimit, admitted - requestsLimit, 'WITHSCORES')
      requestsWait = tonumber(oldest[2]) + window - now
    end
  end
end

local tokensLimit = tonumber(ARGV[7])
local tokensWait = -1
if tokensLimit >= 0 then
  local fields = redis.call('HGETALL', KEYS[4])
  local grains, total = {}, 0
  for i = 1, #fields, 2 do
    local tokens, latest = string.match(fields[i + 1], '^(%d+) (%d+)$')
    tokens, latest = tonumber(tokens), tonumber(latest)
    if latest <= now - window then
      redis.call('HDEL', KEYS[4], fields[i])
    else
      grains[#grains + 1] = {latest, tokens}
      total = total + tokens
    end
  end
  if total >= tokensLimit then
    table.sort(grains, function(a, b) return a[1] < b[1] end)
    tokensWait = window
    local remaining = total
    for _, grain in ipairs(grains) do
      remaining = remaining - grain[2]
      if remaining < tokensLimit then
        tokensWait = grain[1] + window - now
        break
      end
    end
  end
end

local dayNanos, weekNanos = 0, 0
if redis.call('HGET', KEYS[5], 'day') == ARGV[12] then
  dayNanos = tonumber(redis.call('HGET', KEYS[5], 'dayNanos') or '0')
end
if redis.call('HGET', KEYS[5], 'week') == ARGV[13] then
  weekNanos = tonumber(redis.call('HGET', KEYS[5], 'weekNanos') or '0')
end
local totalNanos = tonumber(redis.call('HGET', KEYS[5], 'totalNanos') or '0')
local dayLimit, weekLimit, totalLimit = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local daySpent = (dayLimit >= 0 and dayNanos >= dayLimit) and 1 or 0
local weekSpent = (weekLimit >= 0 and weekNanos >= weekLimit) and 1 or 0
local totalSpent = (totalLimit >= 0 and totalNanos >= totalLimit) and 1 or 0

if atConcurrency == 1 or requestsWait >= 0 or tokensWait >= 0 or daySpent == 1 or weekSpent == 1
    or totalSpent == 1 then
  return {'limited', atConcurrency, requestsWait, tokensWait, daySpent, weekSpent, totalSpent}
end

redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
if requestsLimit >= 0 then
  redis.call('ZADD', KEYS[3], now, ARGV[3])
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(requestsLimit + 1))
  redis.call('PEXPIRE', KEYS[3], window)
end
if not firstUsed then
  firstUsed = ARGV[2]
  redis.call('HSET', KEYS[1], 'firstUsed', firstUsed)
end
redis.call('HSET', KEYS[1], 'lastUsed', ARGV[2])
return {'ok', firstUsed}
