import { ERROR_CODES, type ErrorCode } from '@mugharred/protocol';

/** An error meant for the client: its code and message are sent as `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.statusCode = ERROR_CODES[code];
  }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
