-- Every account with its health and last use, and the pool version they belong to, read at one instant.
-- KEYS[1] pool version   KEYS[2] accounts   KEYS[3] status   KEYS[4] last used
return {redis.call('GET', KEYS[1]) or '0', redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]),
        redis.call('HGETALL', KEYS[4])}
