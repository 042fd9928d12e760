-- Admits a user to a room's member list (the HTTP join), enforcing expiry, kicks, lock and capacity; in a room
-- whose host admits people one by one (room.lobby), or a locked room when the user asks to enter, it puts them in
-- the lobby instead, where the host admits or declines them (lobby-decide-4.lua). Their invite page asks again
-- every few seconds: each call answers how it stands and keeps the entry fresh.
-- KEYS[1] room   KEYS[2] members   KEYS[3] banned   KEYS[4] online   KEYS[5] lobby
-- ARGV[1] userId   ARGV[2] member JSON {name, nameKey, role, joinedAt}   ARGV[3] channel
-- ARGV[4] the name's confusable key (protocol's nameKey)   ARGV[5] '1' to ask to enter a locked room
-- Returns {'ok', roomJSON, memberJSON} (memberJSON is the stored record, old or new), {'waiting'} or {errorCode}
-- ('name_taken' when another member's, or another asker's, name has the same key: "Bob" and fullwidth "Ｂｏｂ"
-- are one name; 'knock_declined' when the host said no).
local raw = redis.call('GET', KEYS[1])
if not raw then return { 'room_not_found' } end
local room = cjson.decode(raw)
local now = now_ms()
if room.expiresAt <= now then return { 'room_not_found' } end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return { 'kicked' } end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return { 'ok', raw, existing } end
local asked = redis.call('HGET', KEYS[5], ARGV[1])
if asked then
  local e = cjson.decode(asked)
  if e.declined then return { 'knock_declined' } end
  if room.lobby or room.isLocked then
    e.seen = now
    redis.call('HSET', KEYS[5], ARGV[1], cjson.encode(e))
    return { 'waiting' }
  end
  -- The host stopped admitting one by one while they waited: they come in like anyone else now.
  redis.call('HDEL', KEYS[5], ARGV[1])
  publish_lobby(ARGV[3], room, KEYS[5], now)
end
local ask = room.lobby or (room.isLocked and ARGV[5] == '1')
if room.isLocked and not ask then return { 'room_locked' } end
if redis.call('HLEN', KEYS[2]) >= room.maxParticipants then return { 'room_full' } end
if name_taken(KEYS[2], KEYS[5], ARGV[4], ARGV[1]) then return { 'name_taken' } end
if ask then
  redis.call('HSET', KEYS[5], ARGV[1], cjson.encode({ member = cjson.decode(ARGV[2]), at = now, seen = now }))
  expire_with_room(KEYS[1], KEYS[5])
  publish_lobby(ARGV[3], room, KEYS[5], now)
  return { 'waiting' }
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
publish_participants(ARGV[3], room.id, KEYS[2], KEYS[4], now)
return { 'ok', raw, ARGV[2] }
