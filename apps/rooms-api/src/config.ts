import { Type } from 'typebox';
import { apiSecurityConfig, apiSecurityEnv, baseConfig, baseEnv, loadConfig } from '@mugharred/service-kit';
import { voiceConfig, voiceEnv } from '@mugharred/voice';

/** Every variable rooms-api reads; ../.env.example and README's table are generated from it (`npm run config:docs`). */
export const configSchema = Type.Object(
  {
    ...baseEnv(3012).properties,
    ...apiSecurityEnv.properties,
    ROOM_MINUTE_MS: Type.Integer({
      default: 60_000,
      minimum: 1,
      maximum: 60_000,
      description:
        'Length of a room "minute" in ms; demos and tests shrink it (1000 makes a 15-minute room last 15 s). The expiring warning comes 5 such minutes before the end.',
    }),
    CREATE_ROOM_RATE_PER_MINUTE: Type.Integer({ default: 20, minimum: 1, description: 'Rooms created per client IP per minute (raise it for load tests from one address).' }),
    JOIN_ROOM_RATE_PER_MINUTE: Type.Integer({
      default: 120,
      minimum: 1,
      description: 'Joins per client IP per minute: one office behind one NAT joining a meeting stays well under it.',
    }),
    ...voiceEnv.properties,
  },
  { description: 'rooms-api: create, join, invite info, host controls and voice passes.' },
);

/** rooms-api's configuration, validated once at start. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env, (vars, problem) => ({
    ...baseConfig(vars, problem),
    ...apiSecurityConfig(vars, problem),
    roomMinuteMs: vars.ROOM_MINUTE_MS,
    createPerMinute: vars.CREATE_ROOM_RATE_PER_MINUTE,
    joinPerMinute: vars.JOIN_ROOM_RATE_PER_MINUTE,
    /** Janus control for the rooms' voice; null (voice unavailable, chat unaffected) without JANUS_API_SECRET. */
    voice: voiceConfig(vars, problem),
  }));
}

export type RoomsConfig = ReturnType<typeof readConfig>;
