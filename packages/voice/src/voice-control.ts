import { ID_PATTERN } from '@mugharred/protocol';
import { AdminApi } from './admin-api.js';
import { AUDIOBRIDGE, AudioBridgeLink } from './audiobridge-link.js';
import { AUDIOBRIDGE_CODES, JanusError, JanusUnreachable } from './janus-error.js';
import { roomCreateRequest } from './room-settings.js';
import { memberToken, roomSecret, tokenRoomId } from './voice-secrets.js';

/** The slice of a pino logger this package uses. */
export interface VoiceLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface VoiceControlOptions {
  /** Janus API WebSocket, e.g. ws://127.0.0.1:8188 (the backend's own session uses api_secret). */
  wsUrl: string;
  /** Admin API WebSocket, e.g. ws://127.0.0.1:7188 (never routed by the edge). */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  /**
   * AudioBridge's admin_key: only requests carrying it may create rooms (ensureRoom, grant). Only rooms-api
   * creates rooms; the gateway and the worker only revoke and destroy, and never hold it.
   */
  adminKey?: string;
  log?: VoiceLog;
  /** How long a connect or a request may take before voice counts as unavailable, in ms (default 3000). */
  timeoutMs?: number;
  /** After Janus was found unreachable, calls answer "unavailable" at once for this long, in ms (default 1000). */
  retryMs?: number;
}

/** A participant of a room's voice as AudioBridge sees it. */
export interface VoiceParticipant {
  /** The participant id it joined with (a user id when it joined with its grant). */
  id: string;
  muted: boolean;
  /** Whether its WebRTC connection is up (false while it is still connecting). */
  setup: boolean;
  /** Present once audio-level events run for it. */
  talking?: boolean;
}

/** What a member needs to join their room's voice: the AudioBridge room, their participant id and token. */
export interface VoiceGrant {
  /** The AudioBridge room id: the chat room's id (AudioBridge runs with string ids). */
  room: string;
  /** The id to join with: the member's user id, so revoke can kick them from the mix. */
  participantId: string;
  /** A personal Janus token: opens only AudioBridge, and only this room (its allowed list). */
  token: string;
}

export interface VoiceUnavailable {
  ok: false;
  reason: 'unavailable';
}
export type VoiceResult<T extends object = object> = ({ ok: true } & T) | VoiceUnavailable;

export interface VoiceControl {
  /** Creates the room's AudioBridge room if Janus does not have it (idempotent; created says which). */
  ensureRoom(roomId: string): Promise<VoiceResult<{ created: boolean }>>;
  /** Lets a member into the room's voice (creating the room on demand); the same grant every time. */
  grant(roomId: string, userId: string): Promise<VoiceResult<{ grant: VoiceGrant }>>;
  /** Takes a member's voice access away at once and kicks them from the mix (left, kicked, room ended). */
  revoke(roomId: string, userId: string): Promise<VoiceResult>;
  /** Who is in the room's voice right now, according to Janus (none when Janus has no such room). */
  participants(roomId: string): Promise<VoiceResult<{ participants: VoiceParticipant[] }>>;
  /** Destroys the room's AudioBridge room and removes every token granted for it (idempotent). */
  destroyRoom(roomId: string): Promise<VoiceResult>;
  /** Whether Janus answers on both APIs right now. */
  available(): Promise<boolean>;
  close(): void;
}

const UNAVAILABLE: VoiceUnavailable = { ok: false, reason: 'unavailable' };
const idPattern = new RegExp(ID_PATTERN);
const silent: VoiceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The backend's control of Janus AudioBridge. Nothing is stored: rooms live in Janus, and every secret and
 * token is derived from the admin secret, so any replica can call any method. No method throws for Janus's
 * state: when Janus is down or refuses, the result is `{ ok: false, reason: 'unavailable' }` (logged), and
 * the links reconnect on a later call once Janus is back (a restarted Janus has forgotten its rooms and
 * tokens; grant() re-creates both). Ids that are not Mugharred ids are a caller bug and do throw, as does creating a
 * room (ensureRoom, grant) without the admin key.
 */
