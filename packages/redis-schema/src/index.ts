export type { RedisClient } from './client.js';
export { keys, channels, roomKeys, DEDUP_GENERATION_MS, ROOM_FATE_TTL_MS, ROOM_GRACE_MS, STATS_TTL_SECONDS } from './keys.js';
export { parseEnvelope, envelope, type Envelope } from './envelope.js';
export {
  createRoom,
  getRoom,
  getMember,
  getPublicRoomInfo,
  setShowPeople,
  getRoomFate,
  joinRoom,
  setLocked,
  kickMember,
  deleteRoom,
  extendRoom,
  transferHost,
  roomsDueBy,
  liveRoomIds,
  announceExpiring,
  type JoinOutcome,
  type JoinRefusal,
  type KickOutcome,
  type RoomFate,
  type ExtendOutcome,
} from './rooms.js';
export {
  presenceJoin,
  presenceLeave,
  presenceRefresh,
  countOnline,
  setVoiceState,
  type VoiceStateOutcome,
  type PresenceEntry,
  type PresenceJoinOutcome,
} from './presence.js';
export {
  appendMessage,
  changeMessage,
  readEventsAfter,
  streamPosition,
  renewEpoch,
  type MessageChange,
  type ChangeOutcome,
  type ChangeRefusal,
  type StreamEvent,
  type NewMessage,
  type AppendOutcome,
  type RateBudget,
} from './messages.js';
export { readLobby, setLobby, decideLobby, type LobbyDecision } from './lobby.js';
export { NotReplicatedError } from './scripts.js';
export {
  countStoredMessages,
  messagesInLastMinute,
  writeHealthStats,
  readHealthStats,
  type HealthStats,
} from './stats.js';
export { publishTyping } from './typing.js';
export { announceRoomServed } from './room-served.js';
export { claimSocket, renewSocketLeases, releaseSocket } from './socket-leases.js';
