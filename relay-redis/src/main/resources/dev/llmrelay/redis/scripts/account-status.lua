-- Records an account's health if the account exists.
-- KEYS[1] accounts   KEYS[2] blocked   KEYS[3] status
-- ARGV[1] id   ARGV[2] blocked until (ms; "" when available)   ARGV[3] status record
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return 1
