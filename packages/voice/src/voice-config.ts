import type { IceServer } from './ice-server.js';
import { mintTurnServer, type TurnRestConfig } from './turn-credentials.js';

/** The part of service-kit's EnvReader this needs (kept structural: voice does not depend on service-kit). */
interface EnvLike {
  string(name: string, fallback?: string): string;
  int(name: string, fallback: number, range?: { min?: number; max?: number }): number;
  list(name: string, fallback: string[]): string[];
}

export interface VoiceConfig {
  /** Janus API for the backend's own session. */
  wsUrl: string;
  /** Janus Admin API (tokens); never exposed through the edge. */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  adminKey: string;
  /** Where browsers reach Janus on the public origin (the edge proxies it). */
  publicPath: string;
  /** Handed to browsers with each grant. None: host candidates only (fine on one machine or a LAN). */
  iceServers: IceServer[];
  /** TURN with per-pass credentials (VOICE_TURN_SECRET); added to iceServers for each grant. */
  turnRest: TurnRestConfig | null;
}

/**
 * Voice settings of a service, or null when voice is off (JANUS_API_SECRET unset): chat works without it and
 * the app shows voice as unavailable.
 */
export function readVoiceConfig(r: EnvLike): VoiceConfig | null {
  const apiSecret = r.string('JANUS_API_SECRET', '');
  if (!apiSecret) return null;
  const stun = r.list('VOICE_STUN_URLS', []);
  const turn = r.list('VOICE_TURN_URLS', []);
  const iceServers: IceServer[] = [];
  if (stun.length) iceServers.push({ urls: stun });
  const turnSecret = r.string('VOICE_TURN_SECRET', '');
  // The longest room lasts 2 hours and a TURN allocation refreshes with the same credential, so 3 hours by default.
  const ttlSeconds = r.int('VOICE_TURN_TTL_SECONDS', 3 * 3600, { min: 60, max: 86_400 });
  const turnRest = turn.length && turnSecret ? { urls: turn, secret: turnSecret, ttlSeconds } : null;
  if (turn.length && !turnRest) {
    iceServers.push({ urls: turn, username: r.string('VOICE_TURN_USERNAME', ''), credential: r.string('VOICE_TURN_CREDENTIAL', '') });
  }
  return {
    wsUrl: r.string('JANUS_API_URL', 'ws://127.0.0.1:8188'),
    adminUrl: r.string('JANUS_ADMIN_URL', 'ws://127.0.0.1:7188'),
    apiSecret,
    adminSecret: r.string('JANUS_ADMIN_SECRET'),
    adminKey: r.string('JANUS_ADMIN_KEY'),
    publicPath: r.string('JANUS_PUBLIC_PATH', '/janus'),
    iceServers,
    turnRest,
  };
}

/** The ICE servers of one member's voice pass: the fixed ones, plus TURN credentials minted for this member. */
export function iceServersFor(config: VoiceConfig, userId: string, nowMs = Date.now()): IceServer[] {
  return config.turnRest ? [...config.iceServers, mintTurnServer(config.turnRest, userId, nowMs)] : config.iceServers;
}
