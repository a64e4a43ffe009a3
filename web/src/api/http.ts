// The fetch wrapper every API call goes through: bearer token, JSON in/out,
// §3.1 errors as ApiError, 401 → sign-out hook, 503/network retries for
// safe (GET) requests while the app shows "service unavailable, retrying".

import { ApiError, networkError, parseApiError } from './errors';

export interface HttpHooks {
  getToken(): string | null;
  /** Called when an authenticated request answers 401 (expired/invalid token). */
  onUnauthorized(err: ApiError): void;
  /**
   * 'unavailable' while retried requests get 503, 'unreachable' while they
   * fail with network errors (offline, server down), 'ok' after any success.
   */
  onServiceState(state: 'ok' | 'unreachable' | 'unavailable'): void;
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: URLSearchParams | Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Retry on 503 / network errors (default: only for GET). */
  retry?: boolean;
}

export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  newRequestId: () => string;
}

export const MAX_RETRIES = 4;

export function toSearchParams(query: RequestOptions['query']): URLSearchParams {
  if (!query) return new URLSearchParams();
  if (query instanceof URLSearchParams) return query;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) sp.append(k, item);
    else sp.append(k, String(v));
  }
  return sp;
}

/** Delay before retry number `attempt` (0-based): Retry-After wins, capped to 30 s. */
export function retryDelayMs(attempt: number, retryAfterSec: number | null, random: () => number): number {
  if (retryAfterSec != null) return Math.min(30, Math.max(1, retryAfterSec)) * 1000;
  const base = Math.min(8000, 1000 * 2 ** attempt);
  return Math.round(base / 2 + (random() * base) / 2);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function defaultRequestId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function createHttpClient(hooks: HttpHooks, deps?: Partial<HttpDeps>) {
  const d: HttpDeps = {
    fetch: deps?.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    sleep: deps?.sleep ?? defaultSleep,
    random: deps?.random ?? Math.random,
    newRequestId: deps?.newRequestId ?? defaultRequestId,
  };

  async function once<T>(path: string, opts: RequestOptions): Promise<T> {
    const method = opts.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Request-Id': d.newRequestId(), ...opts.headers };
    const token = opts.auth === false ? null : hooks.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const qs = toSearchParams(opts.query).toString();
    const url = qs ? `${path}?${qs}` : path;

    let res: Response;
    try {
      res = await d.fetch(url, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw networkError(e);
    }
    if (res.ok) {
      hooks.onServiceState('ok');
      if (res.status === 204) return undefined as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const text = await res.text().catch(() => '');
    const err = parseApiError(res.status, text, {
      requestId: res.headers.get('X-Request-Id'),
      retryAfter: res.headers.get('Retry-After'),
    });
    if (err.status === 401 && token) hooks.onUnauthorized(err);
    throw err;
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const retry = opts.retry ?? (opts.method ?? 'GET') === 'GET';
    for (let attempt = 0; ; attempt++) {
      try {
        return await once<T>(path, opts);
      } catch (e) {
        if (!(e instanceof ApiError) || !e.isUnavailable || !retry) throw e;
        // Only retried requests raise the "unavailable, retrying" banner;
        // a failed mutation shows its error next to the action instead.
        hooks.onServiceState(e.code === 'network_error' ? 'unreachable' : 'unavailable');
        if (attempt >= MAX_RETRIES) throw e;
        await d.sleep(retryDelayMs(attempt, e.retryAfter, d.random), opts.signal);
      }
    }
  }

  return { request };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
