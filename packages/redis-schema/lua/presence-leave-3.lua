-- Takes a socket out of presence; with ARGV[3] = 'left' the user also leaves the member list (frees the place)
-- and every other socket of theirs in the room is told to go (control event).
-- KEYS[1] room   KEYS[2] members   KEYS[3] online
-- ARGV[1] userId   ARGV[2] connId   ARGV[3] 'offline' | 'left'   ARGV[4] roomId   ARGV[5] channel
-- Returns 1 when presence changed and was published, 0 otherwise.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local now = now_ms()
local member = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1] .. '|' .. ARGV[2])
if not member then return 0 end
if ARGV[3] == 'left' then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if string.sub(m, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('ZREM', KEYS[3], m) end
  end
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('SPUBLISH', ARGV[5], 'c|' .. room_event(ARGV[4], 'participant_left', { participant = person(ARGV[1], member), reason = 'left' }))
elseif (online_users(KEYS[3], now)[ARGV[1]] or 0) == 0 then
  redis.call('SPUBLISH', ARGV[5], 'f|' .. room_event(ARGV[4], 'participant_left', { participant = person(ARGV[1], member), reason = 'offline' }))
else
  return 0
end
publish_participants(ARGV[5], ARGV[4], KEYS[2], KEYS[3], now)
return 1
