/** The part of service-kit's EnvReader this needs (kept structural: voice does not depend on service-kit). */
interface EnvLike {
  string(name: string, fallback?: string): string;
  list(name: string, fallback: string[]): string[];
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
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
  if (turn.length) {
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
  };
}
