-- Ends a room for everyone: tells the members ('ended' by the host, 'expired' by the worker), deletes every key
-- and leaves the room's fate (the reason word, nothing else) for as long as its link may circulate.
-- KEYS[1] room   KEYS[2..10] members, banned, seq, history, senders, senders before, online, changed, lobby
-- KEYS[11] fate (last)
-- ARGV[1] 'ended' | 'expired'   ARGV[2] channel   ARGV[3] fate TTL (ms)
-- Returns 1 when the room was deleted, 0 when it was already gone, -1 for an 'expired' that is not yet due.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local room = cjson.decode(raw)
-- A second of slack absorbs clock differences between the worker's delay and Redis's clock.
if ARGV[1] == 'expired' and room.expiresAt > now_ms() + 1000 then return -1 end
redis.call('SPUBLISH', ARGV[2], 'c|' .. room_event(room.id, ARGV[1]))
redis.call('DEL', unpack(KEYS, 1, #KEYS - 1))
redis.call('SET', KEYS[#KEYS], ARGV[1], 'PX', ARGV[3])
return 1
