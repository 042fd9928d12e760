import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';
import type { SystemName } from './options.js';
import { cpuRatioPerRound, targets, summarise } from './report.js';
import type { RoundResult } from './round.js';

/** A round of `system` whose servers and Redis spent `serverMs` + `redisMs` on 1000 deliveries. */
const round = (
  system: SystemName,
  serverMs: number,
  redisMs: number,
  connect: Pick<RoundResult, 'connectMs' | 'connectCpuMs'> = { connectMs: 100, connectCpuMs: { server: 10, redis: 1, generator: 10 } },
): RoundResult => ({
  system,
  placement: 'routed',
  clients: 100,
  ...connect,
  rssGrowth: 2 ** 20,
  sent: 50,
  expectedDeliveries: 1000,
  deliveries: 1000,
  durationMs: 1000,
  latency: new Histogram(),
  ackLatency: new Histogram(),
  serverCpuMs: serverMs,
  redisCpuMs: redisMs,
  generatorCpuMs: 10,
  serverWrites: 900,
  redisWrites: 90,
  otherCpuMs: 0,
  cpuWindowMs: 1000,
  otherCoresBefore: 0,
  redisCommands: [],
  errors: {},
  closedEarly: 0,
  lost: 0,
  lostAcked: system === 'mugharred' ? 0 : null,
  lostAckedSameServer: system === 'mugharred' ? 0 : null,
  lostAckedOtherServer: system === 'mugharred' ? 0 : null,
  duplicates: 0,
  refused: 0,
  refusedButDelivered: 0,
  unanswered: system === 'mugharred' ? 0 : null,
});

describe('CPU ratio round by round', () => {
  // Interleaved as the bench runs them: M, S, W, M, S, W, ...
  const results = [
    round('mugharred', 20, 8),
    round('socketio', 33, 2),
    round('wsrelay', 25, 2),
    round('mugharred', 24, 8),
    round('socketio', 30, 2),
    round('wsrelay', 25, 2),
  ];

  it("pairs each of Mugharred's rounds with Socket.IO's round of the same number", () => {
    expect(cpuRatioPerRound(results).map((r) => r.toFixed(2))).toEqual(['0.80', '1.00']);
  });

  it('shows the spread next to the median ratio in the CPU target, only when there is more than one round', () => {
    const cpuLine = (rounds: RoundResult[]) => {
      const of = (system: SystemName) => summarise(rounds.filter((r) => r.system === system));
      return targets(of('mugharred'), of('socketio'), cpuRatioPerRound(rounds)).find((l) => l.includes('CPU per delivery'));
    };
    // Medians 30 and 33.5: the median ratio hides a round that met the target and one far from it.
    expect(cpuLine(results)).toBe("MISSED CPU per delivery <= 0.8x Socket.IO's (ratio 0.90; round by round 0.80, 1.00)");
    expect(cpuLine(results.slice(0, 2))).toBe("met    CPU per delivery <= 0.8x Socket.IO's (ratio 0.80)");
  });
});

describe('connection rate', () => {
  it("says what the rate would be bounded by without the generators: servers + Redis CPU per connection", () => {
    // 100 clients each: Mugharred connects in 100 ms (1000/s), Socket.IO in 150 ms (667/s); Mugharred's servers
    // and Redis spend 0.12 ms per connection, Socket.IO's 0.24, and Socket.IO's generator far more than its servers.
    const m = summarise([round('mugharred', 20, 8, { connectMs: 100, connectCpuMs: { server: 10, redis: 2, generator: 9 } })]);
    const s = summarise([round('socketio', 30, 2, { connectMs: 150, connectCpuMs: { server: 24, redis: 0, generator: 30 } })]);
    expect(m.connectCpuMsPerConnection).toBeCloseTo(0.12);
    expect(s.generatorConnectCpuMsPerConnection).toBeCloseTo(0.3);
    expect(targets(m, s).find((l) => l.includes('connection rate'))).toBe(
      "MISSED connection rate >= 2x Socket.IO's (ratio 1.50; the generators share the cores: without them the rate would " +
        'go as servers + Redis CPU per connection, 0.12 ms against 0.24, ratio 2.00)',
    );
  });
});
