import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@mugharred/service-kit';
import { describe, expect, it } from 'vitest';
import { janusConfig, janusEnv, voiceConfig, voiceEnv } from './voice-config.js';

const secret = () => randomBytes(32).toString('base64url');
const janus = (env: NodeJS.ProcessEnv) => loadConfig(janusEnv, env, (vars, problem) => ({ voice: janusConfig(vars, problem) })).voice;
const voice = (env: NodeJS.ProcessEnv) => loadConfig(voiceEnv, env, (vars, problem) => ({ voice: voiceConfig(vars, problem) })).voice;

describe("a service's voice settings", () => {
  it('are off without JANUS_API_SECRET', () => {
    expect(janus({})).toBeNull();
    expect(voice({ VOICE_STUN_URLS: 'stun:a:3478' })).toBeNull();
  });

  it('for Janus control (gateway, worker): the two secrets and where Janus is, no admin key', () => {
    const [apiSecret, adminSecret] = [secret(), secret()];
    expect(janus({ JANUS_API_SECRET: apiSecret, JANUS_ADMIN_SECRET: adminSecret })).toEqual({
      wsUrl: 'ws://127.0.0.1:8188',
      adminUrl: 'ws://127.0.0.1:7188',
      apiSecret,
      adminSecret,
    });
  });

  it('for rooms-api: also the admin key, the public path and the ICE servers of each pass', () => {
    const env = { JANUS_API_SECRET: secret(), JANUS_ADMIN_SECRET: secret(), JANUS_ADMIN_KEY: secret() };
    const withTurn = voice({ ...env, VOICE_STUN_URLS: 'stun:a:3478', VOICE_TURN_URLS: 'turn:a:3478', VOICE_TURN_SECRET: 'coturn' });
    expect(withTurn).toMatchObject({ adminKey: env.JANUS_ADMIN_KEY, publicPath: '/janus', iceServers: [{ urls: ['stun:a:3478'] }] });
    expect(withTurn?.turnRest).toEqual({ urls: ['turn:a:3478'], secret: 'coturn', ttlSeconds: 10_800 });
    const fixed = voice({ ...env, VOICE_TURN_URLS: 'turn:a:3478', VOICE_TURN_USERNAME: 'u', VOICE_TURN_CREDENTIAL: 'c' });
    expect(fixed?.iceServers).toEqual([{ urls: ['turn:a:3478'], username: 'u', credential: 'c' }]);
    expect(fixed?.turnRest).toBeNull();
  });

  it('refuse voice on with a missing or guessable Janus secret, naming each', () => {
    const bad = () => voice({ JANUS_API_SECRET: 'janus'.repeat(8), VOICE_TURN_TTL_SECONDS: '5' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(
      new RegExp(
      [
        'JANUS_API_SECRET is long but guessable',
        'VOICE_TURN_TTL_SECONDS must be an integer in 60..86400, got "5"',
        'JANUS_ADMIN_SECRET is required with JANUS_API_SECRET',
        'JANUS_ADMIN_KEY is required with JANUS_API_SECRET',
      ].join('[\\s\\S]*'),
      ),
    );
  });
});
