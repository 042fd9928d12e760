-- The host's answer to someone waiting in the lobby, in one step so two hosts' tabs (or a handoff) racing give
-- one answer: 'admit' makes them a member (capacity and names checked as at a join; a lock does not apply, the
-- host chose them), 'decline' marks the entry so their invite page says no. Everyone hears the new lobby.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online   KEYS[4] lobby
-- ARGV[1] userId   ARGV[2] 'admit' | 'decline'   ARGV[3] channel
-- Returns 'ok', 'room_not_found', 'not_waiting', 'room_full' or 'name_taken'.
local raw = redis.call('GET', KEYS[1])
if not raw then return 'room_not_found' end
local room = cjson.decode(raw)
local now = now_ms()
local entry = redis.call('HGET', KEYS[4], ARGV[1])
if not entry then return 'not_waiting' end
local e = cjson.decode(entry)
if e.declined then return 'not_waiting' end
if ARGV[2] == 'decline' then
  e.declined = true
  redis.call('HSET', KEYS[4], ARGV[1], cjson.encode(e))
  publish_lobby(ARGV[3], room, KEYS[4], now)
  return 'ok'
end
if redis.call('HLEN', KEYS[2]) >= room.maxParticipants then return 'room_full' end
local m = e.member
for _, other in ipairs(redis.call('HVALS', KEYS[2])) do
  if cjson.decode(other).nameKey == m.nameKey then return 'name_taken' end
end
-- Present from the moment they are let in: that is what longest-present (host handoff) counts.
m.joinedAt = now
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(m))
redis.call('HDEL', KEYS[4], ARGV[1])
publish_participants(ARGV[3], room.id, KEYS[2], KEYS[3], now)
publish_lobby(ARGV[3], room, KEYS[4], now)
return 'ok'
