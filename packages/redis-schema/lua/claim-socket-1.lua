-- Takes a lease on one of a user's sockets, counted across every gateway replica, unless the user already holds
-- ARGV[2] live ones (joined or not). A lease lives ARGV[3] ms unless renewed (renew-sockets-1.lua), so the
-- sockets of a replica that died stop counting within it.
-- KEYS[1] user sockets   ARGV[1] connId   ARGV[2] max sockets   ARGV[3] lease ms
-- Returns 1 when the lease is taken, 0 when the user holds too many sockets.
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
