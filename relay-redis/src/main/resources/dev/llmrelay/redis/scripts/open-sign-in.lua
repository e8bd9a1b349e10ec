-- Opens an OAuth sign-in session that Redis forgets when it expires.
-- KEYS[1] the session   ARGV[1] its state   ARGV[2] its record (secrets encrypted)   ARGV[3] its life (ms)
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'record', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
