-- Token bucket shared by all sockets of one user on all replicas.
-- KEYS[1] bucket (hash: tokens, at)
-- ARGV[1] refill rate per second   ARGV[2] burst (bucket size)
-- Returns {1, 0} when a token was taken, {0, retryAfterMs} when the bucket is empty.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = now_ms()
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return { allowed, retry }
