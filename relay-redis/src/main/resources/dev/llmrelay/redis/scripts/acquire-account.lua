-- Chooses, leases and stamps one account, binding the conversation to it: the pool's one check-and-take.
-- KEYS[1] pool version   KEYS[2] blocked (id -> until ms)   KEYS[3] last used (id -> ms)
-- KEYS[4] the session's sticky binding (any key of the pool's slot when there is no session)
-- KEYS[4 + i] the lease set of candidate i
-- ARGV[1] the pool version the caller's candidates come from   ARGV[2] now (ms)
-- ARGV[3] lease id   ARGV[4] lease expiry (ms)   ARGV[5] binding expiry (ms)   ARGV[6] binding TTL (ms)
-- ARGV[7] "1" when the request has a session   then per candidate: id, priority, max concurrency (0: none)
local version = redis.call('GET', KEYS[1]) or '0'
if version ~= ARGV[1] then
  return {'stale', version}
end
local now = tonumber(ARGV[2])
local stickyId = nil
if ARGV[7] == '1' then
  local binding = redis.call('GET', KEYS[4])
  if binding then
    local id, expires = string.match(binding, '^(.*) (%d+)$')
    if id and tonumber(expires) > now then
      stickyId = id
    end
  end
end
local count = (#ARGV - 7) / 3
local best, bestId, bestPriority, bestUsed = nil, nil, nil, nil
for i = 1, count do
  local base = 7 + (i - 1) * 3
  local id = ARGV[base + 1]
  local priority = tonumber(ARGV[base + 2])
  local maxConcurrency = tonumber(ARGV[base + 3])
  local blockedUntil = tonumber(redis.call('HGET', KEYS[2], id) or '0')
  if blockedUntil <= now then
    local leases = KEYS[4 + i]
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    if maxConcurrency == 0 or redis.call('ZCARD', leases) < maxConcurrency then
      if id == stickyId then
        best, bestId = i, id
        break
      end
      local used = tonumber(redis.call('HGET', KEYS[3], id) or '-1')
      if best == nil or priority < bestPriority
          or (priority == bestPriority and (used < bestUsed or (used == bestUsed and id < bestId))) then
        best, bestId, bestPriority, bestUsed = i, id, priority, used
      end
    end
  end
end
if best == nil then
  return {'none', version}
end
redis.call('ZADD', KEYS[4 + best], ARGV[4], ARGV[3])
redis.call('HSET', KEYS[3], bestId, ARGV[2])
if ARGV[7] == '1' then
  redis.call('SET', KEYS[4], bestId .. ' ' .. ARGV[5], 'PX', ARGV[6])
end
return {'ok', bestId}
