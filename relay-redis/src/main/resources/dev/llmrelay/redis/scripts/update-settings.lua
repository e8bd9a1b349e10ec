-- Replaces an account's record only if it is still the one the caller read (compare and set), with its status
-- and last use, and moves the pool to a new version. The caller carried the credential of the record it read
-- over, so a refresh that landed in between makes this refuse, and the caller reads again.
-- KEYS[1] accounts   KEYS[2] pool version   KEYS[3] blocked   KEYS[4] status   KEYS[5] last used
-- ARGV[1] id   ARGV[2] the record read   ARGV[3] new record   ARGV[4] blocked until (ms; "" when available)
-- ARGV[5] status record   ARGV[6] last used (ms; "" when never)   ARGV[7] the pool's new version
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'gone'
end
if current ~= ARGV[2] then
  return 'changed'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[3], ARGV[1])
else
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[5])
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[1], ARGV[6])
end
redis.call('SET', KEYS[2], ARGV[7])
return 'ok'
