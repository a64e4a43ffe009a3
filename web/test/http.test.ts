import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/errors';
import { createHttpClient, MAX_RETRIES, retryDelayMs, toSearchParams, type HttpHooks } from '../src/api/http';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function setup(responses: Array<Response | Error>, token: string | null = 'tok') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  });
  const sleeps: number[] = [];
  const hooks: HttpHooks = { getToken: () => token, onUnauthorized: vi.fn(), onServiceState: vi.fn() };
  const client = createHttpClient(hooks, {
    fetch: fetch as unknown as typeof globalThis.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    newRequestId: () => 'rid',
  });
  return { client, calls, sleeps, hooks };
}

describe('http client', () => {
  it('sends bearer token, JSON body and request id', async () => {
    const { client, calls } = setup([jsonResponse(201, { id: 't1' })]);
    const out = await client.request<{ id: string }>('/api/u/tasks', { method: 'POST', body: { title: 'x' } });
    expect(out).toEqual({ id: 't1' });
    const h = calls[0]!.init.headers as Record<string, string>;
    expect(h.Authorization).toBe('Bearer tok');
    expect(h['Content-Type']).toBe('application/json');
    expect(h['X-Request-Id']).toBe('rid');
    expect(calls[0]!.init.body).toBe('{"title":"x"}');
  });

  it('answers undefined for 204', async () => {
    const { client } = setup([new Response(null, { status: 204 })]);
    await expect(client.request('/api/u/tasks/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('signs out on 401 of an authenticated call', async () => {
    const { client, hooks } = setup([jsonResponse(401, { error: { code: 'unauthenticated', message: 'token expired' } })]);
    await expect(client.request('/api/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(hooks.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not sign out on 401 of sign-in (no token sent)', async () => {
    const { client, hooks, calls } = setup([jsonResponse(401, { error: { code: 'unauthenticated', message: 'wrong email or password' } })]);
    await expect(client.request('/api/auth/sign-in', { method: 'POST', body: {}, auth: false })).rejects.toBeInstanceOf(ApiError);
    expect(hooks.onUnauthorized).not.toHaveBeenCalled();
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('retries GET on 503 honouring Retry-After, and reports the service state', async () => {
    const { client, sleeps, hooks } = setup([
      jsonResponse(503, { error: { code: 'unavailable', message: 'db down' } }, { 'Retry-After': '2' }),
      new TypeError('network'),
      jsonResponse(200, { ok: true }),
    ]);
    await expect(client.request('/api/u/stats')).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([2000, retryDelayMs(1, null, () => 0.5)]);
    expect(hooks.onServiceState).toHaveBeenNthCalledWith(1, 'unavailable');
    expect(hooks.onServiceState).toHaveBeenNthCalledWith(2, 'unreachable');
    expect(hooks.onServiceState).toHaveBeenLastCalledWith('ok');
  });

  it('gives up after MAX_RETRIES and does not retry mutations by default', async () => {
    const many = Array.from({ length: MAX_RETRIES + 1 }, () => jsonResponse(503, {}));
    const a = setup(many);
    await expect(a.client.request('/api/u/stats')).rejects.toMatchObject({ status: 503 });
    expect(a.sleeps).toHaveLength(MAX_RETRIES);

    const b = setup([jsonResponse(503, {})]);
    await expect(b.client.request('/api/u/tasks/1', { method: 'DELETE' })).rejects.toMatchObject({ status: 503 });
    expect(b.sleeps).toHaveLength(0);
    expect(b.hooks.onServiceState).not.toHaveBeenCalledWith('unavailable');
  });

  it('never retries 4xx', async () => {
    const { client, sleeps } = setup([jsonResponse(404, { error: { code: 'not_found', message: 'no such task' } })]);
    await expect(client.request('/api/u/tasks/x')).rejects.toMatchObject({ code: 'not_found', message: 'no such task' });
    expect(sleeps).toHaveLength(0);
  });

  it('builds query strings with repeated keys and skips empties', () => {
    expect(toSearchParams({ tag: ['a', 'b'], q: '', limit: 5, unread: undefined, x: null }).toString()).toBe('tag=a&tag=b&limit=5');
  });

  it('caps Retry-After waits to 30 s and jitters backoff', () => {
    expect(retryDelayMs(0, 3600, Math.random)).toBe(30_000);
    expect(retryDelayMs(0, 0, Math.random)).toBe(1000);
    expect(retryDelayMs(2, null, () => 0)).toBe(2000);
    expect(retryDelayMs(2, null, () => 1)).toBe(4000);
    expect(retryDelayMs(10, null, () => 1)).toBe(8000);
  });
});
