import type { Response } from 'express';
import type { Logger } from '../log.ts';
import { isTonearmError, TonearmError, type ErrorCode } from '../errors.ts';

/** The one error body the API sends: a stable code and a message, never a stack or a path. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(err: TonearmError): ErrorBody {
  return { error: { code: err.code, message: err.message } };
}

/**
 * Turn anything thrown into an HTTP answer. A TonearmError is the caller's business and goes out
 * as it is; anything else is our bug: logged in full, answered with a bare INTERNAL.
 */
export function sendError(res: Response, err: unknown, log: Logger): void {
  const known = isTonearmError(err)
    ? err
    : new TonearmError('INTERNAL', 'internal error; the service log has the details');
  if (!isTonearmError(err)) log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(known.status).json(errorBody(known));
}

export function fail(code: ErrorCode, message: string): never {
  throw new TonearmError(code, message);
}
