-- Changes an existing message (edit, delete, react, unreact) in one atomic step: checks that the sender may,
-- within the limits, takes it from the sender's message budget, and records the change as the next event of the
-- room's stream (its own seq, field 'e': the frame members receive, 't': the message's seq, 'w': the write time),
-- keeps the message as it now is in the changed hash (for snapshots and replies) and publishes the frame like a
-- message ('m<seq>.<write time>|'), so replicas gap-check it.
-- KEYS[1] room   KEYS[2] members   KEYS[3] seq   KEYS[4] history (stream)   KEYS[5] senders   KEYS[6] changed
-- KEYS[7] the previous generation of senders (send-message-7.lua), where the sender's budget is when they have not
-- sent since the generations turned
-- ARGV[1] userId (from the verified token)   ARGV[2] 'edit' | 'delete' | 'react' | 'unreact'
-- ARGV[3] seq of the message   ARGV[4] new text (edit) or emoji (react, unreact)   ARGV[5] channel
-- ARGV[6] history entries to keep   ARGV[7] budget refill per second   ARGV[8] budget burst
-- ARGV[9] edit window ms   ARGV[10] emojis per message   ARGV[11] emojis per person and message
-- Returns {'ok', seq}, {'noop'} (nothing to change: no event), {'rate_limited', retryAfterMs} or
-- {errorCode, limitName?}.
local uid, op = ARGV[1], ARGV[2]
local raw_room = redis.call('GET', KEYS[1])
if not raw_room then return { 'room_not_found' } end
local member = redis.call('HGET', KEYS[2], uid)
if not member then return { 'not_member' } end
local tokens_field, at_field = 'b|' .. uid, 'a|' .. uid
local state = redis.call('HMGET', KEYS[5], tokens_field, at_field)
if not state[1] then state = redis.call('HMGET', KEYS[7], tokens_field, at_field) end
local now = now_ms()
local rate = tonumber(ARGV[7])
local tokens = budget_tokens(state[1], state[2], now, rate, tonumber(ARGV[8]))
if tokens < 1 then return { 'rate_limited', math.ceil((1 - tokens) * 1000 / rate) } end
local raw = current_message(KEYS[4], KEYS[6], ARGV[3])
if not raw then return { 'message_not_found' } end
local msg = cjson.decode(raw)
if msg.deleted then return { 'message_deleted' } end
local room = cjson.decode(raw_room)
local event, extra

if op == 'edit' then
  if msg.userId ~= uid then return { 'not_author' } end
  if now - msg.ts > tonumber(ARGV[9]) then return { 'edit_window_passed', 'editWindowMs' } end
  if msg.text == ARGV[4] then return { 'noop' } end
  msg.text, msg.editedAt = ARGV[4], now
  event, extra = 'message_edited', {}
elseif op == 'delete' then
  if msg.userId ~= uid and room.hostId ~= uid then return { 'not_author' } end
  -- Nothing of the content stays in the message's current form: text, quote and reactions go.
  msg.text, msg.deleted, msg.reactions, msg.replyTo, msg.editedAt = '', true, nil, nil, nil
  event, extra = 'message_deleted', { by = uid }
else
  local reactions = msg.reactions or {}
  local mine, found, found_at, user_at = 0, nil, nil, nil
  for i, r in ipairs(reactions) do
    for j, u in ipairs(r.users) do
      if u.id == uid then
        mine = mine + 1
        if r.emoji == ARGV[4] then user_at = j end
      end
    end
    if r.emoji == ARGV[4] then found, found_at = r, i end
  end
  if op == 'react' then
    if user_at then return { 'noop' } end
    if mine >= tonumber(ARGV[11]) then return { 'too_many_reactions', 'reactionsPerPerson' } end
    local me = { id = uid, name = cjson.decode(member).name }
    if found then
      found.users[#found.users + 1] = me
    else
      if #reactions >= tonumber(ARGV[10]) then return { 'too_many_reactions', 'reactionsPerMessage' } end
      reactions[#reactions + 1] = { emoji = ARGV[4], users = { me } }
    end
    event = 'reaction_added'
  else
    if not user_at then return { 'noop' } end
    table.remove(found.users, user_at)
    if #found.users == 0 then table.remove(reactions, found_at) end
    event = 'reaction_removed'
  end
  -- Never an empty table: cjson would encode it as {} where clients expect an array.
  if #reactions > 0 then msg.reactions = reactions else msg.reactions = nil end
  extra = { userId = uid, emoji = ARGV[4] }
end

local seq = redis.call('INCR', KEYS[3])
extra.seq, extra.message = seq, msg
local frame = room_event(room.id, event, extra)
append_event(KEYS[4], seq, ARGV[6], { 'e', frame, 't', ARGV[3], 'w', now })
redis.call('HSET', KEYS[6], ARGV[3], cjson.encode(msg))
expire_with_room(KEYS[1], KEYS[6])
redis.call('HSET', KEYS[5], tokens_field, tostring(tokens - 1), at_field, now)
redis.call('SPUBLISH', ARGV[5], 'm' .. seq .. '.' .. now .. '|' .. frame)
return { 'ok', seq }
