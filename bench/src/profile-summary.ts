/**
 * Where a server's CPU went, from a .cpuprofile written with `pnpm bench --cpu-prof <dir>`:
 * `node bench/dist/profile-summary.js <file.cpuprofile> [top=25]` prints the functions with the most self time
 * and the same time grouped by package (or file outside node_modules).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/dist/profile-summary.js <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let idleUs = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  // Idle samples say nothing about where the work went; they are reported apart.
  if (byId.get(id)!.callFrame.functionName === '(idle)') idleUs += us;
  else selfUs.set(id, (selfUs.get(id) ?? 0) + us);
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** A package name from a node_modules path, else the file relative to the repo, else the V8 category. */
function owner(url: string, fn: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (nm) return nm[1]!;
  if (url.includes('/work/') || url.startsWith('file://')) return url.replace(/^.*?\/(apps|packages|bench)\//, '$1/');
  if (url.startsWith('node:')) return url;
  return url || `(${fn || 'native'})`;
}

const functions = new Map<string, number>();
const owners = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = owner(url, functionName);
  const key = `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
  owners.set(where, (owners.get(where) ?? 0) + us);
}
const print = (title: string, rows: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((us / totalUs) * 100).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
};
process.stdout.write(`${file}: ${(totalUs / 1000).toFixed(0)} ms busy, ${(idleUs / 1000).toFixed(0)} ms idle\n`);
print('self time by function:', functions);
print('self time by package or file:', owners);
