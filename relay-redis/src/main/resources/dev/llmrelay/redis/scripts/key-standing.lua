-- Where a key stands against its limits, taking nothing.
-- KEYS[1] state   KEYS[2] leases   KEYS[3] admissions   KEYS[4] settled tokens   KEYS[5] spend
-- ARGV[1] now (ms)   ARGV[2] window (ms)   ARGV[3] today   ARGV[4] this week's Monday
if redis.call('HEXISTS', KEYS[1], 'version') == 0 then
  return {'gone'}
end
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local requests = redis.call('ZCOUNT', KEYS[3], '(' .. (now - window), '+inf')
local tokens = 0
local fields = redis.call('HGETALL', KEYS[4])
for i = 1, #fields, 2 do
  local held, latest = string.match(fields[i + 1], '^(%d+) (%d+)$')
  if tonumber(latest) > now - window then
    tokens = tokens + tonumber(held)
  end
end
local dayNanos, weekNanos = '0', '0'
if redis.call('HGET', KEYS[5], 'day') == ARGV[3] then
  dayNanos = redis.call('HGET', KEYS[5], 'dayNanos') or '0'
end
if redis.call('HGET', KEYS[5], 'week') == ARGV[4] then
  weekNanos = redis.call('HGET', KEYS[5], 'weekNanos') or '0'
end
local totalNanos = redis.call('HGET', KEYS[5], 'totalNanos') or '0'
local inFlight = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
return {'ok', requests, tostring(tokens), dayNanos, weekNanos, totalNanos, inFlight}
