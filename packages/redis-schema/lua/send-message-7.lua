-- Stores a chat message exactly once and publishes it, in one atomic step: dedupe, expiry, rate-limit, number,
-- append, publish. One round trip per message, and as few commands as that takes (each redis.call costs Redis about a
-- microsecond, more under load): the sender's budget and the ids of their stored messages are fields of one
-- hash in the room's slot, read with one HMGET and written with one HSET; the message JSON is put together
-- from parts the caller encoded, not by cjson.
-- The dedup ids are kept in generations of ARGV[11] ms, so a busy room's ids stay bounded (two generations)
-- instead of growing for the room's whole life: when the current hash is a generation old it becomes the
-- previous one (the one before that is dropped), and a message not found in the current one is looked up
-- there. A retry is so recognised for at least one generation after its original was stored; clients retry
-- within seconds. The budget fields move with their generation and are read from the previous one when the
-- sender has not sent since the turn (a budget a generation old is full again anyway).
-- KEYS[1] room   KEYS[2] members   KEYS[3] seq   KEYS[4] history (stream)
-- KEYS[5] senders (hash: 'm|<userId>|<clientMsgId>' -> '<id>|<seq>', 'b|<userId>' tokens, 'a|<userId>' refill
--   time, 'g' when this generation began, 'h' the hashtable pin below)
-- KEYS[6] changed (hash: seq -> the message as it is now, for messages edited, deleted or reacted to)
-- KEYS[7] the previous generation of senders
-- ARGV[1] userId   ARGV[2] clientMsgId
-- ARGV[3] the sender's fields as JSON members, caller-encoded: '"userId":"..","name":"..","text":".."'
-- ARGV[4] the frame up to the message, caller-encoded: '{"type":"room_event","roomId":"..","event":"message","message":'
-- ARGV[5] channel   ARGV[6] history entries to keep (approximate, never fewer)
-- ARGV[7] budget refill per second   ARGV[8] budget burst
-- ARGV[9] seq of the message this one replies to ('' for none)   ARGV[10] longest reply quote (UTF-8 bytes)
-- ARGV[11] dedup generation (ms)
-- The message takes the room's epoch as it is now (renew-epoch changes it), and is published as
-- 'm<seq>.<ts>|<frame>': the write time tells a replica two different messages under one seq apart.
-- Returns {'ok', id, seq} for a new message, {'dup', id, seq} for a retry (no budget used),
-- {'rate_limited', retryAfterMs}, or {errorCode} ('room_not_found' also once the room is past its expiresAt;
-- 'message_not_found', 'message_deleted' for the replied one).
local uid = ARGV[1]
-- Written with 'g': a value longer than hash-max-listpack-value (64 bytes) makes Redis keep the generation as a
-- hashtable from its first message. As a listpack (until it holds more than hash-max-listpack-entries fields,
-- 512 by default: ~470 messages in a room of 20) every field HMGET and HSET look up scans the list. The bench
-- (440 messages a room) ran so throughout: HMGET 4.3 µs per call without the pin, 1.9 with it. The price is
-- memory: 28 KB against 16 KB after 200 messages (bench/README, 2026-12-03).
local HASHTABLE_PIN = string.rep('-', 65)
-- The value after `name` in the room's JSON: a plain find, then a match anchored there (an unanchored pattern
-- tries every position of the JSON: three times the cost).
local function field_after(json, name, pattern)
  local at = string.find(json, name, 1, true)
  return at and string.match(json, pattern, at + #name)
end
if redis.call('HEXISTS', KEYS[2], uid) == 0 then
  -- Members expire with the room, so this is the rare path: tell the two apart only here.
  if redis.call('EXISTS', KEYS[1]) == 0 then return { 'room_not_found' } end
  return { 'not_member' }
end
local sent_field, tokens_field, at_field = 'm|' .. uid .. '|' .. ARGV[2], 'b|' .. uid, 'a|' .. uid
local state = redis.call('HMGET', KEYS[5], sent_field, tokens_field, at_field, 'g')
local now = now_ms()
local began = tonumber(state[4])
if began and now - began >= tonumber(ARGV[11]) then
  -- UNLINK: the old generation may hold many ids; freeing them must not stall Redis inside the script.
  redis.call('UNLINK', KEYS[7])
  redis.call('RENAME', KEYS[5], KEYS[7])
  -- The new generation is begun at once, so it exists (with its expiry) whatever this message comes to.
  redis.call('HSET', KEYS[5], 'g', tostring(now), 'h', HASHTABLE_PIN)
  expire_with_room(KEYS[1], KEYS[5])
  state[2], state[3] = nil, nil
end
if not state[1] then
  local before = redis.call('HMGET', KEYS[7], sent_field, tokens_field, at_field)
  state[1] = before[1]
  if not state[2] then state[2], state[3] = before[2], before[3] end
end
if state[1] then
  local id, seq = string.match(state[1], '^(.*)|(%d+)$')
  return { 'dup', id, tonumber(seq) }
end
-- The room's own expiry, not only its keys' TTL (they outlive it by a grace period) nor the worker's expiry job
-- (which may be late or down): a room past expiresAt stores nothing more. A pattern match, not cjson: cheaper.
local raw_room = redis.call('GET', KEYS[1]) or ''
local expires_at = field_after(raw_room, '"expiresAt":', '^%d+')
if not expires_at or tonumber(expires_at) <= now then return { 'room_not_found' } end
local epoch = field_after(raw_room, '"epoch":"', '^[^"]*')
local rate, burst = tonumber(ARGV[7]), tonumber(ARGV[8])
local tokens = budget_tokens(state[2], state[3], now, rate, burst)
if tokens < 1 then return { 'rate_limited', math.ceil((1 - tokens) * 1000 / rate) } end
local reply = ''
if ARGV[9] ~= '' then
  local original = current_message(KEYS[4], KEYS[6], ARGV[9])
  if not original then return { 'message_not_found' } end
  local o = cjson.decode(original)
  if o.deleted then return { 'message_deleted' } end
  local text, max = o.text, tonumber(ARGV[10])
  if #text > max then
    -- Cut on a character boundary: back off UTF-8 continuation bytes (0x80-0xBF).
    local cut = max
    while cut > 0 and string.byte(text, cut + 1) >= 0x80 and string.byte(text, cut + 1) < 0xC0 do cut = cut - 1 end
    text = string.sub(text, 1, cut) .. '…'
  end
  reply = ',"replyTo":' .. cjson.encode({ seq = o.seq, userId = o.userId, name = o.name, text = text })
end
local seq = redis.call('INCR', KEYS[3])
-- Each number formatted once (a concatenation formats it again every time).
local seq_text, now_text = tostring(seq), tostring(now)
-- The room's random epoch makes the id unique beyond the room, without a random number per message.
local id = epoch .. '.' .. seq_text
local msg = '{"id":"' .. id .. '","epoch":"' .. epoch .. '","seq":' .. seq_text .. ',' .. ARGV[3] .. ',"ts":' .. now_text .. reply .. '}'
append_event(KEYS[4], seq, ARGV[6], { 'm', msg })
if began then
  redis.call('HSET', KEYS[5], sent_field, id .. '|' .. seq_text, tokens_field, tostring(tokens - 1), at_field, now_text)
else
  redis.call('HSET', KEYS[5], sent_field, id .. '|' .. seq_text, tokens_field, tostring(tokens - 1), at_field, now_text, 'g', now_text, 'h', HASHTABLE_PIN)
  expire_with_room(KEYS[1], KEYS[5])
end
if seq == 1 then
  expire_with_room(KEYS[1], KEYS[3])
  expire_with_room(KEYS[1], KEYS[4])
end
redis.call('SPUBLISH', ARGV[5], 'm' .. seq_text .. '.' .. now_text .. '|' .. ARGV[4] .. msg .. '}')
return { 'ok', id, seq }
