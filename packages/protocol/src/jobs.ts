/** BullMQ queue that rooms-api feeds and the worker drains. The braces keep every queue key in one Cluster slot. */
export const ROOMS_QUEUE = 'rooms';
export const QUEUE_PREFIX = '{mq}';

/** Minutes before the end at which members get the `expiring` warning. */
export const EXPIRING_WARNING_MS = 5 * 60 * 1000;

export const JOBS = {
  roomExpiring: 'room-expiring',
  roomExpire: 'room-expire',
  sweep: 'rooms-sweep',
  metrics: 'metrics',
} as const;

export interface RoomJobData {
  roomId: string;
}

/** Job ids make scheduling idempotent: scheduling a room twice keeps one job of each kind. BullMQ forbids ':'. */
export const jobIds = {
  roomExpiring: (roomId: string) => `expiring-${roomId}`,
  roomExpire: (roomId: string) => `expire-${roomId}`,
};
