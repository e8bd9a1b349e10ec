-- Replaces an account's record (its credential changed) if it still exists, moving the pool to a new version.
-- KEYS[1] accounts   KEYS[2] pool version   ARGV[1] id   ARGV[2] record
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('INCR', KEYS[2])
return 1
