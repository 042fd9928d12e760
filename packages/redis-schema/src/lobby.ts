import type { LobbyState, Room } from '@mugharred/protocol';
import type { RedisClient } from './client.js';
import { channels, keys } from './keys.js';
import { runScript } from './scripts.js';

/** Mirrors LOBBY_STALE_MS in lua/lib/common.lua: an asker whose page stopped asking for this long has gone. */
const LOBBY_STALE_MS = 20_000;

interface LobbyEntry {
  member: { name: string };
  at: number;
  seen: number;
  declined?: boolean;
}

/** Whether the host admits people one by one, and who waits, in the order they asked. Null when the room is gone. */
export async function readLobby(redis: RedisClient, roomId: string): Promise<LobbyState | null> {
  const [[, raw], [, flat]] = (await redis.multi().get(keys.room(roomId)).hgetall(keys.lobby(roomId)).exec()) as [
    [unknown, string | null],
    [unknown, Record<string, string>],
  ];
  if (!raw) return null;
  const room = JSON.parse(raw) as Room;
  const now = Date.now();
  const waiting = Object.entries(flat)
    .map(([id, json]) => ({ id, entry: JSON.parse(json) as LobbyEntry }))
    .filter(({ entry }) => !entry.declined && entry.seen >= now - LOBBY_STALE_MS)
    .sort((a, b) => a.entry.at - b.entry.at || a.id.localeCompare(b.id))
    .map(({ id, entry }) => ({ id, name: entry.member.name }));
  return { on: room.lobby === true, waiting };
}

/** Turns admitting one by one on or off; everyone hears the lobby. Null when the room is gone. */
export async function setLobby(redis: RedisClient, roomId: string, on: boolean): Promise<Room | null> {
  const raw = (await runScript(redis, 'setLobby', [keys.room(roomId), keys.lobby(roomId)], [on ? '1' : '0', channels.room(roomId)])) as
    | string
    | null;
  return raw ? (JSON.parse(raw) as Room) : null;
}

export type LobbyDecision = 'ok' | 'room_not_found' | 'not_waiting' | 'room_full' | 'name_taken';

/** The host admits or declines someone waiting (see lobby-decide-4.lua). */
export async function decideLobby(
  redis: RedisClient,
  roomId: string,
  userId: string,
  answer: 'admit' | 'decline',
): Promise<LobbyDecision> {
  return (await runScript(
    redis,
    'lobbyDecide',
    [keys.room(roomId), keys.members(roomId), keys.online(roomId), keys.lobby(roomId)],
    [userId, answer, channels.room(roomId)],
  )) as LobbyDecision;
}
