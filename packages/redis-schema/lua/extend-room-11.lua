-- Gives a live room more time: moves its expiresAt by a step (up to a cap), every key's expiry with it, and
-- tells the members. One step, so two hosts' tabs or replicas racing add two steps, never a torn state.
-- KEYS[1] room   KEYS[2..10] members, banned, seq, history, senders, senders before, online, changed, lobby
-- KEYS[11] fate (last)
-- ARGV[1] step (ms)   ARGV[2] longest total length (ms, from createdAt)   ARGV[3] grace (ms)
-- ARGV[4] fate TTL (ms)   ARGV[5] channel
-- Returns the updated room JSON, 'cap' when it already lasts as long as it may, false when it is gone.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local room = cjson.decode(raw)
if room.expiresAt <= now_ms() then return false end
local target = math.min(room.expiresAt + tonumber(ARGV[1]), room.createdAt + tonumber(ARGV[2]))
if target <= room.expiresAt then return 'cap' end
room.expiresAt = target
local updated = cjson.encode(room)
local keys_at = target + tonumber(ARGV[3])
redis.call('SET', KEYS[1], updated, 'PXAT', keys_at)
for i = 2, #KEYS - 1 do
  redis.call('PEXPIREAT', KEYS[i], keys_at)
end
redis.call('SET', KEYS[#KEYS], 'expired', 'PXAT', target + tonumber(ARGV[4]))
redis.call('SPUBLISH', ARGV[5], 'f|' .. room_event(room.id, 'extended', { expiresAt = target }))
return updated
