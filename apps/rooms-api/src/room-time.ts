import type { RoomsConfig } from './config.js';

/** A span in room minutes as milliseconds: ROOM_MINUTE_MS shortens every room "minute" for demos and tests. */
export const roomMinutes = (config: Pick<RoomsConfig, 'roomMinuteMs'>, minutes: number): number => minutes * config.roomMinuteMs;
