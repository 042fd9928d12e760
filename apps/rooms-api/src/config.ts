import { EnvReader, readApiSecurityConfig, readBaseConfig } from '@mugharred/service-kit';
import { readVoiceConfig } from '@mugharred/voice';

/** rooms-api's configuration, validated once at start; every variable is listed in ../.env.example. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const r = new EnvReader(env);
  return r.done({
    ...readBaseConfig(r, 3012),
    ...readApiSecurityConfig(r),
    /**
     * Length of a room "minute" in ms. 60000 in production; tests and demos shrink it (a 15-minute room with
     * 1000 lasts 15 s). The `expiring` warning comes 5 such minutes before the end.
     */
    roomMinuteMs: r.int('ROOM_MINUTE_MS', 60_000, { min: 1, max: 60_000 }),
    /** Rooms created per client IP per minute. */
    createPerMinute: r.int('CREATE_ROOM_RATE_PER_MINUTE', 20, { min: 1 }),
    /** Joins per client IP per minute: one office behind one NAT joining a meeting stays well under it. */
    joinPerMinute: r.int('JOIN_ROOM_RATE_PER_MINUTE', 120, { min: 1 }),
    /** Janus control for the rooms' voice; null (voice unavailable, chat unaffected) without JANUS_API_SECRET. */
    voice: readVoiceConfig(r),
  });
}

export type RoomsConfig = ReturnType<typeof readConfig>;
