import { randomBytes } from 'node:crypto';
import { freePort } from '@mugharred/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJanus, type RunningJanus } from '../../../infra/janus/start-janus.mjs';
import { JanusConnection, type JanusMessage } from './janus-connection.js';
import { JanusError } from './janus-error.js';
import { createVoiceControl, type VoiceControl, type VoiceLog } from './voice-control.js';

const secret = () => randomBytes(24).toString('base64url');
const id = () => randomBytes(16).toString('base64url');
const secrets = () => ({ apiSecret: secret(), adminSecret: secret(), adminKey: secret() });

/** A plain Janus API client, as a browser would be: one session, credentials in every request. */
async function janusClient(wsUrl: string, auth: { token: string } | { apisecret: string }) {
  const conn = await JanusConnection.open(wsUrl, 'janus-protocol');
  const events: JanusMessage[] = [];
  conn.onEvent((m) => events.push(m));
  const session = await conn.request({ janus: 'create', ...auth }).catch((err: unknown) => {
    conn.close();
    throw err;
  });
  const sessionId = (session.data as { id: number }).id;
  return {
    events,
    attach: async (plugin: string) => {
      const reply = await conn.request({ janus: 'attach', session_id: sessionId, plugin, ...auth });
      const handleId = (reply.data as { id: number }).id;
      return async (body: Record<string, unknown>) => {
        const answer = await conn.request({ janus: 'message', session_id: sessionId, handle_id: handleId, body, ...auth });
        return (answer.plugindata as { data: Record<string, unknown> }).data;
      };
    },
    close: () => conn.close(),
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (err: unknown) => (err instanceof JanusError ? err.code : String(err)),
  );

describe('voice control against a real Janus', () => {
  const keys = secrets();
  let janus: RunningJanus;
  let voice: VoiceControl;
  let backend: Awaited<ReturnType<typeof janusClient>>;
  let bridge: (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

  beforeAll(async () => {
    // echotest is loaded only here, to prove a member token opens AudioBridge and nothing else.
    janus = await startJanus({ ...keys, wsPort: await freePort(), adminPort: await freePort(), extraPlugins: ['libjanus_echotest.so'] });
    voice = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...keys });
    backend = await janusClient(janus.wsUrl, { apisecret: keys.apiSecret });
    bridge = await backend.attach('janus.plugin.audiobridge');
  });
  afterAll(async () => {
    backend?.close();
    voice?.close();
    await janus?.stop();
  });

  const exists = async (room: string) => (await bridge({ request: 'exists', room })).exists;

  it('creates a room on the first call and reports it as already there on later ones', async () => {
    const room = id();
    expect(await voice.ensureRoom(room)).toEqual({ ok: true, created: true });
    expect(await voice.ensureRoom(room)).toEqual({ ok: true, created: false });
    expect(await exists(room)).toBe(true);
  });

  it('refuses to create a room without the admin key, or with a wrong one', async () => {
    const room = id();
    expect(await codeOf(throwIfError(bridge({ request: 'create', room })))).toBe(483);
    expect(await codeOf(throwIfError(bridge({ request: 'create', room, admin_key: secret() })))).toBe(489);
    expect(await exists(room)).toBe(false);
  });

  it("gives a member a token that opens AudioBridge and joins that room's voice", async () => {
    const room = id();
    const user = id();
    const granted = await voice.grant(room, user);
    if (!granted.ok) throw new Error('grant failed');
    expect(granted.grant).toMatchObject({ room, participantId: user });

    const member = await janusClient(janus.wsUrl, { token: granted.grant.token });
    const audio = await member.attach('janus.plugin.audiobridge');
    const joined = await audio({ request: 'join', room, id: user, token: granted.grant.token, display: 'Ada' });
    expect(joined).toMatchObject({ audiobridge: 'joined', room, id: user });
    expect(await voice.participants(room)).toMatchObject({ ok: true, participants: [{ id: user }] });
    member.close();
  });

  it('gives the same grant on every call and from every replica', async () => {
    const [room, user] = [id(), id()];
    const again = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...keys });
    const first = await voice.grant(room, user);
    const second = await again.grant(room, user);
    again.close();
    expect(first.ok && second.ok && first.grant.token === second.grant.token).toBe(true);
  });

  it('does not let a member token open any other plugin', async () => {
    const granted = await voice.grant(id(), id());
    if (!granted.ok) throw new Error('grant failed');
    const member = await janusClient(janus.wsUrl, { token: granted.grant.token });
    expect(await codeOf(member.attach('janus.plugin.echotest'))).toBe(405);
    member.close();
  });

  it("does not let a member into another room's voice, nor anyone without a token", async () => {
    const [room, other, user] = [id(), id(), id()];
    const granted = await voice.grant(room, user);
    await voice.ensureRoom(other);
    if (!granted.ok) throw new Error('grant failed');
    const member = await janusClient(janus.wsUrl, { token: granted.grant.token });
    const audio = await member.attach('janus.plugin.audiobridge');
    expect(await audio({ request: 'join', room: other, id: user, token: granted.grant.token })).toMatchObject({ error_code: 489 });
    expect(await audio({ request: 'join', room, id: user })).toMatchObject({ error_code: 489 });
    member.close();
    expect(await codeOf(janusClient(janus.wsUrl, { token: `${room}.${secret()}` }))).toBe(403);
  });

  it('revokes a member at once: the token is refused and they are kicked from the mix', async () => {
    const [room, user, stays] = [id(), id(), id()];
    const granted = await voice.grant(room, user);
    const kept = await voice.grant(room, stays);
    if (!granted.ok || !kept.ok) throw new Error('grant failed');
    const member = await janusClient(janus.wsUrl, { token: granted.grant.token });
    const audio = await member.attach('janus.plugin.audiobridge');
    await audio({ request: 'join', room, id: user, token: granted.grant.token });

    expect(await voice.participants(room)).toMatchObject({ ok: true, participants: [{ id: user, muted: false, setup: false }] });
    expect(await voice.revoke(room, user)).toEqual({ ok: true });
    await expect.poll(() => voice.participants(room)).toEqual({ ok: true, participants: [] });
    await expect.poll(() => member.events.map((m) => (m.plugindata as { data?: { kicked?: string } } | undefined)?.data?.kicked)).toContain(user);
    expect(await codeOf(audio({ request: 'listparticipants', room }))).toBe(403);
    expect(await codeOf(janusClient(janus.wsUrl, { token: granted.grant.token }))).toBe(403);
    member.close();

    const other = await janusClient(janus.wsUrl, { token: kept.grant.token });
    const otherAudio = await other.attach('janus.plugin.audiobridge');
    expect(await otherAudio({ request: 'join', room, id: stays, token: kept.grant.token })).toMatchObject({ audiobridge: 'joined' });
    other.close();
  });

  it("destroys a room, removing it and its members' tokens, and again without complaint", async () => {
    const [room, user, elsewhere] = [id(), id(), id()];
    const granted = await voice.grant(room, user);
    const unrelated = await voice.grant(elsewhere, user);
    if (!granted.ok || !unrelated.ok) throw new Error('grant failed');

    expect(await voice.destroyRoom(room)).toEqual({ ok: true });
    expect(await exists(room)).toBe(false);
    expect(await codeOf(janusClient(janus.wsUrl, { token: granted.grant.token }))).toBe(403);
    const stillThere = await janusClient(janus.wsUrl, { token: unrelated.grant.token });
    stillThere.close();
    expect(await voice.destroyRoom(room)).toEqual({ ok: true });
    expect(await voice.revoke(room, user)).toEqual({ ok: true });
    expect(await voice.participants(room)).toEqual({ ok: true, participants: [] });
  });

  it('revokes and destroys without the admin key, as the gateway and the worker do, but creates no room', async () => {
    const [room, user] = [id(), id()];
    const granted = await voice.grant(room, user);
    if (!granted.ok) throw new Error('grant failed');
    const { adminKey: _roomsApiOnly, ...janusSecrets } = keys;
    const control = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...janusSecrets });
    try {
      expect(await control.revoke(room, user)).toEqual({ ok: true });
      expect(await codeOf(janusClient(janus.wsUrl, { token: granted.grant.token }))).toBe(403);
      expect(await control.destroyRoom(room)).toEqual({ ok: true });
      expect(await exists(room)).toBe(false);
      await expect(control.ensureRoom(room)).rejects.toThrow(/JANUS_ADMIN_KEY/);
      await expect(control.grant(room, user)).rejects.toThrow(/JANUS_ADMIN_KEY/);
      expect(await exists(room)).toBe(false);
    } finally {
      control.close();
    }
  });

  it('throws for ids that are not Mugharred ids (a caller bug, not an outage)', async () => {
    await expect(voice.grant('room.1', id())).rejects.toThrow(TypeError);
  });
});

