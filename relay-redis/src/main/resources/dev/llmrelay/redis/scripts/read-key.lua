-- A key's record, version and use times, read at one instant; {} when there is no such key.
-- KEYS[1] record   KEYS[2] state
local record = redis.call('GET', KEYS[1])
if not record then
  return {}
end
local state = redis.call('HMGET', KEYS[2], 'version', 'firstUsed', 'lastUsed')
return {record, state[1] or '0', state[2] or '', state[3] or ''}
