-- Points a key hash at its key, refusing a hash another key holds, and retires the key's previous hash.
-- KEYS[1] hash -> key id   ARGV[1] new hash   ARGV[2] key id   ARGV[3] previous hash ("" when none)
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder and holder ~= ARGV[2] then
  return holder
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' and ARGV[3] ~= ARGV[1] and redis.call('HGET', KEYS[1], ARGV[3]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[3])
end
return ''
