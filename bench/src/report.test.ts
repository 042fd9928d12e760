import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';
import type { SystemName } from './options.js';
import { cpuRatioPerRound, targets, summarise } from './report.js';
import type { RoundResult } from './round.js';

/** A round of `system` whose servers and Redis spent `serverMs` + `redisMs` on 1000 deliveries. */
const round = (system: SystemName, serverMs: number, redisMs: number): RoundResult => ({
  system,
  placement: 'routed',
  clients: 100,
  connectMs: 100,
  connectCpuMs: { server: 10, redis: 1, generator: 10 },
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