describe('voice control while Janus is down', () => {
  const keys = secrets();
  let ports: { wsPort: number; adminPort: number };
  let janus: RunningJanus | null = null;
  const logged: string[] = [];
  const log: VoiceLog = { info: (_, m) => logged.push(m), warn: (_, m) => logged.push(m), error: (_, m) => logged.push(m) };
  let voice: VoiceControl;

  beforeAll(async () => {
    ports = { wsPort: await freePort(), adminPort: await freePort() };
    janus = await startJanus({ ...keys, ...ports });
    voice = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...keys, log, retryMs: 200 });
  });
  afterAll(async () => {
    voice?.close();
    await janus?.stop();
  });

  it('answers "unavailable" without throwing, and works again once Janus is back', async () => {
    const [room, user] = [id(), id()];
    expect(await voice.grant(room, user)).toMatchObject({ ok: true });
    expect(await voice.available()).toBe(true);

    await janus?.stop();
    janus = null;
    const started = Date.now();
    expect(await voice.available()).toBe(false);
    const unavailable = { ok: false, reason: 'unavailable' };
    expect(await voice.ensureRoom(room)).toEqual(unavailable);
    expect(await voice.grant(room, user)).toEqual(unavailable);
    expect(await voice.revoke(room, user)).toEqual(unavailable);
    expect(await voice.destroyRoom(room)).toEqual(unavailable);
    expect(await voice.participants(room)).toEqual(unavailable);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logged.filter((m) => m === 'janus unreachable, voice unavailable')).toHaveLength(1);

    janus = await startJanus({ ...keys, ...ports });
    // A restarted Janus has forgotten every room and token: the first call after the retry window re-creates.
    await expect.poll(() => voice.ensureRoom(room), { timeout: 5000, interval: 100 }).toEqual({ ok: true, created: true });
    expect(logged).toContain('janus reachable again, voice available');
    const granted = await voice.grant(room, user);
    if (!granted.ok) throw new Error('grant failed after restart');
    const member = await janusClient(janus.wsUrl, { token: granted.grant.token });
    const audio = await member.attach('janus.plugin.audiobridge');
    expect(await audio({ request: 'join', room, id: user, token: granted.grant.token })).toMatchObject({ audiobridge: 'joined' });
    member.close();
    expect(await voice.available()).toBe(true);
  });
});

