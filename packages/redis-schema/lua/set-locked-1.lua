-- Locks or unlocks a room and tells its members.
-- KEYS[1] room   ARGV[1] '1' lock | '0' unlock   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local room, updated = update_room(KEYS[1], function(r) r.isLocked = ARGV[1] == '1' end)
if not room then return false end
redis.call('SPUBLISH', ARGV[2], 'f|' .. room_event(room.id, room.isLocked and 'locked' or 'unlocked'))
return updated
