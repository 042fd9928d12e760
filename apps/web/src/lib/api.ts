import type {
  CreateRoomBody,
  CreateRoomReply,
  JoinRoomReply,
  LobbyState,
  LoginReply,
  PublicRoomInfo,
  RefreshReply,
  VoiceGrantReply,
  WaitingReply,
} from '@mugharred/protocol';
import { describeError } from './error-messages.js';

/** A refused API call: `code` is one of protocol's ERRORS (or 'network' when no answer came). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'network', describeError('network'));
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    const code = error?.code ?? 'internal';
    const words = describeError(code === 'rate_limited' ? 'too_many_attempts' : code, error?.message);
    throw new ApiError(res.status, code, words);
  }
  return data as T;
}

const room = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

export const api = {
  login: (name: string) => call<LoginReply>('/api/login', { body: { name } }),
  createRoom: (body: CreateRoomBody, identity: string) => call<CreateRoomReply>('/api/create-room', { body, token: identity }),
  /** A `WaitingReply` (202) when the caller waits in the lobby: call again to learn how it stands. */
  joinRoom: (roomId: string, participantName: string, identity: string, knock = false) =>
    call<JoinRoomReply | WaitingReply>('/api/join-room', { body: { roomId, participantName, ...(knock ? { knock } : {}) }, token: identity }),
  roomInfo: (roomId: string) => call<PublicRoomInfo>(room(roomId)),
  refresh: (token: string) => call<RefreshReply>('/api/refresh', { method: 'POST', token }),
  lock: (roomId: string, token: string) => call(`${room(roomId)}/lock`, { method: 'POST', token }),
  unlock: (roomId: string, token: string) => call(`${room(roomId)}/unlock`, { method: 'POST', token }),
  kick: (roomId: string, userId: string, token: string) => call(`${room(roomId)}/kick`, { body: { userId }, token }),
  makeHost: (roomId: string, userId: string, token: string) => call(`${room(roomId)}/host`, { body: { userId }, token }),
  lobby: (roomId: string, token: string) => call<LobbyState>(`${room(roomId)}/lobby`, { token }),
  setLobby: (roomId: string, on: boolean, token: string) => call(`${room(roomId)}/lobby`, { body: { on }, token }),
  admit: (roomId: string, userId: string, token: string) => call(`${room(roomId)}/lobby/admit`, { body: { userId }, token }),
  decline: (roomId: string, userId: string, token: string) => call(`${room(roomId)}/lobby/decline`, { body: { userId }, token }),
  showPeople: (roomId: string, on: boolean, token: string) => call(`${room(roomId)}/invite-people`, { body: { on }, token }),
  extend: (roomId: string, token: string) => call(`${room(roomId)}/extend`, { method: 'POST', token }),
  end: (roomId: string, token: string) => call(`${room(roomId)}/end`, { method: 'POST', token }),
  /** Whether this page's origin may open the live socket (a refused upgrade looks like a drop to a page). */
  originCheck: () => call<void>('/ws', { method: 'POST' }),
  voiceGrant: (roomId: string, token: string) => call<VoiceGrantReply>(`${room(roomId)}/voice`, { method: 'POST', token }),
};