/** AudioBridge answers refusals as data with an error_code; turn them into JanusErrors like the core's. */
async function throwIfError(reply: Promise<Record<string, unknown>>) {
  const data = await reply;
  if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error));
  return data;
}

describe('voice control when Janus hangs', () => {
  it('answers "unavailable" after its timeout while Janus does not answer, and recovers when it does', async () => {
    const keys = secrets();
    const janus = await startJanus({ ...keys, wsPort: await freePort(), adminPort: await freePort() });
    const voice = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...keys, timeoutMs: 300, retryMs: 100 });
    const room = id();
    try {
      expect(await voice.ensureRoom(room)).toEqual({ ok: true, created: true });
      process.kill(janus.pid, 'SIGSTOP');
      const started = Date.now();
      expect(await voice.grant(room, id())).toEqual({ ok: false, reason: 'unavailable' });
      expect(await voice.available()).toBe(false);
      expect(Date.now() - started).toBeLessThan(1500);
      process.kill(janus.pid, 'SIGCONT');
      await expect.poll(() => voice.grant(room, id()), { timeout: 5000, interval: 100 }).toMatchObject({ ok: true });
      expect(await voice.available()).toBe(true);
    } finally {
      process.kill(janus.pid, 'SIGCONT');
      voice.close();
      await janus.stop();
    }
  });
});

describe('voice control when Janus forgets its session', () => {
  it('opens a new session by itself after Janus expired the old one', async () => {
    const keys = secrets();
    // Janus's watchdog checks every 2 s: with a 1 s timeout an idle session is gone within ~3 s.
    const janus = await startJanus({ ...keys, wsPort: await freePort(), adminPort: await freePort(), sessionTimeout: 1 });
    const voice = createVoiceControl({ wsUrl: janus.wsUrl, adminUrl: janus.adminUrl, ...keys });
    try {
      const room = id();
      expect(await voice.ensureRoom(room)).toEqual({ ok: true, created: true });
      await expect.poll(() => janus.logs(), { timeout: 6000, interval: 200 }).toMatch(/Timeout expired for session/);
      expect(await voice.ensureRoom(room)).toEqual({ ok: true, created: false });
      expect(await voice.grant(room, id())).toMatchObject({ ok: true });
    } finally {
      voice.close();
      await janus.stop();
    }
  });
});
