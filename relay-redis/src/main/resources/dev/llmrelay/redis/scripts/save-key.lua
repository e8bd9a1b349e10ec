-- Creates or replaces a key's record, keeping its counters, and moves the key to a new version.
-- KEYS[1] record   KEYS[2] state   ARGV[1] record   ARGV[2] first used (ms; "" to keep)   ARGV[3] last used
-- ARGV[4] the key's new version: unique, so a node never takes a Redis that lost its data for the one it knew
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'firstUsed', ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'lastUsed', ARGV[3])
end
redis.call('HSET', KEYS[2], 'version', ARGV[4])
return ARGV[4]
