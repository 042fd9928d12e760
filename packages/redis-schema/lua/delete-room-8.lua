-- Ends a room for everyone: tells the members ('ended' by the host, 'expired' by the worker) and deletes every key.
-- KEYS[1] room   KEYS[2..8] members, banned, seq, history, senders, online, changed
-- ARGV[1] 'ended' | 'expired'   ARGV[2] channel
-- Returns 1 when the room was deleted, 0 when it was already gone, -1 for an 'expired' that is not yet due.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local room = cjson.decode(raw)
-- A second of slack absorbs clock differences between the worker's delay and Redis's clock.
if ARGV[1] == 'expired' and room.expiresAt > now_ms() + 1000 then return -1 end
redis.call('SPUBLISH', ARGV[2], 'c|' .. room_event(room.id, ARGV[1]))
redis.call('DEL', unpack(KEYS))
return 1
