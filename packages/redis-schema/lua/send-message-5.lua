-- Stores a chat message exactly once and publishes it: dedupe, number, append, publish, atomically.
-- KEYS[1] room   KEYS[2] members   KEYS[3] seq   KEYS[4] history (stream)   KEYS[5] dedup (hash)
-- ARGV[1] userId   ARGV[2] clientMsgId   ARGV[3] new message id   ARGV[4] name   ARGV[5] text
-- ARGV[6] epoch   ARGV[7] roomId   ARGV[8] channel   ARGV[9] history entries to keep (approximate, never fewer)
-- Returns {'ok', id, seq, ts} for a new message, {'dup', id, seq} for a retry, or {errorCode}.
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'room_not_found' } end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return { 'not_member' } end
local dedup_field = ARGV[1] .. '|' .. ARGV[2]
local prev = redis.call('HGET', KEYS[5], dedup_field)
if prev then
  local id, seq = string.match(prev, '^(.*)|(%d+)$')
  return { 'dup', id, tonumber(seq) }
end
local seq = redis.call('INCR', KEYS[3])
local ts = now_ms()
local msg = cjson.encode({ id = ARGV[3], epoch = ARGV[6], seq = seq, userId = ARGV[1], name = ARGV[4], text = ARGV[5], ts = ts })
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[9], seq .. '-0', 'm', msg)
redis.call('HSET', KEYS[5], dedup_field, ARGV[3] .. '|' .. seq)
if seq == 1 then
  expire_with_room(KEYS[1], KEYS[3])
  expire_with_room(KEYS[1], KEYS[4])
  expire_with_room(KEYS[1], KEYS[5])
end
redis.call('PUBLISH', ARGV[8],
  'm' .. seq .. '|{"type":"room_event","roomId":' .. cjson.encode(ARGV[7]) .. ',"event":"message","message":' .. msg .. '}')
return { 'ok', ARGV[3], seq, ts }
