-- Puts one socket of a member into the room's live presence (idempotent for a socket already in it) and reads
-- what the joiner is owed, all in one step: the room, its participants, and its messages: exactly those after
-- `since` when the history still holds them all (recovered), else the newest ones.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online (zset '<userId>|<connId>' scored by expiry ms)   KEYS[4] seq
-- KEYS[5] history (stream)
-- ARGV[1] userId   ARGV[2] connId   ARGV[3] presence ttl ms   ARGV[4] max sockets per user   ARGV[5] channel
-- ARGV[6] since epoch ('' for none)   ARGV[7] since seq   ARGV[8] newest messages to send without `since`
-- Returns {'ok', roomJSON, participantsJSON, seq, recovered 0|1, messagesJSON (array, oldest first)} or
-- {errorCode} ('room_not_found', 'not_member', 'too_many').
local raw = redis.call('GET', KEYS[1])
if not raw then return { 'room_not_found' } end
local room = cjson.decode(raw)
local now = now_ms()
if room.expiresAt <= now then return { 'room_not_found' } end
local member = redis.call('HGET', KEYS[2], ARGV[1])
if not member then return { 'not_member' } end
local me = ARGV[1] .. '|' .. ARGV[2]
local score = redis.call('ZSCORE', KEYS[3], me)
-- A socket that asks to join again (to recover a gap) is already counted and already announced.
local again = score and tonumber(score) > now
local mine = online_users(KEYS[3], now)[ARGV[1]] or 0
if not again and mine >= tonumber(ARGV[4]) then return { 'too_many' } end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), me)
expire_with_room(KEYS[1], KEYS[3])
local list
if again then
  list = participants_json(KEYS[2], KEYS[3], now)
else
  if mine == 0 then
    redis.call('SPUBLISH', ARGV[5], 'f|' .. room_event(room.id, 'participant_joined', { participant = person(ARGV[1], member) }))
  end
  list = publish_participants(ARGV[5], room.id, KEYS[2], KEYS[3], now)
end
local seq = tonumber(redis.call('GET', KEYS[4]) or '0')
local recovered, entries = 0, nil
if ARGV[6] ~= '' and ARGV[6] == room.epoch then
  local after = tonumber(ARGV[7])
  if after == seq then
    recovered, entries = 1, {}
  elseif after < seq then
    local range = redis.call('XRANGE', KEYS[5], '(' .. after .. '-0', '+')
    if range[1] and range[1][1] == (after + 1) .. '-0' then recovered, entries = 1, range end
  end
end
local messages = {}
if entries then
  for i, e in ipairs(entries) do messages[i] = e[2][2] end
else
  local newest = redis.call('XREVRANGE', KEYS[5], '+', '-', 'COUNT', ARGV[8])
  for i = #newest, 1, -1 do messages[#messages + 1] = newest[i][2][2] end
end
return { 'ok', raw, list, seq, recovered, '[' .. table.concat(messages, ',') .. ']' }
