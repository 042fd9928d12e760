-- Turns on or off whether the host admits people one by one (room.lobby); everyone hears the lobby as it is.
-- Turning it off lets nobody in by itself: whoever still waits comes in at their page's next ask (join-room-5).
-- KEYS[1] room   KEYS[2] lobby
-- ARGV[1] '1' on, '0' off   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local room = cjson.decode(raw)
if ARGV[1] == '1' then room.lobby = true else room.lobby = nil end
local updated = cjson.encode(room)
redis.call('SET', KEYS[1], updated, 'KEEPTTL')
publish_lobby(ARGV[2], room, KEYS[2], now_ms())
return updated
