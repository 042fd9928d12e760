-- Makes another member the host, in one step: the room's hostId and both members' roles change together, so
-- two racing handoffs leave exactly one host. Everyone hears `host_changed` and the new participants list.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online
-- ARGV[1] userId of the new host   ARGV[2] channel
-- Returns 'ok', 'room_not_found', 'not_member' or 'is_host'.
local room, member, refused = room_and_other_member(KEYS[1], KEYS[2], ARGV[1])
if refused then return refused end
make_host(KEYS[1], room, KEYS[2], ARGV[1], cjson.decode(member), ARGV[2], 'handed')
publish_participants(ARGV[2], room.id, KEYS[2], KEYS[3], now_ms())
return 'ok'
