/**
 * Every Redis key and channel Mugharred uses. A room's keys share the hash tag `{<roomId>}`, so they live in one
 * Cluster slot and the room's scripts stay cluster-safe.
 *
 * | key                         | type   | TTL                          | written by                  | read by            |
 * |-----------------------------|--------|------------------------------|-----------------------------|--------------------|
 * | room:{id}                   | string | expiresAt + ROOM_GRACE_MS    | rooms-api (create, lock)    | all                |
 * | room:{id}:members           | hash   | same as room                 | rooms-api (join, kick), gw  | gateway, rooms-api |
 * | room:{id}:banned            | set    | same as room                 | rooms-api (kick)            | rooms-api          |
 * | room:{id}:seq               | string | same as room                 | gateway (send-message)      | gateway            |
 * | room:{id}:history           | stream | same as room                 | gateway (send, change)      | gateway            |
 * | room:{id}:senders           | hash   | same as room                 | gateway (send-message)      | gateway            |
 * | room:{id}:senders:before    | hash   | same as room                 | gateway (send-message)      | gateway            |
 * | room:{id}:changed           | hash   | same as room                 | gateway (change-message)    | gateway            |
 * | room:{id}:online            | zset   | same as room                 | gateway (presence)          | gateway, worker    |
 * | room:{id}:lobby             | hash   | same as room                 | rooms-api (join, lobby)     | rooms-api          |
 * | room:{id}:fate              | string | ROOM_FATE_TTL_MS after end   | rooms-api (create), delete  | rooms-api          |
 * | rooms:expiry                | zset   | none (entries removed)       | rooms-api, worker           | worker             |
 * | stats:health                | hash   | 5 minutes                    | worker (metrics job)        | every /health      |
 * | stats:messages:<minute>     | string | 5 minutes                    | gateway                     | worker             |
 * | user:{id}:sockets           | zset   | longest lease (3 pings)      | gateway (socket leases)     | gateway            |
 * | room:{id}:events            | sharded pub/sub channel (SPUBLISH, SSUBSCRIBE) in the room's slot                        |
 */
export const keys = {
  room: (roomId: string) => `room:{${roomId}}`,
  members: (roomId: string) => `room:{${roomId}}:members`,
  banned: (roomId: string) => `room:{${roomId}}:banned`,
  seq: (roomId: string) => `room:{${roomId}}:seq`,
  history: (roomId: string) => `room:{${roomId}}:history`,
  /**
   * Each sender's message budget and the ids of the messages they stored (for dedup), in one hash in the
   * room's slot, so send-message stays one cluster-safe script that reads and writes it once.
   */
  senders: (roomId: string) => `room:{${roomId}}:senders`,
  /**
   * The previous generation of `senders`: the ids (and budgets) stored in the DEDUP_GENERATION_MS before the
   * current one began. Older ids are dropped, so a room's dedup ids stay bounded however long it lives.
   */
  sendersBefore: (roomId: string) => `room:{${roomId}}:senders:before`,
  online: (roomId: string) => `room:{${roomId}}:online`,
  /**
   * How a room ended, 'expired' or 'ended', and nothing else: lets an old invite link say which. Written
   * 'expired' at creation (so a room whose keys simply ran out is still known) and set by delete-room.
   */
  fate: (roomId: string) => `room:{${roomId}}:fate`,
  /** Seq -> the message as it is now, for each message edited, deleted or reacted to (the stream keeps events). */
  changed: (roomId: string) => `room:{${roomId}}:changed`,
  /**
   * People asking to enter (userId -> {member, at, seen, declined?}): the member record they would get, when they
   * asked, when their invite page last asked again, and whether the host said no. See lobby-decide-4.lua.
   */
  lobby: (roomId: string) => `room:{${roomId}}:lobby`,
  /** connId -> lease end (ms) of each open socket of a user on any replica: the per-user socket cap. */
  userSockets: (userId: string) => `user:{${userId}}:sockets`,
  roomIndex: () => 'rooms:expiry',
  stats: () => 'stats:health',
  messagesInMinute: (minute: number) => `stats:messages:${minute}`,
};

export const channels = {
  room: (roomId: string) => `room:{${roomId}}:events`,
  /** Pattern-free: replicas subscribe per room; this recovers the room id of a message's channel. */
  roomIdOf: (channel: string) => channel.slice('room:{'.length, channel.indexOf('}')),
};

/** Every key of a room, in the order delete-room-11.lua and extend-room-11.lua expect (the fate goes last). */
export const roomKeys = (roomId: string) => [
  keys.room(roomId),
  keys.members(roomId),
  keys.banned(roomId),
  keys.seq(roomId),
  keys.history(roomId),
  keys.senders(roomId),
  keys.sendersBefore(roomId),
  keys.online(roomId),
  keys.changed(roomId),
  keys.lobby(roomId),
];

/** Keys outlive their room by this much, so the worker's expiry job still finds the room it announces. */
export const ROOM_GRACE_MS = 60_000;
/**
 * How long a room's fate is kept after it ends: about as long as its invite link is likely to be passed
 * around and opened. A link older than that reads as an unknown room.
 */
export const ROOM_FATE_TTL_MS = 30 * 24 * 3600_000;
/**
 * How long one generation of dedup ids lasts (send-message-7.lua). A retry is recognised for at least this long
 * after its original was stored, at most twice this. Clients retry within seconds of a reconnect; a full room
 * sending at every member's budget stores ~150k ids a generation (~24 MB) where it kept them all before.
 */
export const DEDUP_GENERATION_MS = 5 * 60_000;
/** The health snapshot and per-minute counters only matter while fresh. */
export const STATS_TTL_SECONDS = 300;
