-- Locks or unlocks a room and tells its members.
-- KEYS[1] room   ARGV[1] '1' lock | '0' unlock   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local room = cjson.decode(raw)
room.isLocked = ARGV[1] == '1'
local updated = cjson.encode(room)
redis.call('SET', KEYS[1], updated, 'KEEPTTL')
redis.call('SPUBLISH', ARGV[2], 'f|' .. room_event(room.id, room.isLocked and 'locked' or 'unlocked'))
return updated
