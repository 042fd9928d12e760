-- Whether the invite page shows the names of the people inside (room.showPeople), and tells the members.
-- KEYS[1] room   ARGV[1] '1' show | '0' hide   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local room = cjson.decode(raw)
if ARGV[1] == '1' then room.showPeople = true else room.showPeople = nil end
local updated = cjson.encode(room)
redis.call('SET', KEYS[1], updated, 'KEEPTTL')
redis.call('SPUBLISH', ARGV[2], 'f|' .. room_event(room.id, 'invite_people', { on = ARGV[1] == '1' }))
return updated
