-- Stores a chat message exactly once and publishes it, in one atomic step: dedupe, rate-limit, number, append,
-- publish. One round trip per message: the sender's budget lives in the room's slot, so the script stays
-- cluster-safe.
-- KEYS[1] room   KEYS[2] members   KEYS[3] seq   KEYS[4] history (stream)   KEYS[5] dedup (hash)
-- KEYS[6] the members' message budgets (hash of token buckets)
-- ARGV[1] userId   ARGV[2] clientMsgId   ARGV[3] name   ARGV[4] text   ARGV[5] epoch   ARGV[6] roomId
-- ARGV[7] channel   ARGV[8] history entries to keep (approximate, never fewer)
-- ARGV[9] budget refill per second   ARGV[10] budget burst
-- Returns {'ok', id, seq} for a new message, {'dup', id, seq} for a retry (no budget used),
-- {'rate_limited', retryAfterMs}, or {errorCode}.
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'room_not_found' } end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return { 'not_member' } end
local dedup_field = ARGV[1] .. '|' .. ARGV[2]
local prev = redis.call('HGET', KEYS[5], dedup_field)
if prev then
  local id, seq = string.match(prev, '^(.*)|(%d+)$')
  return { 'dup', id, tonumber(seq) }
end
local now = now_ms()
local wait = take_token(KEYS[6], ARGV[1], tonumber(ARGV[9]), tonumber(ARGV[10]), now)
if wait > 0 then return { 'rate_limited', wait } end
local seq = redis.call('INCR', KEYS[3])
-- The room's random epoch makes the id unique beyond the room, without a random number per message.
local id = ARGV[5] .. '.' .. seq
local msg = cjson.encode({ id = id, epoch = ARGV[5], seq = seq, userId = ARGV[1], name = ARGV[3], text = ARGV[4], ts = now })
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], seq .. '-0', 'm', msg)
redis.call('HSET', KEYS[5], dedup_field, id .. '|' .. seq)
if seq == 1 then
  expire_with_room(KEYS[1], KEYS[3])
  expire_with_room(KEYS[1], KEYS[4])
  expire_with_room(KEYS[1], KEYS[5])
  expire_with_room(KEYS[1], KEYS[6])
end
redis.call('PUBLISH', ARGV[7],
  'm' .. seq .. '|{"type":"room_event","roomId":' .. cjson.encode(ARGV[6]) .. ',"event":"message","message":' .. msg .. '}')
return { 'ok', id, seq }
