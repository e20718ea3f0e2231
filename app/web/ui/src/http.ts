/**
 * JSON over fetch, same origin only. The device cookie travels by itself (HttpOnly: this code
 * never sees it). Every state-changing request says it is JSON, as the API demands.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Unauthorized = (error: ApiError) => void;
let onUnauthorized: Unauthorized = () => {};

/** Called on every 401, so the app can fall back to the pairing screen. */
export function setUnauthorizedHandler(fn: Unauthorized): void {
  onUnauthorized = fn;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report a 401 to the app (the pairing screen polls while not yet paired). */
  quiet401?: boolean;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }

  const response = await fetch(path, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    cache: 'no-store',
    signal: options.signal,
  });

  if (!response.ok) {
    const error = await readError(response);
    if (error.status === 401 && !options.quiet401) onUnauthorized(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readError(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || 'The request failed';
  try {
    const parsed = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (a proxy page, a dropped connection): the status line is all there is.
  }
  return new ApiError(response.status, code, message);
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options);

export const post = <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>('POST', path, { ...options, body });

export const put = <T = unknown>(path: string, body?: unknown) => request<T>('PUT', path, { body });

export const del = <T = unknown>(path: string, body?: unknown) =>
  request<T>('DELETE', path, { body });
