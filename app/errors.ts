/**
 * Every error Tonearm reports on purpose carries a stable code, a message a person can act on
 * and, where the error can reach an HTTP client, a status. docs/errors.md lists the codes with
 * what to do about each; a test keeps that catalogue and this type in step.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'URI_INVALID'
  | 'URI_OUTSIDE_ROOT'
  | 'URI_UNKNOWN_SCHEME'
  | 'TRACK_NOT_FOUND'
  | 'ART_NOT_FOUND'
  | 'QUEUE_ENTRY_NOT_FOUND'
  | 'QUEUE_FULL'
  | 'PLAYER_NOTHING_TO_PLAY'
  | 'DECODE_FAILED'
  | 'FORMAT_UNSUPPORTED'
  | 'OUTPUT_OPEN_FAILED'
  | 'OUTPUT_WRITE_FAILED'
  | 'MIXER_FAILED'
  | 'STATE_CORRUPT'
  | 'LIBRARY_UNAVAILABLE'
  | 'AUTH_REQUIRED'
  | 'AUTH_FORBIDDEN'
  | 'REQUEST_INVALID'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'HOST_NOT_ALLOWED'
  | 'ORIGIN_FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'PAIRING_CLOSED'
  | 'EGRESS_SCHEME_REFUSED'
  | 'EGRESS_ADDRESS_REFUSED'
  | 'EGRESS_REDIRECT_LIMIT'
  | 'EGRESS_TOO_LARGE'
  | 'EGRESS_TIMEOUT'
  | 'EGRESS_FAILED'
  | 'STREAM_DEAD'
  | 'STATION_NOT_FOUND'
  | 'PLAYLIST_NOT_FOUND'
  | 'PLAYLIST_EXISTS'
  | 'PLAYLIST_INVALID'
  | 'LISTEN_DISABLED'
  | 'LISTENER_NOT_FOUND'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  CONFIG_UNREADABLE: 500,
  URI_INVALID: 400,
  URI_OUTSIDE_ROOT: 400,
  URI_UNKNOWN_SCHEME: 400,
  TRACK_NOT_FOUND: 404,
  ART_NOT_FOUND: 404,
  QUEUE_ENTRY_NOT_FOUND: 404,
  QUEUE_FULL: 409,
  PLAYER_NOTHING_TO_PLAY: 409,
  DECODE_FAILED: 500,
  FORMAT_UNSUPPORTED: 415,
  OUTPUT_OPEN_FAILED: 503,
  OUTPUT_WRITE_FAILED: 503,
  MIXER_FAILED: 503,
  STATE_CORRUPT: 500,
  LIBRARY_UNAVAILABLE: 503,
  AUTH_REQUIRED: 401,
  AUTH_FORBIDDEN: 403,
  REQUEST_INVALID: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HOST_NOT_ALLOWED: 421,
  ORIGIN_FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  PAIRING_CLOSED: 410,
  EGRESS_SCHEME_REFUSED: 400,
  EGRESS_ADDRESS_REFUSED: 400,
  EGRESS_REDIRECT_LIMIT: 502,
  EGRESS_TOO_LARGE: 502,
  EGRESS_TIMEOUT: 504,
  EGRESS_FAILED: 502,
  STREAM_DEAD: 502,
  STATION_NOT_FOUND: 404,
  PLAYLIST_NOT_FOUND: 404,
  PLAYLIST_EXISTS: 409,
  PLAYLIST_INVALID: 400,
  LISTEN_DISABLED: 404,
  LISTENER_NOT_FOUND: 404,
  INTERNAL: 500,
};

export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

export class TonearmError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TonearmError';
    this.code = code;
    this.status = STATUS[code];
  }
}

export function isTonearmError(err: unknown): err is TonearmError {
  return err instanceof TonearmError;
}

/** A short, safe description of anything thrown, for logs and error events. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
