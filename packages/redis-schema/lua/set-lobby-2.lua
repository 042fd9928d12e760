-- Turns on or off whether the host admits people one by one (room.lobby); everyone hears the lobby as it is.
-- Turning it off lets nobody in by itself: whoever still waits comes in at their page's next ask (join-room-5).
-- KEYS[1] room   KEYS[2] lobby
-- ARGV[1] '1' on, '0' off   ARGV[2] channel
-- Returns the updated room JSON, or false when the room is gone.
local room, updated = update_room(KEYS[1], function(r) r.lobby = ARGV[1] == '1' or nil end)
if not room then return false end
publish_lobby(ARGV[2], room, KEYS[2], now_ms())
return updated
