import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURES, type Summary } from './report.js';

// Runs the built bench (`pnpm build` first) at tiny scale: it checks that the bench works, never timings.
const benchMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

describe('the benchmark at tiny scale (20 clients, 2 rooms, 2 s)', () => {
  let stdout = '';
  let summaries: Record<'mugharred' | 'socketio', Summary>;

  beforeAll(async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'bench-')), 'result.json');
    const args = ['--clients', '20', '--rooms', '2', '--rate', '40', '--duration', '2', '--warmup', '0.5'];
    ({ stdout } = await run(process.execPath, [benchMain, ...args, '--rounds', '1', '--quiet-wait', '0', '--json', json], { timeout: 100_000 }));
    summaries = JSON.parse(readFileSync(json, 'utf8')).summaries;
  }, 120_000);

  it('delivers every message to every member on both systems, without errors', () => {
    for (const s of [summaries.mugharred, summaries.socketio]) {
      expect(s.lost).toBe(0);
      expect(s.refused).toBe(0);
      expect(s.duplicates).toBe(0);
      expect(s.errors).toEqual({});
      expect(s.closedEarly).toBe(0);
      expect(s.deliveredPerSecond).toBeGreaterThan(0);
    }
    expect(summaries.mugharred.unanswered).toBe(0);
  });

  it('prints every figure for Mugharred and Socket.IO, and their ratio', () => {
    for (const { label } of FIGURES) {
      const row = stdout.split('\n').find((line) => line.startsWith(`${label}  `));
      expect(row, label).toBeDefined();
      const [m, s, ratio] = row!.slice(label.length).trim().split(/\s+/);
      expect(Number.isFinite(Number(m)), `${label}: ${row}`).toBe(true);
      expect(Number.isFinite(Number(s)), `${label}: ${row}`).toBe(true);
      // A ratio to a zero reference (no losses, no other load) has no value.
      if (Number(s) !== 0) expect(Number.isFinite(Number(ratio)), `${label}: ${row}`).toBe(true);
    }
    expect(stdout).toMatch(/round 1 Mugharred: .*lost 0/);
    expect(stdout).toMatch(/round 1 Socket\.IO: .*lost 0/);
  });
});
