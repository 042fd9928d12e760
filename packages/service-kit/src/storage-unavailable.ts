import { AppError } from './errors.js';

/**
 * Redis did not answer: the connection is lost or reconnecting, a command timed out, its retries are spent, or the
 * cluster has no master for the slot yet. A 503 the client retries, never a bug. Commands of a 'command'
 * connection (createRedis) reject with this type, so no caller matches ioredis's message text.
 */
export class StorageUnavailable extends AppError {
  constructor(cause: unknown) {
    super('storage_unavailable', 'Storage is unavailable, try again shortly');
    this.cause = cause;
  }
}
