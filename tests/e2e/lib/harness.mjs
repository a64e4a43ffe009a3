// A tiny test harness: named tests run one after another, each with its own
// deadline and its own browser contexts; assertions that say what was
// expected and what was found; polling with deadlines instead of sleeps.

import fs from 'node:fs';
import path from 'node:path';

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (v) => {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, null, 0) ?? String(v);
  } catch {
    return String(v);
  }
};

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual(actual, expected, what) {
  if (show(actual) !== show(expected)) {
    throw new AssertionError(`${what}\n      expected: ${show(expected)}\n      actual:   ${show(actual)}`);
  }
}

export function assertAtMost(actual, limit, what) {
  if (!(actual <= limit)) throw new AssertionError(`${what}\n      expected: ≤ ${limit}\n      actual:   ${actual}`);
}

/**
 * Polls `probe` until it returns a truthy value (which is returned) or the
 * deadline passes. `probe` may throw; the last error is reported.
 */
export async function eventually(probe, { timeout = 5000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastErr;
  for (;;) {
    try {
      last = await probe();
      lastErr = undefined;
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  const why = lastErr ? `last error: ${lastErr.message.split('\n')[0]}` : `last value: ${show(last)}`;
  throw new AssertionError(`timed out after ${timeout} ms waiting for ${message} (${why})`);
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/**
 * Runs the tests. `makeContext(t)` gives each test what it needs; every
 * browser context opened through `t.newContext()` is closed after the test,
 * and screenshots of its pages are saved when the test fails.
 */
export async function runTests(tests, { browser, outDir, timeoutMs, baseURL, extras = {} }) {
  const results = [];
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
  for (const test of tests) {
    if (only && !only.test(test.name)) continue;
    const started = Date.now();
    const contexts = [];
    const pageErrors = [];
    const consoleLog = [];
    const notes = [];
    const cleanups = [];
    const t = {
      name: test.name,
      baseURL,
      outDir,
      ...extras,
      note: (line) => notes.push(line),
      /** runs after the test (after its browser contexts are closed) */
      cleanup: (fn) => cleanups.push(fn),
      async newContext(options = {}) {
        const ctx = await browser.newContext({
          baseURL,
          locale: 'en-US',
          timezoneId: 'Europe/Berlin',
          viewport: { width: 1280, height: 860 },
          ...options,
        });
        ctx.setDefaultTimeout(8000);
        ctx.on('page', (page) => {
          const label = `ctx${contexts.indexOf(ctx) + 1}`;
          page.on('pageerror', (err) => pageErrors.push(`[${label}] ${err.message}`));
          page.on('console', (msg) => {
            if (msg.type() === 'error' || msg.type() === 'warning') consoleLog.push(`[${label}] ${msg.type()}: ${msg.text()}`);
          });
        });
        contexts.push(ctx);
        return ctx;
      },
      async newPage(options = {}) {
        const ctx = await t.newContext(options);
        const page = await ctx.newPage();
        return page;
      },
    };

    let error = null;
    let timer;
    try {
      await Promise.race([
        test.fn(t),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new AssertionError(`test timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (pageErrors.length) throw new AssertionError(`uncaught errors in the page:\n      ${pageErrors.join('\n      ')}`);
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(timer);
    }

    if (error) {
      let n = 0;
      for (const ctx of contexts) {
        for (const page of ctx.pages()) {
          n += 1;
          const file = path.join(outDir, `FAILED-${slug(test.name)}-${n}.png`);
          await page.screenshot({ path: file, fullPage: true, timeout: 3000 }).catch(() => undefined);
        }
      }
    }
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch(() => undefined);

    const ms = Date.now() - started;
    results.push({ name: test.name, ok: !error, ms, error, notes });
    if (!error) {
      console.log(`  ✓ ${test.name} (${ms} ms)`);
      for (const line of notes) console.log(`      · ${line}`);
    } else {
      console.log(`  ✗ ${test.name} (${ms} ms)`);
      const msg = error instanceof AssertionError ? error.message : error.stack || String(error);
      console.log(`      ${msg.split('\n').join('\n      ')}`);
      for (const line of notes) console.log(`      · ${line}`);
      if (consoleLog.length) {
        console.log('      browser console (errors/warnings):');
        for (const line of consoleLog.slice(-15)) console.log(`        ${line}`);
      }
    }
  }
  return results;
}

export function ensureDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
