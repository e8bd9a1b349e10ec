-- Removes an account, its health, last use and leases, and moves the pool to a new version.
-- KEYS[1] accounts   KEYS[2] pool version   KEYS[3] blocked   KEYS[4] status   KEYS[5] last used
-- KEYS[6] the account's lease set   ARGV[1] id   ARGV[2] the pool's new version (unique)
local existed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('DEL', KEYS[6])
if existed == 1 then
  redis.call('SET', KEYS[2], ARGV[2])
end
return existed
