-- Creates or replaces an account with its status and last use, and moves the pool to a new version.
-- KEYS[1] accounts (id -> record)   KEYS[2] pool version   KEYS[3] blocked   KEYS[4] status   KEYS[5] last used
-- ARGV[1] id   ARGV[2] record   ARGV[3] blocked until (ms; "" when available)   ARGV[4] status record
-- ARGV[5] last used (ms; "" when never)   ARGV[6] "1" to replace only an account that exists
-- ARGV[7] the pool's new version: unique, so a node never takes a Redis that lost its data for the one it knew
if ARGV[6] == '1' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[3], ARGV[1])
else
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[1], ARGV[5])
end
redis.call('SET', KEYS[2], ARGV[7])
return 1
