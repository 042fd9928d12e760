import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, TestSocket } from '@mugharred/testing';
import { seedRoom, sleep, wsUrl, type SeededRoom } from './gateway-fixture.js';
import { startEdgeStack, type EdgeStack } from './edge-fixture.js';

const ROOMS = 10;
const MEMBERS = 8;

let stack: EdgeStack;
let rooms: SeededRoom[];
beforeAll(async () => {
  stack = await startEdgeStack(4, { DRAIN_SPREAD_MS: '500' }, { supervise: false });
  rooms = [];
  for (let i = 0; i < ROOMS; i++) {
    rooms.push(await seedRoom(stack.redis, { guestNames: Array.from({ length: MEMBERS - 1 }, (_, j) => `g${j}`) }));
  }
}, 120_000);
afterAll(() => stack?.stop());

type Member = SeededRoom['host'];

/** A member's socket through the edge, joined, with the room hint or without it. */
async function join(room: SeededRoom, user: Member, hint: boolean) {
  const socket = await TestSocket.open(wsUrl({ port: stack.edgePort }, undefined, hint ? room.room.id : undefined), {
    protocols: ['bearer', room.token(user)],
  });
  socket.send({ type: 'join_room', roomId: room.room.id });
  await socket.next(isEvent('joined'));
  return { socket, room, user };
}

const connectAll = (hint: boolean) => Promise.all(rooms.flatMap((room) => [room.host, ...room.guests].map((user) => join(room, user, hint))));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function closeAll(sockets: { socket: TestSocket }[]): Promise<void> {
  for (const { socket } of sockets) socket.close();
  await Promise.all(sockets.map(({ socket }) => socket.closed()));
}

describe('the edge routes sockets by room', () => {
  it('puts a room on one replica with the hint, whatever the number of replicas, and moves only a leaving replica\'s rooms', async () => {
    const unhinted4 = await connectAll(false);
    const spread4 = mean(await stack.subscribersPerRoom(rooms.map((r) => r.room.id)));
    await closeAll(unhinted4);

    const hinted = await connectAll(true);
    const routed4 = await stack.subscribersPerRoom(rooms.map((r) => r.room.id));
    expect(routed4).toEqual(rooms.map(() => 1));

    // Two replicas leave (a scale-down): their rooms move, each as a whole; the other rooms' sockets stay put.
    const [a, b] = stack.gateways();
    await Promise.all([a!.stop(), b!.stop()]);
    await sleep(300);
    const moved = hinted.filter((h) => h.socket.closeCode !== null);
    const movedRooms = new Set(moved.map((m) => m.room));
    expect(moved.every((m) => m.socket.closeCode === 1012)).toBe(true);
    expect(moved).toHaveLength(movedRooms.size * MEMBERS);
    const back = await Promise.all(moved.map(({ room, user }) => join(room, user, true)));
    const routed2 = await stack.subscribersPerRoom(rooms.map((r) => r.room.id));
    expect(routed2).toEqual(rooms.map(() => 1));
    await closeAll([...hinted.filter((h) => h.socket.closeCode === null), ...back]);

    const unhinted2 = await connectAll(false);
    const spread2 = mean(await stack.subscribersPerRoom(rooms.map((r) => r.room.id)));
    await closeAll(unhinted2);
    console.log(
      `subscribers per room (${ROOMS} rooms of ${MEMBERS}): by room ${mean(routed4)} with 4 replicas, ${mean(routed2)} with 2; ` +
        `spread per socket ${spread4} with 4, ${spread2} with 2; rooms moved by the scale-down ${movedRooms.size}`,
    );
    expect(spread4).toBeGreaterThan(2);
  }, 120_000);
});
