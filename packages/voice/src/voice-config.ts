import { Type, type Static } from 'typebox';
import { Secret, type Problem } from '@mugharred/service-kit';
import type { IceServer } from './ice-server.js';
import { mintTurnServer, type TurnRestConfig } from './turn-credentials.js';

/**
 * What every service that talks to Janus reads: the gateway (revokes a leaving member's voice), the worker
 * (destroys an expired room's voice room) and rooms-api. Voice is off while JANUS_API_SECRET is empty.
 */
export const janusEnv = Type.Object({
  JANUS_API_SECRET: Type.Optional(
    Secret("Janus api_secret; voice is off while it is empty (chat works without it). Like every Janus secret: at least 32 random bytes, the same value as Janus's own (infra/janus/janus.env.example); `npm start` generates them per run."),
  ),
  JANUS_ADMIN_SECRET: Type.Optional(Secret("Janus admin_secret, required with JANUS_API_SECRET; every room secret and member token is derived from it.")),
  JANUS_API_URL: Type.String({ default: 'ws://127.0.0.1:8188', description: "Where this service reaches Janus's API." }),
  JANUS_ADMIN_URL: Type.String({ default: 'ws://127.0.0.1:7188', description: "Where this service reaches Janus's Admin API (never routed by the edge)." }),
});

export interface JanusConfig {
  /** Janus API for the backend's own session. */
  wsUrl: string;
  /** Janus Admin API (tokens); never exposed through the edge. */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
}

/** Janus control of a service, or null when voice is off (JANUS_API_SECRET unset). */
export function janusConfig(vars: Static<typeof janusEnv>, problem: Problem): JanusConfig | null {
  if (!vars.JANUS_API_SECRET) return null;
  if (!vars.JANUS_ADMIN_SECRET) problem('JANUS_ADMIN_SECRET is required with JANUS_API_SECRET');
  return { wsUrl: vars.JANUS_API_URL, adminUrl: vars.JANUS_ADMIN_URL, apiSecret: vars.JANUS_API_SECRET, adminSecret: vars.JANUS_ADMIN_SECRET ?? '' };
}

/** rooms-api's voice variables: it also creates AudioBridge rooms and hands voice passes to browsers. */
export const voiceEnv = Type.Object({
  ...janusEnv.properties,
  JANUS_ADMIN_KEY: Type.Optional(Secret("AudioBridge admin_key, required with JANUS_API_SECRET: only requests carrying it may create rooms.")),
  JANUS_PUBLIC_PATH: Type.String({ default: '/janus', description: 'The edge path browsers reach Janus on.' }),
  VOICE_STUN_URLS: Type.Array(Type.String(), { default: [], description: 'STUN servers handed to browsers with each voice pass (comma-separated URLs).' }),
  VOICE_TURN_URLS: Type.Array(Type.String(), {
    default: [],
    description: 'TURN servers handed to browsers with each voice pass (comma-separated URLs). Without TURN, host candidates only.',
  }),
  VOICE_TURN_SECRET: Type.Optional(
    Type.String({
      description:
        "coturn's static-auth-secret: each voice pass then gets its own TURN credential (`<expiry>:<userId>`, HMAC-SHA1) valid VOICE_TURN_TTL_SECONDS.",
    }),
  ),
  // The longest room lasts 2 hours and a TURN allocation refreshes with the same credential, so 3 hours by default.
  VOICE_TURN_TTL_SECONDS: Type.Integer({ default: 3 * 3600, minimum: 60, maximum: 86_400, description: 'How long a per-pass TURN credential is valid, in s.' }),
  VOICE_TURN_USERNAME: Type.Optional(Type.String({ description: 'A fixed TURN username, used when VOICE_TURN_SECRET is empty.' })),
  VOICE_TURN_CREDENTIAL: Type.Optional(Type.String({ description: 'A fixed TURN credential, used when VOICE_TURN_SECRET is empty.' })),
});

export interface VoiceConfig extends JanusConfig {
  /** AudioBridge's admin_key: needed to create rooms. */
  adminKey: string;
  /** Where browsers reach Janus on the public origin (the edge proxies it). */
  publicPath: string;
  /** Handed to browsers with each grant. None: host candidates only (fine on one machine or a LAN). */
  iceServers: IceServer[];
  /** TURN with per-pass credentials (VOICE_TURN_SECRET); added to iceServers for each grant. */
  turnRest: TurnRestConfig | null;
}

/** rooms-api's voice settings, or null when voice is off (JANUS_API_SECRET unset): the app shows voice as unavailable. */
export function voiceConfig(vars: Static<typeof voiceEnv>, problem: Problem): VoiceConfig | null {
  const janus = janusConfig(vars, problem);
  if (!janus) return null;
  if (!vars.JANUS_ADMIN_KEY) problem('JANUS_ADMIN_KEY is required with JANUS_API_SECRET');
  const stun = vars.VOICE_STUN_URLS;
  const turn = vars.VOICE_TURN_URLS;
  const iceServers: IceServer[] = [];
  if (stun.length) iceServers.push({ urls: stun });
  const turnSecret = vars.VOICE_TURN_SECRET;
  const turnRest = turn.length && turnSecret ? { urls: turn, secret: turnSecret, ttlSeconds: vars.VOICE_TURN_TTL_SECONDS } : null;
  if (turn.length && !turnRest) {
    iceServers.push({ urls: turn, username: vars.VOICE_TURN_USERNAME ?? '', credential: vars.VOICE_TURN_CREDENTIAL ?? '' });
  }
  return { ...janus, adminKey: vars.JANUS_ADMIN_KEY ?? '', publicPath: vars.JANUS_PUBLIC_PATH, iceServers, turnRest };
}

/** The ICE servers of one member's voice pass: the fixed ones, plus TURN credentials minted for this member. */
export function iceServersFor(config: VoiceConfig, userId: string, nowMs = Date.now()): IceServer[] {
  return config.turnRest ? [...config.iceServers, mintTurnServer(config.turnRest, userId, nowMs)] : config.iceServers;
}
