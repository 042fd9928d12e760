-- Gives the room a new epoch because its stored history went back: a Redis failover lost writes that members
-- were already shown, and the new master numbers new ones with the same seqs. Positions (`since`) in the old
-- epoch are then no longer honoured: every member rejoins and gets recovered:false, never a silent mix of the two
-- histories. Only the first replica to notice changes it; the others get the epoch it chose.
-- KEYS[1] room   ARGV[1] the epoch the caller's members hold   ARGV[2] a new random epoch   ARGV[3] channel
-- Returns the room's epoch now, or false when the room is gone. Publishes 'r|<new epoch>' when it changed it.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local current = cjson.decode(raw).epoch
if current ~= ARGV[1] then return current end
update_room(KEYS[1], function(r) r.epoch = ARGV[2] end)
redis.call('SPUBLISH', ARGV[3], 'r|' .. ARGV[2])
return ARGV[2]
