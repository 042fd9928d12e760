import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readVariables } from './config-reads.js';

const root = new URL('../', import.meta.url);
const SERVICES = ['auth-api', 'rooms-api', 'gateway', 'worker'];

/** `NAME=value` lines of a .env.example, commented or not. */
async function listed(app: string): Promise<Map<string, string>> {
  const text = await readFile(new URL(`apps/${app}/.env.example`, root), 'utf8');
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)) vars.set(m[1]!, m[2]!);
  return vars;
}

const secret = () => randomBytes(32).toString('base64url');

/**
 * What the reader looks at with every optional part on (voice, TURN), once with per-pass TURN credentials
 * (VOICE_TURN_SECRET) and once with a fixed one, the two branches it can take.
 */
async function everythingRead(app: string, vars: Map<string, string>): Promise<string[]> {
  const env: Record<string, string> = Object.fromEntries([...vars].filter(([, v]) => v !== ''));
  Object.assign(env, { JWT_SECRET: secret(), JANUS_API_SECRET: secret(), JANUS_ADMIN_SECRET: secret(), JANUS_ADMIN_KEY: secret(), VOICE_TURN_URLS: 'turn:127.0.0.1:3478' });
  const withSecret = await readVariables(app, { ...env, VOICE_TURN_SECRET: secret() });
  const withFixed = await readVariables(app, { ...env, VOICE_TURN_SECRET: '' });
  return [...new Set([...withSecret, ...withFixed])].sort();
}

describe("each service's .env.example", () => {
  for (const app of SERVICES) {
    it(`${app}: lists exactly the variables its config reader reads`, async () => {
      const vars = await listed(app);
      const read = await everythingRead(app, vars);
      expect([...vars.keys()].sort()).toEqual(read);
    });
  }

  it("README's configuration table names only variables some service reads, each in a .env.example", async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const table = readme.slice(readme.indexOf('## Configure'), readme.indexOf('\n## ', readme.indexOf('## Configure') + 1));
    const named = new Set([...table.matchAll(/^\| (.*?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((n) => n[1]!)));
    const known = new Set<string>();
    for (const app of SERVICES) for (const name of await everythingRead(app, await listed(app))) known.add(name);
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((n) => !known.has(n))).toEqual([]);
  });
});
