-- Renews the leases of a user's open sockets on one replica (taken by claim-socket-1.lua) for ARGV[1] ms more.
-- KEYS[1] user sockets   ARGV[1] lease ms   ARGV[2..] connIds
-- Returns the number of leases renewed.
local until_ms = now_ms() + tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], until_ms, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return #ARGV - 1
