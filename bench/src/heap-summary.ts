/**
 * What the connect phase left on a server's heap, from the two snapshots `pnpm bench --heap-snapshot <dir>` writes:
 * `node bench/dist/heap-summary.js <before.heapsnapshot> <after.heapsnapshot> [connections] [top=30]`
 * prints the growth in self size and count per constructor (objects, closures) or per kind (strings, arrays,
 * code...), per connection when `connections` is given (the clients that server held).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Totals = Map<string, { size: number; count: number }>;

function totals(file: string): Totals {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out: Totals = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!]!;
    // Objects and closures are told apart by constructor or function name; for the rest the kind says enough.
    const key = type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + nameAt]!]}` : `(${type})`;
    const t = out.get(key) ?? { size: 0, count: 0 };
    t.size += snap.nodes[i + sizeAt]!;
    t.count++;
    out.set(key, t);
  }
  return out;
}

const [beforeFile, afterFile, connArg, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  process.stderr.write('usage: node bench/dist/heap-summary.js <before> <after> [connections] [top]\n');
  process.exit(2);
}
const per = Number(connArg ?? 1) || 1;
const before = totals(beforeFile);
const after = totals(afterFile);
const growth = [...after].map(([key, a]) => {
  const b = before.get(key) ?? { size: 0, count: 0 };
  return { key, size: a.size - b.size, count: a.count - b.count };
});
const sumOf = (t: Totals) => [...t.values()].reduce((acc, v) => acc + v.size, 0);
const total = sumOf(after) - sumOf(before);
const unit = per > 1 ? ` per connection (${per})` : '';
process.stdout.write(`heap growth${unit}: ${(total / per / 1024).toFixed(1)} KiB\n`);
for (const g of growth.sort((x, y) => y.size - x.size).slice(0, Number(topArg ?? 30))) {
  const size = `${(g.size / per).toFixed(0)} B`.padStart(9);
  const count = (g.count / per).toFixed(2).padStart(8);
  process.stdout.write(`${size} ${count} objects  ${g.key}\n`);
}