export function createVoiceControl(options: VoiceControlOptions): VoiceControl {
  const log = options.log ?? silent;
  const link = { timeoutMs: options.timeoutMs ?? 3000, retryMs: options.retryMs ?? 1000 };
  const bridge = new AudioBridgeLink(options.wsUrl, options.apiSecret, link);
  const admin = new AdminApi(options.adminUrl, options.adminSecret, link);
  const key = options.adminSecret;
  let reachable = true;

  async function attempt<T extends object>(op: string, fields: object, run: () => Promise<T>): Promise<VoiceResult<T>> {
    try {
      const value = await run();
      if (!reachable) log.info({ op }, 'janus reachable again, voice available');
      reachable = true;
      return { ok: true, ...value };
    } catch (err) {
      if (err instanceof JanusUnreachable) {
        if (reachable) log.warn({ op, ...fields, err: err.message }, 'janus unreachable, voice unavailable');
        reachable = false;
      } else if (err instanceof JanusError) {
        log.error({ op, ...fields, code: err.code, reason: err.reason }, 'janus refused a voice request');
      } else {
        log.error({ op, ...fields, err }, 'voice request failed');
      }
      return UNAVAILABLE;
    }
  }

  /** Runs an AudioBridge request whose listed error codes mean "already done". */
  async function idempotent(body: Record<string, unknown>, done: number[]): Promise<boolean> {
    try {
      await bridge.request(body);
      return true;
    } catch (err) {
      if (err instanceof JanusError && done.includes(err.code)) return false;
      throw err;
    }
  }

  /** The admin key room creation needs; missing it is a caller bug (a service that never creates rooms), not an outage. */
  const roomCreationKey = () => {
    if (options.adminKey === undefined) throw new TypeError('voice: creating a room needs the AudioBridge admin_key (JANUS_ADMIN_KEY)');
    return options.adminKey;
  };
  const create = (roomId: string, adminKey: string) =>
    idempotent(roomCreateRequest(roomId, adminKey, roomSecret(key, roomId)), [AUDIOBRIDGE_CODES.roomExists]);

  return {
    ensureRoom: async (roomId) => {
      checkIds(roomId);
      const adminKey = roomCreationKey();
      return attempt('ensureRoom', { roomId }, async () => ({ created: await create(roomId, adminKey) }));
    },

    grant: async (roomId, userId) => {
      checkIds(roomId, userId);
      const adminKey = roomCreationKey();
      return attempt('grant', { roomId, userId }, async () => {
        const token = memberToken(key, roomId, userId);
        await create(roomId, adminKey);
        await admin.addToken(token, [AUDIOBRIDGE]);
        await bridge.request({ request: 'allowed', room: roomId, secret: roomSecret(key, roomId), action: 'add', allowed: [token] });
        return { grant: { room: roomId, participantId: userId, token } };
      });
    },

    revoke: async (roomId, userId) => {
      checkIds(roomId, userId);
      return attempt('revoke', { roomId, userId }, async () => {
        const token = memberToken(key, roomId, userId);
        const secret = roomSecret(key, roomId);
        await admin.removeToken(token);
        const gone = [AUDIOBRIDGE_CODES.noSuchRoom, AUDIOBRIDGE_CODES.noSuchUser];
        await idempotent({ request: 'allowed', room: roomId, secret, action: 'remove', allowed: [token] }, gone);
        await idempotent({ request: 'kick', room: roomId, secret, id: userId }, gone);
        return {};
      });
    },

    participants: async (roomId) => {
      checkIds(roomId);
      return attempt('participants', { roomId }, async () => {
        try {
          const data = await bridge.request({ request: 'listparticipants', room: roomId });
          return { participants: (data.participants as VoiceParticipant[] | undefined) ?? [] };
        } catch (err) {
          if (err instanceof JanusError && err.code === AUDIOBRIDGE_CODES.noSuchRoom) return { participants: [] };
          throw err;
        }
      });
    },

    destroyRoom: async (roomId) => {
      checkIds(roomId);
      return attempt('destroyRoom', { roomId }, async () => {
        await idempotent({ request: 'destroy', room: roomId, secret: roomSecret(key, roomId) }, [AUDIOBRIDGE_CODES.noSuchRoom]);
        const tokens = (await admin.listTokens()).filter((t) => tokenRoomId(t) === roomId);
        for (const token of tokens) await admin.removeToken(token);
        return {};
      });
    },

    available: async () => {
      const result = await attempt('available', {}, async () => {
        await Promise.all([bridge.ping(), admin.ping()]);
        return {};
      });
      return result.ok;
    },

    close: () => {
      bridge.close();
      admin.close();
    },
  };
}

function checkIds(...ids: string[]): void {
  for (const id of ids) if (!idPattern.test(id)) throw new TypeError(`voice: not a Mugharred id: ${JSON.stringify(id)}`);
}
