-- Shared prelude, prepended to every script at load time (scripts cannot include one another).
-- Pub/sub payloads are '<kind>|<frame JSON>': kind 'm<seq>' = chat message (gap-checked by seq),
-- 'f' = forward verbatim, 'c' = control (the gateway also acts on it: kick, end, expiry).

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Members with a live socket, from the presence zset whose members are '<userId>|<connId>' scored by expiry.
local function online_users(online_key, now)
  local online = {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', online_key, '(' .. now, '+inf')) do
    local uid = string.match(m, '^([^|]+)|')
    if uid then online[uid] = (online[uid] or 0) + 1 end
  end
  return online
end

-- JSON array of {id,name,role,online}, in join order. Built by hand: cjson encodes an empty table as {}.
local function participants_json(members_key, online_key, now)
  local online = online_users(online_key, now)
  local flat = redis.call('HGETALL', members_key)
  local list = {}
  for i = 1, #flat, 2 do
    local m = cjson.decode(flat[i + 1])
    list[#list + 1] = { id = flat[i], name = m.name, role = m.role, joinedAt = m.joinedAt, online = online[flat[i]] ~= nil }
  end
  table.sort(list, function(a, b)
    if a.joinedAt == b.joinedAt then return a.id < b.id end
    return a.joinedAt < b.joinedAt
  end)
  local parts = {}
  for i, p in ipairs(list) do
    parts[i] = cjson.encode({ id = p.id, name = p.name, role = p.role, online = p.online })
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
  redis.call('PUBLISH', channel,
    'f|{"type":"participants_update","roomId":' .. cjson.encode(room_id) .. ',"participants":' .. list .. '}')
  return list
end

local function person(user_id, member_json)
  local m = cjson.decode(member_json)
  return { id = user_id, name = m.name, role = m.role }
end

-- Helper keys die with the room: copy the room key's absolute expiry onto them.
local function expire_with_room(room_key, key)
  local at = redis.call('PEXPIRETIME', room_key)
  if at > 0 then redis.call('PEXPIREAT', key, at) end
end
