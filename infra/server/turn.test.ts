import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/redis.mjs';
import { mintTurnServer } from '../../packages/voice/src/turn-credentials.js';
import { turnAllocate } from './lib/turn-client.mjs';
import { startTurnServer } from './test-support/start-turn.mjs';

type Turn = Awaited<ReturnType<typeof startTurnServer>>;

describe('coturn with the installer’s configuration (use-auth-secret) and the credentials a voice pass carries', () => {
  const secret = randomBytes(32).toString('base64url');
  let turn: Turn;
  beforeAll(async () => {
    turn = await startTurnServer({ secret, realm: 'chat.mugharred.test', port: await freePort() });
  });
  afterAll(() => turn?.stop());

  const allocate = (server: { username?: string; credential?: string }) =>
    turnAllocate({ host: '127.0.0.1', port: turn.port, username: server.username!, credential: server.credential! });

  it('gives a relay to a credential minted for a member from the shared secret', async () => {
    const result = await allocate(mintTurnServer({ urls: [turn.url], secret, ttlSeconds: 600 }, 'member-1'));
    expect(result.ok).toBe(true);
    const relayPort = Number(result.relayed!.split(':')[1]);
    expect(relayPort).toBeGreaterThanOrEqual(49160);
    expect(relayPort).toBeLessThanOrEqual(49999);
  });

  it('refuses a credential whose time is up', async () => {
    const expired = mintTurnServer({ urls: [turn.url], secret, ttlSeconds: 60 }, 'member-1', Date.now() - 120_000);
    expect(await allocate(expired)).toEqual({ ok: false, reason: expect.stringContaining('401') });
  });

  it('refuses a credential minted from another secret', async () => {
    const forged = mintTurnServer({ urls: [turn.url], secret: 'another secret of the same length, or not', ttlSeconds: 600 }, 'member-1');
    expect(await allocate(forged)).toEqual({ ok: false, reason: expect.stringContaining('401') });
  });
});
