-- Removes a hash's entry if it still points at this key.   KEYS[1] hash -> key id   ARGV[1] hash   ARGV[2] id
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
