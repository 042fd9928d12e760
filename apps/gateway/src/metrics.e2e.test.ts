import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isType, scrape, TestSocket, UpgradeRefused, type Scrape } from '@mugharred/testing';
import { joinOn, seedRoom, sleep, startCluster, wsUrl, type Cluster } from './gateway-fixture.js';

let cluster: Cluster;
beforeAll(async () => {
  // A budget of 3 messages, so the fourth in a row is refused.
  cluster = await startCluster(2, { RATE_PER_SECOND: '1', RATE_BURST: '3' });
});
afterAll(() => cluster.stop());

/** Scrapes until `ready` holds (the gateway counts a close once its socket's close event has run). */
async function scrapeUntil(url: string, ready: (s: Scrape) => boolean): Promise<Scrape> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = await scrape(url);
    if (ready(s) || Date.now() > deadline) return s;
    await sleep(50);
  }
}

describe("a gateway replica's /metrics", () => {
  it('counts sockets 0 -> 2 -> 0, joins, messages in and out, delivery latency and closes by reason', async () => {
    const [g1, g2] = cluster.gateways;
    const seeded = await seedRoom(cluster.redis);
    const before = await scrape(g1!.url);
    expect(before.status).toBe(200);
    expect(before.contentType).toContain('text/plain');
    expect(before.value('mugharred_gateway_open_sockets')).toBe(0);

    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g1!, seeded, seeded.guests[0]!);
    const far = await joinOn(g2!, seeded, seeded.guests[0]!);
    const during = await scrape(g1!.url);
    expect(during.value('mugharred_gateway_open_sockets')).toBe(2);
    expect(during.value('mugharred_gateway_rooms_served')).toBe(1);
    expect(during.value('mugharred_gateway_joins_total', { outcome: 'joined' })).toBe(2);

    // The second message quotes the first: its frame ends with the quote, after the ts the histogram reads.
    for (let i = 1; i <= 4; i++) {
      a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `m${i}`, clientMsgId: `m${i}`, ...(i === 2 ? { replyTo: 1 } : {}) });
    }
    expect(await a.socket.next((f) => f.type === 'error' && f.clientMsgId === 'm4')).toMatchObject({ code: 'rate_limited' });
    await far.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 3);
    await b.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 3);
    const sent = await scrape(g1!.url);
    expect(sent.value('mugharred_gateway_messages_in_total', { outcome: 'stored' })).toBe(3);
    expect(sent.value('mugharred_gateway_messages_in_total', { outcome: 'rate_limited' })).toBe(1);
    // Three messages, each written to the replica's two sockets; the other replica wrote each to its one.
    expect(sent.value('mugharred_gateway_messages_out_total')).toBe(6);
    expect((await scrape(g2!.url)).value('mugharred_gateway_messages_out_total')).toBe(3);
    expect(sent.value('mugharred_gateway_delivery_seconds_count')).toBe(3);
    // Delivery on one machine takes well under a second: all three fall in the 1 s bucket.
    expect(sent.value('mugharred_gateway_delivery_seconds_bucket', { le: '1' })).toBe(3);
    // Two presence joins and four sends, each one script call, besides the replica's other commands.
    expect(sent.value('redis_command_duration_seconds_count')! - before.value('redis_command_duration_seconds_count')!).toBeGreaterThanOrEqual(6);

    // A reaction is the room's next event: written to every socket, but no delivery latency (it carries the
    // message's own, older ts).
    b.socket.send({ type: 'react', roomId: seeded.room.id, seq: 1, emoji: '👍' });
    await far.socket.next((f) => f.event === 'reaction_added');
    await a.socket.next((f) => f.event === 'reaction_added');
    const reacted = await scrape(g1!.url);
    expect(reacted.value('mugharred_gateway_messages_out_total')).toBe(8);
    expect(reacted.value('mugharred_gateway_delivery_seconds_count')).toBe(3);

    a.socket.close();
    b.socket.close();
    const after = await scrapeUntil(g1!.url, (s) => s.value('mugharred_gateway_open_sockets') === 0);
    expect(after.value('mugharred_gateway_open_sockets')).toBe(0);
    expect(after.value('mugharred_gateway_rooms_served')).toBe(0);
    // A close without a code, as the test client (and a browser's plain close()) sends.
    expect(after.value('mugharred_gateway_closes_total', { reason: 'no_status' })).toBe(2);
    far.socket.close();
  });

  it('counts refused upgrades and joins by reason', async () => {
    const gw = cluster.gateways[1]!;
    const seeded = await seedRoom(cluster.redis);
    const refused = (url: string, headers: Record<string, string> = {}) =>
      TestSocket.open(url, { headers }).then(
        (s) => (s.close(), 101),
        (err: unknown) => (err instanceof UpgradeRefused ? err.status : Promise.reject(err)),
      );
    expect(await refused(wsUrl(gw, seeded.token(seeded.host)), { Origin: 'https://evil.example' })).toBe(403);
    expect(await refused(wsUrl(gw, 'not.a.jwt'))).toBe(401);
    expect(await refused(wsUrl(gw))).toBe(401);
    expect(await refused(`ws://127.0.0.1:${gw.port}/elsewhere`)).toBe(404);
    const stranger = await TestSocket.open(wsUrl(gw, seeded.token({ id: 'N'.repeat(22), name: 'Nobody', role: 'participant' })));
    stranger.send({ type: 'join_room', roomId: seeded.room.id });
    await stranger.next(isType('error'));
    expect(await stranger.closed()).toBe(4504);

    const m = await scrapeUntil(gw.url, (s) => s.value('mugharred_gateway_closes_total', { reason: 'notMember' }) === 1);
    expect(m.value('mugharred_gateway_upgrade_refusals_total', { code: 'forbidden_origin' })).toBe(1);
    expect(m.value('mugharred_gateway_upgrade_refusals_total', { code: 'invalid_token' })).toBe(1);
    expect(m.value('mugharred_gateway_upgrade_refusals_total', { code: 'unauthorized' })).toBe(1);
    expect(m.value('mugharred_gateway_upgrade_refusals_total', { code: 'route_not_found' })).toBe(1);
    expect(m.value('mugharred_gateway_joins_total', { outcome: 'not_member' })).toBe(1);
    expect(m.value('mugharred_gateway_closes_total', { reason: 'notMember' })).toBe(1);
  });

  it('counts Redis reconnects and has process metrics, event-loop lag and HTTP latency', async () => {
    const gw = cluster.gateways[0]!;
    await fetch(`${gw.url}/health`);
    // Every connection but the test's own, as a Redis restart or failover would.
    await cluster.redis.client('KILL', 'TYPE', 'normal');
    const m = await scrapeUntil(gw.url, (s) => (s.value('redis_reconnects_total', { connection: 'gateway:gw-1' }) ?? 0) >= 1);
    expect(m.value('redis_reconnects_total', { connection: 'gateway:gw-1' })).toBeGreaterThanOrEqual(1);
    expect(m.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(m.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(m.value('http_request_duration_seconds_count', { route: '/health', status_code: '200' })).toBeGreaterThanOrEqual(1);
  });
});
