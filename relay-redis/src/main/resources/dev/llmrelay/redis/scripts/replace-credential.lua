-- Replaces an account's record (its credential changed) if it still exists, moving the pool to a new version.
-- KEYS[1] accounts   KEYS[2] pool version   ARGV[1] id   ARGV[2] record   ARGV[3] new version (unique)
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1
