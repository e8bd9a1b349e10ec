-- Counts spend recorded elsewhere (an import) into a key's budgets.
-- KEYS[1] spend   ARGV[1] nano-USD in all   ARGV[2] of it today   ARGV[3] of it this week
-- ARGV[4] today   ARGV[5] this week's Monday
if redis.call('HGET', KEYS[1], 'day') ~= ARGV[4] then
  redis.call('HSET', KEYS[1], 'day', ARGV[4], 'dayNanos', 0)
end
if redis.call('HGET', KEYS[1], 'week') ~= ARGV[5] then
  redis.call('HSET', KEYS[1], 'week', ARGV[5], 'weekNanos', 0)
end
redis.call('HINCRBY', KEYS[1], 'dayNanos', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'weekNanos', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'totalNanos', ARGV[1])
return 1
