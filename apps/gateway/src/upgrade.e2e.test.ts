import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, forgeToken, isEvent, isType, TestSocket, UpgradeRefused } from '@mugharred/testing';
import { joinOn, SECRET, seedRoom, sleep, startCluster, wsUrl, type Cluster, type SeededRoom } from './gateway-fixture.js';

let cluster: Cluster;
let seeded: SeededRoom;
beforeAll(async () => {
  cluster = await startCluster(1);
  seeded = await seedRoom(cluster.redis);
});
afterAll(() => cluster.stop());

const refusal = async (url: string, headers: Record<string, string> = {}) => {
  try {
    const s = await TestSocket.open(url, { headers });
    s.close();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.status;
    throw err;
  }
};

describe('the upgrade', () => {
  it('refuses missing, unsigned, tampered, foreign-secret, other-algorithm and expired tokens with 401', async () => {
    const gw = cluster.gateways[0]!;
    const claims = { sub: seeded.host.id, name: 'Hosna', roomId: seeded.room.id, role: 'host' };
    const valid = seeded.token(seeded.host);
    const [head, body, sig] = valid.split('.');
    const tamperedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), role: 'host', sub: seeded.guests[0]!.id })).toString('base64url');
    const cases = {
      missing: wsUrl(gw),
      algNone: wsUrl(gw, forgeToken(claims, { secret: SECRET, alg: 'none' })),
      tampered: wsUrl(gw, `${head}.${tamperedBody}.${sig}`),
      otherSecret: wsUrl(gw, forgeToken(claims, { secret: 'another-secret-another-secret-another' })),
      hs512: wsUrl(gw, forgeToken(claims, { secret: SECRET, alg: 'HS512' })),
      expired: wsUrl(gw, forgeToken(claims, { secret: SECRET, expiresIn: -10 })),
      loginTokenOnly: wsUrl(gw, forgeToken({ sub: seeded.host.id, name: 'Hosna' }, { secret: SECRET })),
      garbage: wsUrl(gw, 'not.a.jwt'),
    };
    for (const [name, url] of Object.entries(cases)) expect([name, await refusal(url)]).toEqual([name, 401]);
    const health = await fetch(`${gw.url}/health`);
    expect(health.status).toBe(200);
    expect(gw.output()).not.toContain(sig!);
  });

  it('answers 403 to a browser from a foreign origin and lets allowed origins and non-browsers in', async () => {
    const gw = cluster.gateways[0]!;
    const url = wsUrl(gw, seeded.token(seeded.host));
    expect(await refusal(url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await refusal(url, { Origin: 'http://localhost:3010' })).toBe(101);
    expect(await refusal(url)).toBe(101);
    expect(gw.output()).toContain('origin_refused');
  });

  it('accepts the token as a bearer subprotocol and answers with that subprotocol', async () => {
    const gw = cluster.gateways[0]!;
    const s = await TestSocket.open(wsUrl(gw), { protocols: ['bearer', seeded.token(seeded.host)] });
    expect(s.ws.protocol).toBe('bearer');
    s.send({ type: 'join_room', roomId: seeded.room.id });
    await s.next(isEvent('joined'));
    s.close();
  });

  it('never negotiates permessage-deflate, though the client offers it (relays write uncompressed frames to the socket)', async () => {
    const ws = new WebSocket(wsUrl(cluster.gateways[0]!, seeded.token(seeded.guests[0]!)), { perMessageDeflate: true });
    const upgrade = new Promise<IncomingMessage>((resolve) => ws.once('upgrade', resolve));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const res = await upgrade;
    ws.close();
    expect(ws.extensions).toBe('');
    expect(res.headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('never writes the token into a log line', async () => {
    const gw = cluster.gateways[0]!;
    const token = seeded.token(seeded.host);
    const s = await TestSocket.open(wsUrl(gw, token));
    s.close();
    await sleep(100);
    expect(gw.output()).not.toContain(token.split('.')[2]!);
    expect(gw.output()).toContain('"url":"/ws"');
  });
});

describe('identity comes from the token', () => {
  it('refuses to join another room with this room token', async () => {
    const other = await seedRoom(cluster.redis);
    const s = await TestSocket.open(wsUrl(cluster.gateways[0]!, seeded.token(seeded.host)));
    s.send({ type: 'join_room', roomId: other.room.id });
    expect(await s.next(isType('error'))).toMatchObject({ code: 'wrong_room' });
    s.send({ type: 'send_message', roomId: other.room.id, text: 'sneaky', clientMsgId: 'x' });
    expect(await s.waitNew(isType('error'))).toMatchObject({ code: 'not_joined' });
    s.close();
  });

  it('ignores a name claimed in join_room and uses the token name', async () => {
    const { socket } = await joinOn(cluster.gateways[0]!, seeded, seeded.guests[0]!);
    socket.send({ type: 'join_room', roomId: seeded.room.id, name: 'Admin' });
    await socket.waitNew(isEvent('joined'));
    socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'who am I', clientMsgId: 'w' });
    const msg = await socket.next(isEvent('message'));
    expect(msg.message).toMatchObject({ name: 'Guest', userId: seeded.guests[0]!.id });
    socket.close();
  });

  it('refuses a socket of a user who is not a member of the room', async () => {
    const s = await TestSocket.open(
      wsUrl(cluster.gateways[0]!, seeded.token({ id: 'N'.repeat(22), name: 'Nobody', role: 'participant' })),
    );
    s.send({ type: 'join_room', roomId: seeded.room.id });
    expect(await s.next(isType('error'))).toMatchObject({ code: 'not_member' });
    expect(await s.closed()).toBe(4504);
  });
});

describe('token lifetime on an open socket', () => {
  it('swaps the token with refresh_token and keeps the socket open past the old expiry', async () => {
    const first = seeded.token(seeded.host, { expiresIn: 2 });
    const { socket } = await joinOn(cluster.gateways[0]!, { ...seeded, token: () => first }, seeded.host);
    socket.send({ type: 'refresh_token', token: seeded.token(seeded.guests[0]!) });
    expect(await socket.next(isType('error'))).toMatchObject({ code: 'wrong_room' });
    socket.send({ type: 'refresh_token', token: seeded.token(seeded.host) });
    const refreshed = await socket.next(isType('token_refreshed'));
    expect(refreshed.expiresAt as number).toBeGreaterThan(Date.now() + 3_000_000);
    await sleep((decodeToken(first).exp as number) * 1000 - Date.now() + 300);
    expect(socket.closeCode).toBeNull();
    socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'still here', clientMsgId: 'r1' });
    await socket.next(isType('ack'));
    socket.close();
  });

  it('closes with 4001 when the token expires without a refresh', async () => {
    const s = await TestSocket.open(wsUrl(cluster.gateways[0]!, seeded.token(seeded.host, { expiresIn: 1 })));
    expect(await s.closed(4000)).toBe(4001);
  });
});
