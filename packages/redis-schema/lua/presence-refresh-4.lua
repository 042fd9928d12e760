-- Run by each gateway replica, every few seconds, for each room it serves: keeps its sockets alive in presence,
-- drops entries whose replica stopped refreshing them (it died), and reports the room's latest seq so the
-- replica can fill a gap that pub/sub lost.
-- KEYS[1] room   KEYS[2] members   KEYS[3] online   KEYS[4] seq
-- ARGV[1] presence ttl ms   ARGV[2] roomId   ARGV[3] channel   ARGV[4..] '<userId>|<connId>' of this replica
-- Returns the room's latest seq, or -1 when the room is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local now = now_ms()
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), ARGV[i])
end
expire_with_room(KEYS[1], KEYS[3])
if #expired > 0 then
  local after = online_users(KEYS[3], now)
  local announced = {}
  local changed = false
  for _, m in ipairs(expired) do
    local uid = string.match(m, '^([^|]+)|')
    if uid and not after[uid] and not announced[uid] then
      announced[uid] = true
      local member = redis.call('HGET', KEYS[2], uid)
      if member then
        changed = true
        redis.call('SPUBLISH', ARGV[3], 'f|' .. room_event(ARGV[2], 'participant_left', { participant = person(uid, member), reason = 'offline' }))
      end
    end
  end
  if changed then publish_participants(ARGV[3], ARGV[2], KEYS[2], KEYS[3], now) end
end
return tonumber(redis.call('GET', KEYS[4]) or '0')
