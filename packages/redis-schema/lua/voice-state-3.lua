-- Records that a member's socket joined or left voice, or (un)muted, and tells the room.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online
-- ARGV[1] userId   ARGV[2] connId   ARGV[3] '1' in voice | '0' not   ARGV[4] '1' muted | '0' not   ARGV[5] channel
-- Returns 'ok', 'room_not_found', 'not_member' or 'not_joined' (the socket is not live in the room).
if redis.call('EXISTS', KEYS[1]) == 0 then return 'room_not_found' end
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 'not_member' end
local now = now_ms()
local score = redis.call('ZSCORE', KEYS[3], ARGV[1] .. '|' .. ARGV[2])
if not score or tonumber(score) <= now then return 'not_joined' end
local member = cjson.decode(raw)
if ARGV[3] == '1' then
  member.voice = { muted = ARGV[4] == '1', conn = ARGV[2] }
else
  member.voice = nil
end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(member))
local room_id = string.match(KEYS[1], '{(.*)}')
publish_participants(ARGV[5], room_id, KEYS[2], KEYS[3], now)
return 'ok'
