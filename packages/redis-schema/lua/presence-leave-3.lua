-- Takes a socket out of presence; with ARGV[3] = 'left' the user also leaves the member list (frees the place)
-- and every other socket of theirs in the room is told to go (control event). With 'offline', a user's last
-- socket leaves a grace entry (GRACE_CONN) live for ARGV[6] ms instead of a leave; presence-join takes it over
-- when they are back in time, presence-refresh announces the leave when it runs out. ARGV[6] = 0: leave at once.
-- A host who leaves (or goes offline with no grace) hands the room to the longest-present member (settle_host).
-- KEYS[1] room   KEYS[2] members   KEYS[3] online
-- ARGV[1] userId   ARGV[2] connId   ARGV[3] 'offline' | 'left'   ARGV[4] roomId   ARGV[5] channel   ARGV[6] grace ms
-- Returns 1 when presence changed and was published, 0 otherwise.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local host_id = cjson.decode(raw).hostId
local now = now_ms()
local member = redis.call('HGET', KEYS[2], ARGV[1])
local removed = redis.call('ZREM', KEYS[3], ARGV[1] .. '|' .. ARGV[2]) == 1
if not member then return 0 end
if ARGV[3] == 'left' then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if string.sub(m, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('ZREM', KEYS[3], m) end
  end
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('SPUBLISH', ARGV[5], 'c|' .. room_event(ARGV[4], 'participant_left', { participant = person(ARGV[1], member), reason = 'left' }))
  if ARGV[1] == host_id then settle_host(KEYS[1], KEYS[2], KEYS[3], ARGV[5], now, 'left') end
  publish_participants(ARGV[5], ARGV[4], KEYS[2], KEYS[3], now)
  return 1
end
-- An entry already swept was already announced: the online set does not change again.
if not removed then return 0 end
local voice = cjson.decode(member).voice
local voice_gone = type(voice) == 'table' and voice.conn == ARGV[2]
if (online_users(KEYS[3], now)[ARGV[1]] or 0) > 0 then
  -- Another socket of theirs is live: only the voice mark of this one can go.
elseif tonumber(ARGV[6]) > 0 then
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[6]), ARGV[1] .. '|' .. GRACE_CONN)
else
  redis.call('SPUBLISH', ARGV[5], 'f|' .. room_event(ARGV[4], 'participant_left', { participant = person(ARGV[1], member), reason = 'offline' }))
  if ARGV[1] == host_id then settle_host(KEYS[1], KEYS[2], KEYS[3], ARGV[5], now, 'offline') end
  voice_gone = true
end
if not voice_gone then return 0 end
publish_participants(ARGV[5], ARGV[4], KEYS[2], KEYS[3], now)
return 1
