-- Takes an OAuth sign-in session away (get and delete in one step, so that one finish of many racing gets it);
-- with a state to check, only when it is the session's: a code of another sign-in leaves it open.
-- KEYS[1] the session   ARGV[1] '1' to check the state, else '0'   ARGV[2] the state
-- Answers {'taken', record}, {'not-open'} or {'state-differs'}.
local record = redis.call('HGET', KEYS[1], 'record')
if not record then
  return {'not-open'}
end
if ARGV[1] == '1' and redis.call('HGET', KEYS[1], 'state') ~= ARGV[2] then
  return {'state-differs'}
end
redis.call('DEL', KEYS[1])
return {'taken', record}
