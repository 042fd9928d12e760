import { ERRORS, type ErrorCode } from '@mugharred/protocol';

/**
 * An error meant for the client: sent as `{ error: { code, message } }` with the code's status from protocol's
 * registry, and the registry's message unless the thrower says something more particular.
 */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
  ) {
    super(message);
    this.statusCode = ERRORS[code].status;
  }
}

export const errorBody = (code: ErrorCode, message: string = ERRORS[code].message) => ({ error: { code, message } });
