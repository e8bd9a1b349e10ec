-- Frees an account's refresh lock if this holder still holds it (it may have expired and gone to another).
-- KEYS[1] the lock   ARGV[1] the holder's token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
