import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CeilingStep } from './ceiling.js';
import type { SystemName } from './options.js';
import { FIGURES, type Summary } from './report.js';

// Runs the built bench (`pnpm build` first) at tiny scale: it checks that the bench works, never timings, so it
// waits for nothing a measurement needs (quiet machine, settled RSS).
const benchMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);
const tiny = ['--clients', '20', '--rooms', '2', '--duration', '2', '--warmup', '0.5', '--rounds', '1', '--quiet-wait', '0', '--settle', '0'];

describe('the benchmark at tiny scale (20 clients, 2 rooms, 2 s)', () => {
  let stdout = '';
  let summaries: Record<SystemName, Summary>;

  beforeAll(async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'bench-')), 'result.json');
    ({ stdout } = await run(process.execPath, [benchMain, ...tiny, '--rate', '40', '--json', json], { timeout: 150_000 }));
    summaries = JSON.parse(readFileSync(json, 'utf8')).summaries;
  }, 180_000);

  it('delivers every message to every member on all three systems, without errors, Mugharred with its budget on', () => {
    expect(stdout).toContain('Mugharred as shipped (per-user budget on)');
    // Placed as each ships: Mugharred's rooms routed to one replica by its edge, the references' clients balanced.
    expect(stdout).toContain("placement shipped: Mugharred routed: a room's members on one server");
    expect(stdout).toContain("Socket.IO spread: a room's members alternating over the servers");
    for (const s of [summaries.mugharred, summaries.socketio, summaries.wsrelay]) {
      expect(s.lost).toBe(0);
      expect(s.refused).toBe(0);
      expect(s.duplicates).toBe(0);
      expect(s.errors).toEqual({});
      expect(s.closedEarly).toBe(0);
      expect(s.deliveredPerSecond).toBeGreaterThan(0);
    }
    expect(summaries.mugharred.unanswered).toBe(0);
  });

  it('prints every figure for each system, and Mugharred against each reference', () => {
    expect(stdout).toMatch(/^figure +Mugharred +Socket\.IO +ws relay +M\/Socket\.IO +M\/ws relay$/m);
    for (const { label } of FIGURES) {
      const row = stdout.split('\n').find((line) => line.startsWith(`${label}  `));
      expect(row, label).toBeDefined();
      const [m, s, w, ...ratios] = row!.slice(label.length).trim().split(/\s+/);
      for (const v of [m, s, w]) expect(Number.isFinite(Number(v)), `${label}: ${row}`).toBe(true);
      // A ratio to a zero reference (no losses, no other load) has no value.
      if (Number(s) !== 0) expect(Number.isFinite(Number(ratios[0])), `${label}: ${row}`).toBe(true);
      if (Number(w) !== 0) expect(Number.isFinite(Number(ratios[1])), `${label}: ${row}`).toBe(true);
    }
    expect(stdout).toMatch(/round 1 Mugharred \(routed\): .*lost 0/);
    expect(stdout).toMatch(/round 1 Socket\.IO \(spread\): .*lost 0/);
    expect(stdout).toMatch(/round 1 ws relay \(spread\): .*lost 0/);
  });
});

describe('the throughput ceiling at tiny scale', () => {
  it('raises the rate step by step and writes the curve as a table and an SVG chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
    const json = join(dir, 'result.json');
    const args = ['ceiling', ...tiny, '--duration', '1', '--warmup', '0.2', '--systems', 'mugharred,wsrelay', '--ceiling-start', '20', '--ceiling-step', '2', '--ceiling-max', '40', '--ceiling-p99', '10000'];
    await run(process.execPath, [benchMain, ...args, '--out', dir, '--json', json], { timeout: 150_000 });
    const { steps } = JSON.parse(readFileSync(json, 'utf8')) as { steps: CeilingStep[] };
    expect(steps.map((s) => `${s.rate} ${s.system}`)).toEqual(['20 mugharred', '20 wsrelay', '40 mugharred', '40 wsrelay']);
    for (const s of steps) expect(s.summary.lost).toBe(0);
    const table = readFileSync(join(dir, 'ceiling.md'), 'utf8');
    expect(table).toMatch(/^\| 40 \| Mugharred \| \d+ \| [\d.]+ \([\d.]+ \+ [\d.]+\) \| [\d.]+ \| 0 \|/m);
    expect(table).toMatch(/Ceiling \(highest rate held\): Mugharred \d+ sends\/s, ws relay \d+ sends\/s/);
    const svg = readFileSync(join(dir, 'ceiling.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Two panels (CPU, p99), one line per system in each.
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain('>ws relay</text>');
  }, 180_000);
});
