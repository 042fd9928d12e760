-- Removes a member for good: out of the member list (frees the place), banned from rejoining with the same id,
-- out of presence; every replica closes the user's sockets on the control event.
-- KEYS[1] room   KEYS[2] members   KEYS[3] banned   KEYS[4] online
-- ARGV[1] userId to kick   ARGV[2] channel
-- Returns 'ok', 'room_not_found', 'not_member' or 'is_host'.
local room, member, refused = room_and_other_member(KEYS[1], KEYS[2], ARGV[1])
if refused then return refused end
local now = now_ms()
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
expire_with_room(KEYS[1], KEYS[3])
for _, m in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  if string.sub(m, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('ZREM', KEYS[4], m) end
end
local p = person(ARGV[1], member)
redis.call('SPUBLISH', ARGV[2], 'c|' .. room_event(room.id, 'kicked', { userId = ARGV[1], name = p.name }))
redis.call('SPUBLISH', ARGV[2], 'f|' .. room_event(room.id, 'participant_left', { participant = p, reason = 'kicked' }))
publish_participants(ARGV[2], room.id, KEYS[2], KEYS[4], now)
return 'ok'
