// The one place that turns a non-2xx response (DESIGN.md §3.1) into an ApiError.

export interface ErrorDetail {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** Seconds from a `Retry-After` header (429/503), when given. */
  readonly retryAfter: number | null;

  constructor(init: {
    code: string;
    message: string;
    status: number;
    details?: ErrorDetail[];
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** Problems keyed by the top-level field they name (`tags[3]` → `tags`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = topLevelField(d.field);
      out[key] = out[key] ? `${out[key]}; ${d.problem}` : d.problem;
    }
    return out;
  }

  get isUnavailable(): boolean {
    return this.status === 503 || this.code === 'network_error';
  }
}

/** `tags[3]` → `tags`, `task.title` → `task`, `title` → `title`. */
export function topLevelField(field: string): string {
  const m = /^[^.[\]]+/.exec(field.trim());
  return m ? m[0] : field;
}

const FALLBACK: Record<number, [string, string]> = {
  400: ['bad_request', 'The request was not understood.'],
  401: ['unauthenticated', 'Please sign in again.'],
  403: ['forbidden', 'You are not allowed to do that.'],
  404: ['not_found', 'Not found.'],
  405: ['method_not_allowed', 'That action is not supported.'],
  409: ['conflict', 'That conflicts with existing data.'],
  412: ['precondition_failed', 'This item was changed elsewhere.'],
  413: ['payload_too_large', 'That is too large to save.'],
  415: ['unsupported_media_type', 'Unsupported request format.'],
  422: ['validation_failed', 'Some fields are not valid.'],
  429: ['rate_limited', 'Too many attempts. Please wait and try again.'],
  500: ['internal', 'Something went wrong on our side.'],
  502: ['unavailable', 'The service is unavailable right now.'],
  503: ['unavailable', 'The service is unavailable right now.'],
  504: ['unavailable', 'The service did not answer in time.'],
};

function fallbackFor(status: number): [string, string] {
  return FALLBACK[status] ?? (status >= 500 ? ['internal', 'Something went wrong on our side.'] : ['http_error', `Request failed (HTTP ${status}).`]);
}

/** Parses a `Retry-After` value: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function asString(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/**
 * Builds an ApiError from a status, the raw body text and the response
 * headers' request id / Retry-After. Never throws: bodies that are not the
 * §3.1 shape (HTML from a proxy, empty, truncated JSON) get a message that
 * fits the status.
 */
export function parseApiError(
  status: number,
  bodyText: string,
  headers?: { requestId?: string | null; retryAfter?: string | null },
): ApiError {
  const [fbCode, fbMessage] = fallbackFor(status);
  let code = fbCode;
  let message = fbMessage;
  let details: ErrorDetail[] = [];
  let requestId: string | null = headers?.requestId ?? null;
  try {
    const parsed: unknown = bodyText ? JSON.parse(bodyText) : null;
    const err = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
    if (err && typeof err === 'object') {
      const e = err as Record<string, unknown>;
      code = asString(e.code) ?? code;
      message = asString(e.message) ?? message;
      requestId = asString(e.request_id) ?? requestId;
      if (Array.isArray(e.details)) {
        details = e.details.flatMap((d): ErrorDetail[] => {
          if (!d || typeof d !== 'object') return [];
          const r = d as Record<string, unknown>;
          const field = asString(r.field);
          const problem = asString(r.problem) ?? asString(r.message);
          return field && problem ? [{ field, problem }] : [];
        });
      }
    }
  } catch {
    // not JSON: keep the fallback
  }
  return new ApiError({
    code,
    message,
    status,
    details,
    requestId,
    retryAfter: parseRetryAfter(headers?.retryAfter),
  });
}

/** A fetch that never reached the server (offline, DNS, reset). */
export function networkError(cause: unknown): ApiError {
  const e = new ApiError({
    code: 'network_error',
    message: 'Cannot reach the service. Check your connection.',
    status: 0,
  });
  (e as { cause?: unknown }).cause = cause;
  return e;
}

/** Words for the user, near the action that failed. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429 && err.retryAfter != null) {
      const mins = Math.ceil(err.retryAfter / 60);
      return `${err.message} Try again in ${err.retryAfter < 90 ? `${err.retryAfter} s` : `${mins} min`}.`;
    }
    if (err.code === 'network_error') {
      return typeof navigator !== 'undefined' && navigator.onLine === false
        ? 'You are offline. Check your connection and try again.'
        : 'Cannot reach the server. Check your connection and try again.';
    }
    if (err.status === 503) return 'The service is unavailable right now. Please try again in a moment.';
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
