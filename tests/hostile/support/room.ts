import { expect } from 'vitest';
import { decodeToken, isEvent, TestSocket } from '../../../packages/testing/src/index.js';
import type { HostileStack } from './stack.js';

export interface Reply {
  status: number;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A JSON POST through the edge (or to `base`), with an optional bearer token and extra headers. */
export async function post(
  stack: HostileStack,
  path: string,
  body: unknown,
  opts: { token?: string; headers?: Record<string, string>; base?: string } = {},
): Promise<Reply> {
  const res = await fetch(`${opts.base ?? stack.origin}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Reply['json'] };
}

/** The room a token names, when it decodes to one (hostile cases also send tokens that do not). */
function roomHint(token: string): string {
  try {
    const { roomId } = decodeToken(token);
    return typeof roomId === 'string' ? `room=${encodeURIComponent(roomId)}&` : '';
  } catch {
    return '';
  }
}

/**
 * A socket URL through the edge as the web app builds it: `?room=` routes the upgrade to the room's replica. A
 * socket without the hint lands on any replica, and once a routed socket of its room (a browser's) arrives, the
 * replica holding it moves it there with 1012, which a TestSocket does not follow.
 */
export const wsUrlOf = (stack: HostileStack, token: string) =>
  `ws://127.0.0.1:${stack.edgePort}/ws?${roomHint(token)}token=${encodeURIComponent(token)}`;

/** A socket URL straight at one gateway replica, for cases about what a replica itself does. */
export const replicaUrl = (gw: { port: number }, reply: Reply) => `ws://127.0.0.1:${gw.port}/ws?token=${encodeURIComponent(reply.json.token as string)}`;

/** Opens a socket through the edge and joins the room. */
export async function member(stack: HostileStack, roomId: string, token: string): Promise<TestSocket> {
  const socket = await TestSocket.open(wsUrlOf(stack, token));
  socket.send({ type: 'join_room', roomId });
  await socket.next(isEvent('joined'), 10_000);
  return socket;
}

/**
 * A room made as a person makes one (login, create through the edge), with a healthy member already joined and
 * listening: the witness every hostile case ends with.
 */
export interface HostileRoom {
  roomId: string;
  hostToken: string;
  host: TestSocket;
  witness: TestSocket;
  /** Joins one more person by name; resolves with their room token (or the refusal). */
  join(name: string, token?: string): Promise<Reply>;
  close(): void;
}

export async function makeRoom(
  stack: HostileStack,
  opts: { maxParticipants?: number; duration?: number; fromAddress?: string } = {},
): Promise<HostileRoom> {
  // A case that spends the edge's per-address budgets on purpose sets its rooms up straight at rooms-api, from an
  // address of its own (rooms-api trusts one proxy hop, as behind the edge).
  const via = opts.fromAddress
    ? { base: stack.byName('rooms-api').url, headers: { 'X-Forwarded-For': opts.fromAddress } }
    : {};
  const body = { name: 'Hostile', maxParticipants: opts.maxParticipants ?? 20, duration: opts.duration ?? 120, hostName: 'Hosna' };
  const created = await post(stack, '/api/create-room', body, via);
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  const roomId = created.json.roomId as string;
  const hostToken = created.json.token as string;
  const join = (name: string, token?: string) => post(stack, '/api/join-room', { roomId, participantName: name }, { token, ...via });
  const joined = await join('Wit');
  expect(joined.status, JSON.stringify(joined.json)).toBe(200);
  const host = await member(stack, roomId, hostToken);
  const witness = await member(stack, roomId, joined.json.token as string);
  return {
    roomId,
    hostToken,
    host,
    witness,
    join,
    close: () => {
      host.close();
      witness.close();
    },
  };
}

let marker = 0;

/** How the probe message of expectStillServing begins, so a case can tell it from the messages it sent itself. */
export const STILL_SERVING_PROBE = 'still here';

/**
 * What every hostile case ends with: every process is still up and answers /health (but those the case `stopped`
 * on purpose), and a healthy member of the room receives a message the host sends after the attack.
 */
export async function expectStillServing(stack: HostileStack, room: HostileRoom, opts: { stopped?: string[] } = {}): Promise<void> {
  for (const s of stack.services.filter((s) => !opts.stopped?.includes(s.name))) {
    expect(s.child.exitCode, `${s.name} exited`).toBeNull();
    expect((await fetch(`${s.url}/health`)).status, `${s.name} /health`).toBe(200);
  }
  const text = `${STILL_SERVING_PROBE} ${++marker} ${Date.now()}`;
  room.host.send({ type: 'send_message', roomId: room.roomId, text, clientMsgId: `still-${marker}` });
  const seen = await room.witness.next(
    (f) => f.type === 'room_event' && f.event === 'message' && (f.message as { text?: string }).text === text,
    10_000,
  );
  expect(seen).toBeTruthy();
}
