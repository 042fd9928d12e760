import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { freePort } from '@mugharred/testing';
import { describe, expect, it } from 'vitest';
import { janusOptionsFromEnv, startJanus } from '../../../infra/janus/start-janus.mjs';
import { JanusConnection } from './janus-connection.js';

const secret = () => randomBytes(24).toString('base64url');
const keys = () => ({ apiSecret: secret(), adminSecret: secret(), adminKey: secret() });
const ports = async () => ({ wsPort: await freePort(), adminPort: await freePort() });

describe('startJanus', () => {
  it('refuses missing, short, shared or published secrets before starting anything', async () => {
    const good = keys();
    await expect(startJanus({ ...good, apiSecret: '' })).rejects.toThrow(/apiSecret must be a string/);
    await expect(startJanus({ ...good, adminSecret: 'short' })).rejects.toThrow(/adminSecret must be a string/);
    await expect(startJanus({ ...good, adminKey: good.apiSecret })).rejects.toThrow(/must differ/);
    await expect(startJanus({ ...good, adminSecret: 'janusoverlord' })).rejects.toThrow(/adminSecret/);
  });

  it('reads its settings from JANUS_* environment variables, empty ones meaning unset', () => {
    const options = janusOptionsFromEnv({
      JANUS_API_SECRET: 'api',
      JANUS_WS_PORT: '9188',
      JANUS_INTERFACE: '127.0.0.2',
      JANUS_STUN_SERVER: 'stun.example.org:3478',
      JANUS_TURN_SERVER: 'turn.example.org',
      JANUS_TURN_USER: 'janus',
      JANUS_TURN_PASSWORD: 'pw',
    });
    expect(options).toEqual({
      apiSecret: 'api',
      wsPort: 9188,
      interface: '127.0.0.2',
      stunServer: 'stun.example.org:3478',
      turn: { server: 'turn.example.org', port: 3478, type: 'udp', user: 'janus', pwd: 'pw' },
    });
    expect(janusOptionsFromEnv({ JANUS_STUN_SERVER: '', JANUS_INTERFACE: '', JANUS_API_SECRET: '' })).toEqual({});
  });

  it('loads only AudioBridge and the WebSocket transport, with the Admin API on its own port', async () => {
    const janus = await startJanus({ ...keys(), ...(await ports()) });
    try {
      const conn = await JanusConnection.open(janus.wsUrl, 'janus-protocol');
      const info = await conn.request({ janus: 'info' });
      conn.close();
      expect(Object.keys(info.plugins as object)).toEqual(['janus.plugin.audiobridge']);
      expect(Object.keys(info.transports as object)).toEqual(['janus.transport.websockets']);
      expect(Object.keys(info.events as object)).toEqual([]);
      expect(info).toMatchObject({
        'server-name': 'mugharred',
        'session-timeout': 60,
        'static-event-loops': 2,
        api_secret: true,
        auth_token: true,
        ipv6: false,
      });
      await expect(JanusConnection.open(janus.adminUrl, 'janus-protocol')).rejects.toThrow();
    } finally {
      await janus.stop();
    }
  });

  // Nothing answers STUN here: Janus waits 5 s for its start-up STUN test, then runs without STUN.
  it('writes the address, NAT, STUN and TURN settings from its options, and starts if STUN is down', async () => {
    const janus = await startJanus({
      ...keys(),
      ...(await ports()),
      interface: '127.0.0.1',
      iceEnforceList: '127.0.0.1',
      nat11: '203.0.113.10',
      stunServer: `127.0.0.1:${await freePort()}`,
      turn: { server: '127.0.0.1', port: 3479, type: 'udp', user: 'mugharred', pwd: 'a "quoted" password' },
    });
    try {
      const log = await janus.logs();
      expect(log).toContain('Using 127.0.0.1 as local IP');
      expect(log).toContain("Adding '127.0.0.1' to the ICE enforce list");
      expect(log).toContain('Using nat_1_1_mapping for public IP: 203.0.113.10');
      expect(log).toMatch(/STUN server to use: 127\.0\.0\.1:\d+/);
      expect(log).toContain('TURN server to use: 127.0.0.1:3479 (udp)');
      expect(log).toContain('STUN will be disabled');
    } finally {
      await janus.stop();
    }
  });

  it('refuses to start on a port something else holds', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const { port } = taken.address() as { port: number };
    try {
      await expect(startJanus({ ...keys(), wsPort: port, adminPort: await freePort() })).rejects.toThrow(/already in use/);
    } finally {
      taken.close();
    }
  });
});
