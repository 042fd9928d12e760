-- Whether the invite page shows the names of the people inside (room.showPeople), and tells the members.
-- KEYS[1] room   ARGV[1] '1' show | '0' hide   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local room, updated = update_room(KEYS[1], function(r) r.showPeople = ARGV[1] == '1' or nil end)
if not room then return false end
redis.call('SPUBLISH', ARGV[2], 'f|' .. room_event(room.id, 'invite_people', { on = ARGV[1] == '1' }))
return updated
