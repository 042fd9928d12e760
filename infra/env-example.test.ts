import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configSchema as authApiSchema, readConfig as readAuthApi } from '../apps/auth-api/src/config.js';
import { configSchema as gatewaySchema, readConfig as readGateway } from '../apps/gateway/src/config.js';
import { configSchema as roomsApiSchema, readConfig as readRoomsApi } from '../apps/rooms-api/src/config.js';
import { configSchema as workerSchema, readConfig as readWorker } from '../apps/worker/src/config.js';
import { renderConfigTable, renderEnvExample, SERVICES, withConfigTable } from './config-docs.mjs';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');
const HINT = 'out of date with the config schemas: run `npm run config:docs`';

const schemas: Record<string, Parameters<typeof renderEnvExample>[0]> = {
  'auth-api': authApiSchema,
  'rooms-api': roomsApiSchema,
  gateway: gatewaySchema,
  worker: workerSchema,
};
const readers: Record<string, (env: NodeJS.ProcessEnv) => object> = {
  'auth-api': readAuthApi,
  'rooms-api': readRoomsApi,
  gateway: readGateway,
  worker: readWorker,
};

/** `NAME=value` lines of a .env.example. */
function listed(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

const secret = () => randomBytes(32).toString('base64url');

describe("each service's .env.example and README's configuration table", () => {
  for (const app of SERVICES) {
    it(`${app}: .env.example lists every variable of its schema with its default, and nothing else`, async () => {
      expect(await read(`apps/${app}/.env.example`), `apps/${app}/.env.example ${HINT}`).toBe(renderEnvExample(schemas[app]!));
    });

    it(`${app}: started from a copy of its .env.example (secrets filled in), runs with its defaults`, async () => {
      const readConfig = readers[app]!;
      const vars = listed(await read(`apps/${app}/.env.example`));
      const secrets = Object.fromEntries(['JWT_SECRET', 'JANUS_API_SECRET', 'JANUS_ADMIN_SECRET', 'JANUS_ADMIN_KEY'].filter((k) => k in vars).map((k) => [k, secret()]));
      const { replicaId: _fromCopy, ...fromCopy } = readConfig({ ...vars, ...secrets }) as Record<string, unknown>;
      const { replicaId: _fromDefaults, ...fromDefaults } = readConfig(secrets) as Record<string, unknown>;
      expect(fromCopy).toEqual(fromDefaults);
    });
  }

  it("README's table under ## Configure lists every variable of every service, with its default and meaning", async () => {
    const readme = await read('README.md');
    expect(readme, `README.md's configuration table ${HINT}`).toBe(withConfigTable(readme, renderConfigTable(schemas)));
    expect(renderConfigTable(schemas).split('\n').length).toBeGreaterThan(40);
  });

  it('only rooms-api reads what voice passes and room creation need; the gateway and the worker read Janus control alone', () => {
    const voiceOnly = (app: string) => Object.keys(schemas[app]!.properties).filter((n) => n.startsWith('VOICE_') || n === 'JANUS_ADMIN_KEY' || n === 'JANUS_PUBLIC_PATH');
    expect(voiceOnly('rooms-api')).toHaveLength(8);
    expect(voiceOnly('gateway')).toEqual([]);
    expect(voiceOnly('worker')).toEqual([]);
  });
});
