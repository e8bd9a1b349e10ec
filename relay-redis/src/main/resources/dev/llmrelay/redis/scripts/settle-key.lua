-- Ends one admitted request of a key: gives its concurrency slot back and, when it settles, counts the tokens
-- and cost its answer used. Nothing is counted for a key deleted meanwhile.
-- KEYS[1] state   KEYS[2] leases   KEYS[3] settled tokens   KEYS[4] spend
-- ARGV[1] lease id   ARGV[2] "1" to settle   ARGV[3] tokens   ARGV[4] now (ms)   ARGV[5] grain start (ms)
-- ARGV[6] cost (nano-USD)   ARGV[7] the day the request was admitted   ARGV[8] its week's Monday
-- ARGV[9] today   ARGV[10] this week's Monday   ARGV[11] how long settled tokens are kept (ms)
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] ~= '1' or redis.call('HEXISTS', KEYS[1], 'version') == 0 then
  return 0
end
local tokens = tonumber(ARGV[3])
if tokens > 0 then
  local held = redis.call('HGET', KEYS[3], ARGV[5])
  local sum, latest = tokens, tonumber(ARGV[4])
  if held then
    local heldTokens, heldLatest = string.match(held, '^(%d+) (%d+)$')
    sum = sum + tonumber(heldTokens)
    if tonumber(heldLatest) > latest then
      latest = tonumber(heldLatest)
    end
  end
  redis.call('HSET', KEYS[3], ARGV[5], string.format('%.0f %.0f', sum, latest))
  redis.call('PEXPIRE', KEYS[3], ARGV[11])
end
local cost = tonumber(ARGV[6])
if cost > 0 then
  if redis.call('HGET', KEYS[4], 'day') ~= ARGV[9] then
    redis.call('HSET', KEYS[4], 'day', ARGV[9], 'dayNanos', 0)
  end
  if redis.call('HGET', KEYS[4], 'week') ~= ARGV[10] then
    redis.call('HSET', KEYS[4], 'week', ARGV[10], 'weekNanos', 0)
  end
  if ARGV[7] == ARGV[9] then
    redis.call('HINCRBY', KEYS[4], 'dayNanos', cost)
  end
  if ARGV[8] == ARGV[10] then
    redis.call('HINCRBY', KEYS[4], 'weekNanos', cost)
  end
  redis.call('HINCRBY', KEYS[4], 'totalNanos', cost)
end
return 1
