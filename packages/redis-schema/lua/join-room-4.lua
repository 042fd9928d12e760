-- Admits a user to a room's member list (the HTTP join), enforcing expiry, kicks, lock and capacity.
-- KEYS[1] room   KEYS[2] members   KEYS[3] banned   KEYS[4] online
-- ARGV[1] userId   ARGV[2] member JSON {name, nameKey, role, joinedAt}   ARGV[3] channel
-- ARGV[4] the name's confusable key (protocol's nameKey)
-- Returns {'ok', roomJSON, memberJSON} (memberJSON is the stored record, old or new) or {errorCode}
-- ('name_taken' when another member's name has the same key: "Bob" and fullwidth "Ｂｏｂ" are one name).
local raw = redis.call('GET', KEYS[1])
if not raw then return { 'room_not_found' } end
local room = cjson.decode(raw)
local now = now_ms()
if room.expiresAt <= now then return { 'room_not_found' } end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return { 'kicked' } end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return { 'ok', raw, existing } end
if room.isLocked then return { 'room_locked' } end
local members = redis.call('HVALS', KEYS[2])
if #members >= room.maxParticipants then return { 'room_full' } end
for _, m in ipairs(members) do
  if cjson.decode(m).nameKey == ARGV[4] then return { 'name_taken' } end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
publish_participants(ARGV[3], room.id, KEYS[2], KEYS[4], now)
return { 'ok', raw, ARGV[2] }
