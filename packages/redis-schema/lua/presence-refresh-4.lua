-- Run by each gateway replica, every few seconds, for each room it serves (and with no entries, as a sweep once
-- a grace runs out): keeps its sockets alive in presence, drops entries nobody refreshed (their replica died, or
-- a grace entry ran out), and reports the room's latest seq so the replica can fill a gap that pub/sub lost.
-- Any change of the online set reaches the room: members whose last entry went are announced leaving, and
-- members this refresh brings back (a replica that was paused past the TTL) are announced joining.
-- A host whose last entry goes here (offline past the grace) hands the room to the longest-present member, and a
-- room waiting for a host (hostAway) gets one as soon as anyone is online (settle_host).
-- KEYS[1] room   KEYS[2] members   KEYS[3] online   KEYS[4] seq
-- ARGV[1] presence ttl ms   ARGV[2] roomId   ARGV[3] channel   ARGV[4..] '<userId>|<connId>' of this replica
-- Returns the room's latest seq, or -1 when the room is gone.
local raw = redis.call('GET', KEYS[1])
if not raw then return -1 end
local room = cjson.decode(raw)
local now = now_ms()
local shown = shown_users(KEYS[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), ARGV[i])
end
expire_with_room(KEYS[1], KEYS[3])
local after = online_users(KEYS[3], now)
local changed = false
local function announce(uid, event)
  local member = redis.call('HGET', KEYS[2], uid)
  if not member then return end
  changed = true
  local extra = { participant = person(uid, member) }
  if event == 'participant_left' then extra.reason = 'offline' end
  redis.call('SPUBLISH', ARGV[3], 'f|' .. room_event(ARGV[2], event, extra))
end
for uid in pairs(shown) do
  if not after[uid] then announce(uid, 'participant_left') end
end
for uid in pairs(after) do
  if not shown[uid] then announce(uid, 'participant_joined') end
end
if (shown[room.hostId] and not after[room.hostId]) or room.hostAway then
  if settle_host(KEYS[1], KEYS[2], KEYS[3], ARGV[3], now, 'offline') then changed = true end
end
if changed then publish_participants(ARGV[3], ARGV[2], KEYS[2], KEYS[3], now) end
return tonumber(redis.call('GET', KEYS[4]) or '0')
