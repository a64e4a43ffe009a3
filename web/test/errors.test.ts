import { describe, expect, it } from 'vitest';
import { ApiError, describeError, networkError, parseApiError, parseRetryAfter, topLevelField } from '../src/api/errors';

describe('parseApiError', () => {
  it('reads the §3.1 body', () => {
    const body = JSON.stringify({
      error: {
        code: 'validation_failed',
        message: 'title must not be empty',
        details: [
          { field: 'title', problem: 'must not be empty' },
          { field: 'tags[2]', problem: 'invalid characters' },
          { field: 'tags[5]', problem: 'too long' },
        ],
        request_id: 'req-1',
      },
    });
    const e = parseApiError(422, body, { requestId: 'hdr-1' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('title must not be empty');
    expect(e.requestId).toBe('req-1');
    expect(e.details).toHaveLength(3);
    expect(e.fieldErrors()).toEqual({ title: 'must not be empty', tags: 'invalid characters; too long' });
  });

  it('falls back when the body is not the contract shape', () => {
    const html = parseApiError(502, '<html>Bad gateway</html>', { requestId: 'abc', retryAfter: '7' });
    expect(html.code).toBe('unavailable');
    expect(html.message).toMatch(/unavailable/);
    expect(html.requestId).toBe('abc');
    expect(html.retryAfter).toBe(7);
    expect(html.details).toEqual([]);

    const empty = parseApiError(404, '');
    expect(empty.code).toBe('not_found');
    expect(empty.requestId).toBeNull();

    const odd = parseApiError(418, '{"error": "teapot"}');
    expect(odd.code).toBe('http_error');
    expect(odd.message).toContain('418');

    const junkDetails = parseApiError(422, JSON.stringify({ error: { code: 'validation_failed', message: 'x', details: [null, 3, { field: 'a' }, { field: 'b', problem: 'p' }] } }));
    expect(junkDetails.details).toEqual([{ field: 'b', problem: 'p' }]);
  });

  it('keeps 401/412/429/503 codes', () => {
    expect(parseApiError(401, JSON.stringify({ error: { code: 'unauthenticated', message: 'token expired' } })).code).toBe('unauthenticated');
    expect(parseApiError(412, '').code).toBe('precondition_failed');
    expect(parseApiError(503, '').isUnavailable).toBe(true);
    expect(networkError(new TypeError('fetch failed')).isUnavailable).toBe(true);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
  });

  it('maps detail fields to top-level form fields', () => {
    expect(topLevelField('tags[3]')).toBe('tags');
    expect(topLevelField('recurrence.until')).toBe('recurrence');
    expect(topLevelField('title')).toBe('title');
  });

  it('words errors for people', () => {
    const limited = parseApiError(429, JSON.stringify({ error: { code: 'rate_limited', message: 'Too many attempts.' } }), { retryAfter: '600' });
    expect(describeError(limited)).toBe('Too many attempts. Try again in 10 min.');
    expect(describeError(parseApiError(503, ''))).toMatch(/unavailable/);
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('x')).toBe('Something went wrong.');
  });
});
