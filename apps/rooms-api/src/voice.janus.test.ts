import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, freePort, janusJoin } from '@mugharred/testing';
import { startJanus, type RunningJanus, type StartJanusOptions } from '../../../infra/janus/start-janus.mjs';
import { loginToken, startRooms, type RoomsHarness } from './test-support.js';

const secret = () => randomBytes(24).toString('base64url');
const turnSecret = secret();
const TURN_TTL_SECONDS = 600;

describe('POST /api/rooms/:roomId/voice against a real Janus', () => {
  let janus: RunningJanus | null;
  let janusOptions: StartJanusOptions;
  let h: RoomsHarness;

  beforeAll(async () => {
    janusOptions = { apiSecret: secret(), adminSecret: secret(), adminKey: secret(), wsPort: await freePort(), adminPort: await freePort() };
    janus = await startJanus(janusOptions);
    h = await startRooms({
      JANUS_API_SECRET: janusOptions.apiSecret,
      JANUS_ADMIN_SECRET: janusOptions.adminSecret,
      JANUS_ADMIN_KEY: janusOptions.adminKey,
      JANUS_API_URL: janus.wsUrl,
      JANUS_ADMIN_URL: janus.adminUrl,
      VOICE_STUN_URLS: 'stun:turn.mugharred.test:3478',
      VOICE_TURN_URLS: 'turn:turn.mugharred.test:3478?transport=udp',
      VOICE_TURN_SECRET: turnSecret,
      VOICE_TURN_TTL_SECONDS: String(TURN_TTL_SECONDS),
    });
  });
  afterAll(async () => {
    await h?.close();
    await janus?.stop();
  });

  const grant = (roomId: string, token: string) => h.call('POST', `/api/rooms/${roomId}/voice`, undefined, token);
  const roomWithGuest = async () => {
    const host = await h.create();
    const guestToken = (await h.join(host.roomId, 'Gus')).json().token as string;
    return { ...host, guestToken, guestId: decodeToken(guestToken).sub as string };
  };

  it('grants a member a personal pass that opens this room’s voice in Janus', async () => {
    const r = await roomWithGuest();
    const res = await grant(r.roomId, r.guestToken);
    expect(res.statusCode).toBe(200);
    const pass = res.json();
    expect(pass).toMatchObject({ janusPath: '/janus', room: r.roomId, participantId: r.guestId });
    expect(await janusJoin(janus!.wsUrl, pass.token, pass.room, pass.participantId)).toBe('joined');
  });

  it('mints each pass its own time-limited TURN credential from the shared secret (coturn use-auth-secret)', async () => {
    const r = await roomWithGuest();
    const before = Math.floor(Date.now() / 1000);
    const [stun, turn] = (await grant(r.roomId, r.guestToken)).json().iceServers;
    expect(stun).toEqual({ urls: ['stun:turn.mugharred.test:3478'] });
    expect(turn.urls).toEqual(['turn:turn.mugharred.test:3478?transport=udp']);
    const [expiry, user] = turn.username.split(':');
    expect(user).toBe(r.guestId);
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(TURN_TTL_SECONDS);
    expect(Number(expiry) - before).toBeLessThanOrEqual(TURN_TTL_SECONDS + 5);
    // What coturn recomputes from its static-auth-secret; a TURN server accepting it is in infra/server's turn test.
    expect(turn.credential).toBe(createHmac('sha1', turnSecret).update(turn.username).digest('base64'));
    const hostPass = (await grant(r.roomId, r.token)).json().iceServers[1];
    expect(hostPass.username.endsWith(`:${decodeToken(r.token).sub}`)).toBe(true);
    expect(hostPass.credential).not.toBe(turn.credential);
  });

  it('refuses someone who is not a member: 403 for another room’s token and for a token of no room', async () => {
    const r = await roomWithGuest();
    const other = await h.create();
    const withOther = await grant(r.roomId, other.token);
    expect(withOther.statusCode).toBe(403);
    expect(withOther.json().error.code).toBe('wrong_room');
    expect((await grant(r.roomId, loginToken().token)).statusCode).toBe(403);
  });

  it('keeps another room’s pass out of this room’s voice', async () => {
    const r = await roomWithGuest();
    expect((await grant(r.roomId, r.guestToken)).statusCode).toBe(200); // r's voice room exists from here on
    const other = await h.create();
    const pass = (await grant(other.roomId, other.token)).json();
    // AudioBridge's allowed list of r's room does not hold it: 489 "not in the allowed list".
    expect(await janusJoin(janus!.wsUrl, pass.token, r.roomId, pass.participantId)).toBe(489);
  });

  it('a kick revokes the member’s pass in Janus at once and grants no new one', async () => {
    const r = await roomWithGuest();
    const pass = (await grant(r.roomId, r.guestToken)).json();
    const kick = await h.call('POST', `/api/rooms/${r.roomId}/kick`, { userId: r.guestId }, r.token);
    expect(kick.statusCode).toBe(200);
    expect(await janusJoin(janus!.wsUrl, pass.token, r.roomId, r.guestId)).toBe(403);
    expect((await grant(r.roomId, r.guestToken)).statusCode).toBe(403);
  });

  it('answers 503 voice_unavailable while Janus is down, chat routes keep working, and voice comes back with Janus', async () => {
    const r = await roomWithGuest();
    await janus!.stop();
    janus = null;
    const down = await grant(r.roomId, r.guestToken);
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('voice_unavailable');
    expect((await h.call('GET', `/api/rooms/${r.roomId}`)).statusCode).toBe(200);
    expect((await h.join(r.roomId, 'Nadia')).statusCode).toBe(200);

    janus = await startJanus(janusOptions);
    // The control waits out its retry window (1 s) after a failed connect before it tries Janus again.
    let back = down;
    for (let i = 0; i < 40 && back.statusCode !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await grant(r.roomId, r.guestToken);
    }
    expect(back.statusCode).toBe(200);
    // A restarted Janus forgot every room: the grant re-created this one, and the pass works.
    expect(await janusJoin(janus.wsUrl, back.json().token, r.roomId, r.guestId)).toBe('joined');
  });
});
