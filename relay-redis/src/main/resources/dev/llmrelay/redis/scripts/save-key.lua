-- Creates or replaces a key's record, keeping its counters, and moves the key to a new version.
-- KEYS[1] record   KEYS[2] state   ARGV[1] record   ARGV[2] first used (ms; "" to keep)   ARGV[3] last used
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'firstUsed', ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'lastUsed', ARGV[3])
end
return redis.call('HINCRBY', KEYS[2], 'version', 1)
