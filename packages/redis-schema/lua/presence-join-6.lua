-- Puts one socket of a member into the room's live presence (idempotent for a socket already in it; the room
-- hears of it only when the member was not shown online, see GRACE_CONN) and reads
-- what the joiner is owed, all in one step: the room, its participants, and its messages: exactly those after
-- `since` when the history still holds them all (recovered), else the newest ones.
-- A room whose host left or is away (hostAway) gets one here: the longest-present member online, maybe the
-- joiner (settle_host); the host coming back clears hostAway.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online (zset '<userId>|<connId>' scored by expiry ms)   KEYS[4] seq
-- KEYS[5] history (stream)   KEYS[6] changed (hash: seq -> message as it is now)
-- ARGV[1] userId   ARGV[2] connId   ARGV[3] presence ttl ms   ARGV[4] max sockets per user   ARGV[5] channel
-- ARGV[6] since epoch ('' for none)   ARGV[7] since seq   ARGV[8] newest messages to send without `since`
-- Returns {'ok', roomJSON, participantsJSON, seq, recovered 0|1, messagesJSON, changesJSON} (arrays, oldest
-- first; changes only when recovered: the change frames after `since`) or {errorCode} ('room_not_found',
-- 'not_member', 'too_many').

-- The newest `count` messages (not changes) as they are now, oldest first.
local function newest_messages(history_key, changed_key, count)
  local found, upto = {}, '+'
  while #found < count do
    local batch = redis.call('XREVRANGE', history_key, upto, '-', 'COUNT', count * 2)
    for _, e in ipairs(batch) do
      if e[2][1] == 'm' and #found < count then found[#found + 1] = e end
    end
    if #batch < count * 2 then break end
    upto = '(' .. batch[#batch][1]
  end
  local out = {}
  if #found == 0 then return out end
  local seqs = {}
  for i, e in ipairs(found) do seqs[i] = string.match(e[1], '^%d+') end
  local now_json = redis.call('HMGET', changed_key, unpack(seqs))
  for i = #found, 1, -1 do out[#out + 1] = now_json[i] or found[i][2][2] end
  return out
end

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
local grace = ARGV[1] .. '|' .. GRACE_CONN
local grace_score = redis.call('ZSCORE', KEYS[3], grace)
local mine = online_users(KEYS[3], now)[ARGV[1]] or 0
if grace_score and tonumber(grace_score) > now then mine = mine - 1 end
if not again and mine >= tonumber(ARGV[4]) then return { 'too_many' } end
-- Back within the grace (a reload, a move to another replica): the socket takes over the grace entry unseen.
if grace_score then redis.call('ZREM', KEYS[3], grace) end
local shown = shown_users(KEYS[3])[ARGV[1]] or grace_score
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), me)
expire_with_room(KEYS[1], KEYS[3])
local host_changed = false
local host_left = redis.call('HEXISTS', KEYS[2], room.hostId) == 0
if room.hostAway or host_left then
  local why = host_left and 'left' or 'offline'
  host_changed = settle_host(KEYS[1], KEYS[2], KEYS[3], ARGV[5], now, why)
  raw = redis.call('GET', KEYS[1])
end
local list
if shown and not host_changed then
  list = participants_json(KEYS[2], KEYS[3], now)
else
  if not shown then
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
local messages, changes = {}, {}
if entries then
  -- Replayed exactly, except that nothing of a deleted message's content is sent again: its message entry is
  -- replayed as the marker it now is, and of its changes only the delete.
  local targets = {}
  for i, e in ipairs(entries) do targets[i] = e[2][1] == 'm' and string.match(e[1], '^%d+') or e[2][4] end
  local now_json = #targets > 0 and redis.call('HMGET', KEYS[6], unpack(targets)) or {}
  for i, e in ipairs(entries) do
    local gone = now_json[i] and cjson.decode(now_json[i]).deleted
    if e[2][1] == 'm' then
      messages[#messages + 1] = gone and now_json[i] or e[2][2]
    elseif not gone or cjson.decode(e[2][2]).event == 'message_deleted' then
      changes[#changes + 1] = e[2][2]
    end
  end
else
  messages = newest_messages(KEYS[5], KEYS[6], tonumber(ARGV[8]))
end
return { 'ok', raw, list, seq, recovered, '[' .. table.concat(messages, ',') .. ']', '[' .. table.concat(changes, ',') .. ']' }
