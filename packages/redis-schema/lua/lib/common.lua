-- Shared prelude, prepended to every script at load time (scripts cannot include one another).
-- Pub/sub payloads are '<kind>|<frame JSON>': kind 'm<seq>' = chat message (gap-checked by seq),
-- 'f' = forward verbatim, 'p' = the room's participants list (each newer one supersedes the last),
-- 'c' = control (the gateway also acts on it: kick, end, expiry).
-- Publishing is sharded (SPUBLISH): the room's channel carries the room's hash tag, so on a Redis Cluster a
-- script may publish on it (it is in the slot of the script's keys) and the message stays on the shard owning
-- the room instead of being copied to every node.

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Live presence entries ('<userId>|<connId>' -> true) and members with a live socket (userId -> count), from
-- the presence zset scored by expiry.
local function live_entries(online_key, now)
  local entries, users = {}, {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', online_key, '(' .. now, '+inf')) do
    local uid = string.match(m, '^([^|]+)|')
    if uid then
      entries[m] = true
      users[uid] = (users[uid] or 0) + 1
    end
  end
  return entries, users
end

-- A table.sort order: oldest `field` first, ties by id, so every replica lists people the same way.
local function oldest_first(field)
  return function(a, b)
    if a[field] == b[field] then return a.id < b.id end
    return a[field] < b[field]
  end
end

-- Applies `change` to the room at room_key and stores it with its expiry kept. Returns the room and its new JSON,
-- or nil when the room is gone.
local function update_room(room_key, change)
  local raw = redis.call('GET', room_key)
  if not raw then return nil end
  local room = cjson.decode(raw)
  change(room)
  local updated = cjson.encode(room)
  redis.call('SET', room_key, updated, 'KEEPTTL')
  return room, updated
end

local function online_users(online_key, now)
  local _, users = live_entries(online_key, now)
  return users
end

-- When a member's last socket drops, this entry ('<userId>|~grace') stands in for it for a grace period instead
-- of a leave: a reload or a move to another replica within it shows nobody leaving, nor joining again.
local GRACE_CONN = '~grace'

-- Members the room was last told are online: whoever has any entry, live or run out but not yet swept (the
-- sweep in presence-refresh announces the leave as it removes the entry).
local function shown_users(online_key)
  local users = {}
  for _, m in ipairs(redis.call('ZRANGE', online_key, 0, -1)) do
    local uid = string.match(m, '^([^|]+)|')
    if uid then users[uid] = true end
  end
  return users
end

-- JSON array of {id,name,role,online,voice?}, in join order. Built by hand: cjson encodes an empty table as {}.
-- A member's voice state shows only while the socket that set it is live, so it never outlives a dropped
-- connection.
local function participants_json(members_key, online_key, now)
  local entries, users = live_entries(online_key, now)
  local flat = redis.call('HGETALL', members_key)
  local list = {}
  for i = 1, #flat, 2 do
    local m = cjson.decode(flat[i + 1])
    local p = { id = flat[i], name = m.name, role = m.role, joinedAt = m.joinedAt, online = users[flat[i]] ~= nil }
    if type(m.voice) == 'table' and entries[flat[i] .. '|' .. m.voice.conn] then p.voice = { muted = m.voice.muted } end
    list[#list + 1] = p
  end
  table.sort(list, oldest_first('joinedAt'))
  local parts = {}
  for i, p in ipairs(list) do
    parts[i] = cjson.encode({ id = p.id, name = p.name, role = p.role, online = p.online, voice = p.voice })
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local function room_event(room_id, event, extra)
  local frame = extra or {}
  frame.type = 'room_event'
  frame.roomId = room_id
  frame.event = event
  return cjson.encode(frame)
end

local function publish_participants(channel, room_id, members_key, online_key, now)
  local list = participants_json(members_key, online_key, now)
  redis.call('SPUBLISH', channel,
    'p|{"type":"participants_update","roomId":' .. cjson.encode(room_id) .. ',"participants":' .. list .. '}')
  return list
end

local function person(user_id, member_json)
  local m = cjson.decode(member_json)
  return { id = user_id, name = m.name, role = m.role }
end

-- The room and a member other than its host, or the reason there is none: 'room_not_found', 'is_host' or
-- 'not_member' (host controls aimed at a member: kick, handoff).
local function room_and_other_member(room_key, members_key, user_id)
  local raw = redis.call('GET', room_key)
  if not raw then return nil, nil, 'room_not_found' end
  local room = cjson.decode(raw)
  if room.hostId == user_id then return nil, nil, 'is_host' end
  local member = redis.call('HGET', members_key, user_id)
  if not member then return nil, nil, 'not_member' end
  return room, member, nil
end

-- Helper keys die with the room: copy the room key's absolute expiry onto them.
local function expire_with_room(room_key, key)
  local at = redis.call('PEXPIRETIME', room_key)
  if at > 0 then redis.call('PEXPIREAT', key, at) end
end

-- A sender's budget (token bucket) refilled up to `now`, from the senders hash's 'b|' (tokens) and 'a|' (refill
-- time) fields; one whole token is one message or change.
local function budget_tokens(tokens, at, now, rate, burst)
  return math.min(burst, (tonumber(tokens) or burst) + (now - (tonumber(at) or now)) * rate / 1000)
end

-- Appends one event of the room's stream under its seq: fields {'m', message} or {'e', change frame, 't', seq of
-- the changed message, 'w', write time}. Trimming costs about as much as the append itself, so only every 100th append trims
-- (back to about `keep`).
local function append_event(history_key, seq, keep, fields)
  if seq % 100 == 0 then
    redis.call('XADD', history_key, 'MAXLEN', '~', keep, seq .. '-0', unpack(fields))
  else
    redis.call('XADD', history_key, seq .. '-0', unpack(fields))
  end
end

-- Message `seq` as it is now (JSON), or nil when it is not in the kept history: the changed hash holds the
-- current form of every message that was edited, deleted or reacted to; the stream holds the rest as sent.
local function current_message(history_key, changed_key, seq)
  local now_json = redis.call('HGET', changed_key, seq)
  if now_json then return now_json end
  local e = redis.call('XRANGE', history_key, seq .. '-0', seq .. '-0')[1]
  if e and e[2][1] == 'm' then return e[2][2] end
  return nil
end

-- The member online now (a live socket or a grace entry, see online_users) who joined the room first, other
-- than `except`: the longest present. Returns their id and member record, or nil when nobody else is online.
local function longest_present(members_key, users, except)
  local best_id, best
  local flat = redis.call('HGETALL', members_key)
  for i = 1, #flat, 2 do
    local uid = flat[i]
    if uid ~= except and users[uid] then
      local m = cjson.decode(flat[i + 1])
      if not best or m.joinedAt < best.joinedAt or (m.joinedAt == best.joinedAt and uid < best_id) then
        best_id, best = uid, m
      end
    end
  end
  return best_id, best
end

-- Makes `user_id` (member record `m`) the host in one step with the old host's role, the room's hostId and the
-- announcement, so two racing changes leave exactly one host. `reason`: 'handed' (by the host), 'left' or
-- 'offline' (the host went away and the longest-present member takes over).
local function make_host(room_key, room, members_key, user_id, m, channel, reason)
  local old = redis.call('HGET', members_key, room.hostId)
  if old then
    local o = cjson.decode(old)
    o.role = 'participant'
    redis.call('HSET', members_key, room.hostId, cjson.encode(o))
  end
  m.role = 'host'
  redis.call('HSET', members_key, user_id, cjson.encode(m))
  room.hostId = user_id
  room.hostAway = nil
  redis.call('SET', room_key, cjson.encode(room), 'KEEPTTL')
  redis.call('SPUBLISH', channel, 'f|' .. room_event(room.id, 'host_changed', { hostId = user_id, name = m.name, reason = reason }))
end

-- Called where the host may just have gone (left, or their last presence entry ran out) or the room waits for
-- one (hostAway): when the host is not online, the longest-present online member becomes host; with nobody
-- online the room is marked hostAway, and the next member to arrive takes over. A host who is online clears the
-- mark. Only these transitions hand off, never a host who simply has not connected yet (a room just created).
-- Returns true when the host changed (the caller publishes the participants list).
local function settle_host(room_key, members_key, online_key, channel, now, reason)
  local raw = redis.call('GET', room_key)
  if not raw then return false end
  local room = cjson.decode(raw)
  local users = online_users(online_key, now)
  if users[room.hostId] and redis.call('HEXISTS', members_key, room.hostId) == 1 then
    if room.hostAway then
      room.hostAway = nil
      redis.call('SET', room_key, cjson.encode(room), 'KEEPTTL')
    end
    return false
  end
  local next_id, m = longest_present(members_key, users, room.hostId)
  if not next_id then
    if not room.hostAway then
      room.hostAway = true
      redis.call('SET', room_key, cjson.encode(room), 'KEEPTTL')
    end
    return false
  end
  make_host(room_key, room, members_key, next_id, m, channel, reason)
  return true
end

-- A lobby entry whose invite page stopped asking again for this long is gone (the person closed the page).
local LOBBY_STALE_MS = 20000

-- Tells the room how its lobby is now: whether the host admits people one by one (`on`) and who waits, in the
-- order they asked. Drops entries gone stale on the way; a declined entry stays (it answers the asker's page)
-- but is not shown.
local function publish_lobby(channel, room, lobby_key, now)
  local flat = redis.call('HGETALL', lobby_key)
  local list = {}
  for i = 1, #flat, 2 do
    local e = cjson.decode(flat[i + 1])
    if not e.declined then
      if e.seen < now - LOBBY_STALE_MS then
        redis.call('HDEL', lobby_key, flat[i])
      else
        list[#list + 1] = { id = flat[i], name = e.member.name, at = e.at }
      end
    end
  end
  table.sort(list, oldest_first('at'))
  local parts = {}
  for i, p in ipairs(list) do parts[i] = cjson.encode({ id = p.id, name = p.name }) end
  redis.call('SPUBLISH', channel, 'f|{"type":"room_event","roomId":' .. cjson.encode(room.id) .. ',"event":"lobby","on":'
    .. (room.lobby and 'true' or 'false') .. ',"waiting":[' .. table.concat(parts, ',') .. ']}')
end

-- Whether a member's name key (protocol's nameKey) is taken by a member or by someone else waiting in the lobby.
local function name_taken(members_key, lobby_key, name_key, except)
  for _, m in ipairs(redis.call('HVALS', members_key)) do
    if cjson.decode(m).nameKey == name_key then return true end
  end
  local flat = redis.call('HGETALL', lobby_key)
  for i = 1, #flat, 2 do
    local e = cjson.decode(flat[i + 1])
    if flat[i] ~= except and not e.declined and e.member.nameKey == name_key then return true end
  end
  return false
end
