// Helpers that drive the web app the way a person does, plus a small API
// client for seeding data and for checks the UI cannot show.

import crypto from 'node:crypto';
import { assert, assertEqual, eventually } from './harness.mjs';

export const ZONE = 'Europe/Berlin';
export const PASSWORD = 'correct horse battery';
export const SESSION_KEY = 'todo-platform.session';

export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}@example.com`;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- API client

export function apiClient(baseURL) {
  async function call(method, path, { token, body, headers = {} } = {}) {
    const res = await fetch(baseURL + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  async function expectStatus(status, method, path, opts) {
    const r = await call(method, path, opts);
    assert(r.status === status, `${method} ${path}: expected HTTP ${status}, got ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json;
  }

  return {
    call,
    expectStatus,
    /** Signs a user up; returns {user, token, email, password, name}. */
    async signUp(prefix, name = `${prefix[0].toUpperCase()}${prefix.slice(1)} Tester`) {
      const email = uniqueEmail(prefix);
      const res = await expectStatus(201, 'POST', '/api/auth/sign-up', { body: { email, password: PASSWORD, name } });
      return { ...res, email, password: PASSWORD, name };
    },
    createTask(account, body) {
      return expectStatus(201, 'POST', `/api/${account.user.id}/tasks`, { token: account.token, body });
    },
    listTasks(account) {
      return expectStatus(200, 'GET', `/api/${account.user.id}/tasks?limit=200`, { token: account.token });
    },
  };
}

// ------------------------------------------------------------ page locators

export const byTestId = (scope, id) => scope.locator(`[data-testid="${id}"]`);

/** The list row whose title is exactly `title`. */
export function rowByTitle(page, title) {
  return byTestId(page, 'task-row').filter({
    has: page.locator('[data-testid="task-title"]', { hasText: new RegExp(`^${escapeRe(title)}$`) }),
  });
}

export async function textsOf(locator) {
  return (await locator.allTextContents()).map((s) => s.trim());
}

// ------------------------------------------------------------------ sign in

export async function waitLive(page, timeout = 8000) {
  await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout });
}

/** Signs in through the sign-in page and waits for the signed-in app to be live. */
export async function signInUI(page, account) {
  await page.goto('/sign-in');
  await byTestId(page, 'signin-form').waitFor();
  await byTestId(page, 'signin-email').fill(account.email);
  await byTestId(page, 'signin-password').fill(account.password);
  await byTestId(page, 'signin-submit').click();
  // (the user's name is hidden by CSS on phones, so wait for it to exist)
  await byTestId(page, 'user-name').waitFor({ state: 'attached' });
  await waitLive(page);
}

/** Resolves once the first list load is done (rows or the empty state). */
export async function waitListLoaded(page) {
  await page.locator('[data-testid="task-list"], [data-testid="empty-state"]').first().waitFor();
}

// --------------------------------------------------------------- task form

export async function openNewTaskForm(page) {
  await byTestId(page, 'new-task').click();
  await byTestId(page, 'task-dialog').waitFor();
  await byTestId(page, 'task-form-title').waitFor();
}

/**
 * Fills the task form. `due` and `reminderCustom` are wall-clock strings in
 * the form's time zone ("YYYY-MM-DDTHH:mm[:ss]").
 */
export async function fillTaskForm(page, f) {
  if (f.title !== undefined) await byTestId(page, 'task-form-title').fill(f.title);
  if (f.description !== undefined) await byTestId(page, 'task-form-description').fill(f.description);
  if (f.priority) await byTestId(page, 'task-form-priority').selectOption(f.priority);
  for (const tag of f.tags ?? []) {
    const input = byTestId(page, 'task-form-tags');
    await input.fill(tag);
    await input.press('Enter');
  }
  if (f.timezone) await byTestId(page, 'task-form-timezone').selectOption(f.timezone);
  if (f.due) await byTestId(page, 'task-form-due').fill(f.due);
  if (f.recurrence) await byTestId(page, 'task-form-recurrence').selectOption(f.recurrence);
  if (f.reminder) await byTestId(page, 'task-form-reminder').selectOption(f.reminder);
  if (f.reminderCustom) await byTestId(page, 'task-form-reminder-custom').fill(f.reminderCustom);
}

/** Clicks "Create task" and returns the created task from the POST response. */
export async function saveNewTask(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/[^/]+\/tasks$/.test(new URL(r.url()).pathname)),
    byTestId(page, 'task-form-save').click(),
  ]);
  assert(response.status() === 201, `creating the task answered HTTP ${response.status()}: ${await response.text()}`);
  await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });
  return { task: await response.json(), request: response.request().postDataJSON() };
}

// ------------------------------------------------------ live instrumentation

/** Collects the JSON frames the page receives on its WebSockets. Call before goto. */
export function captureFrames(page) {
  const frames = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      try {
        frames.push({ at: Date.now(), frame: JSON.parse(typeof payload === 'string' ? payload : payload.toString()) });
      } catch {
        /* not JSON */
      }
    });
  });
  return frames;
}

export async function waitForFrame(frames, predicate, message, timeout = 5000) {
  return eventually(() => frames.find((f) => predicate(f.frame)), { timeout, message });
}

/** Marks the document; `assertNotReloaded` fails if a navigation replaced it. */
export async function markDocument(page) {
  await page.evaluate(() => {
    window.__e2eMarker = 'still-here';
  });
}
export async function assertNotReloaded(page, what) {
  const marker = await page.evaluate(() => window.__e2eMarker);
  assert(marker === 'still-here', `${what}: the page was reloaded or navigated (document marker lost)`);
}

/**
 * Records in the page (Date.now()) the first moment a condition about the
 * row titled `title` holds: 'present', 'completed' or 'absent'. Read it
 * with `watchedAt`.
 */
export async function watchRow(page, key, title, condition) {
  await page.evaluate(
    ({ key, title, condition }) => {
      const w = (window.__e2eWatch ??= {});
      const row = () =>
        [...document.querySelectorAll('[data-testid="task-row"]')].find(
          (r) => r.querySelector('[data-testid="task-title"]')?.textContent?.trim() === title,
        );
      const holds = () => {
        const r = row();
        if (condition === 'present') return !!r;
        if (condition === 'absent') return !r;
        if (condition === 'completed') return r?.getAttribute('data-completed') === 'true';
        return false;
      };
      w[key] = null;
      if (holds()) {
        w[key] = Date.now();
        return;
      }
      const obs = new MutationObserver(() => {
        if (w[key] === null && holds()) {
          w[key] = Date.now();
          obs.disconnect();
        }
      });
      obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-completed'] });
    },
    { key, title, condition },
  );
}

export async function watchedAt(page, key, timeout = 5000) {
  const handle = await page.waitForFunction((k) => window.__e2eWatch?.[k] ?? null, key, { timeout, polling: 50 });
  return handle.jsonValue();
}

/** Records in the page the time of the next click on the element with `testId`. */
export async function recordClick(page, key, testId) {
  await page.evaluate(
    ({ key, testId }) => {
      const w = (window.__e2eClicks ??= {});
      w[key] = null;
      document.addEventListener(
        'click',
        (e) => {
          if (w[key] === null && e.target instanceof Element && e.target.closest(`[data-testid="${testId}"]`)) w[key] = Date.now();
        },
        { capture: true },
      );
    },
    { key, testId },
  );
}

export async function clickedAt(page, key) {
  const t = await page.evaluate((k) => window.__e2eClicks?.[k] ?? null, key);
  assert(typeof t === 'number', `no click recorded for ${key}`);
  return t;
}

/**
 * No horizontal scrolling: neither the document nor the app's scrolling
 * area (.shell-main, where the page scrolls) is wider than the viewport.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const scroller = document.querySelector('.shell-main');
    return {
      scrollWidth: Math.max(de.scrollWidth, document.body.scrollWidth, scroller ? scroller.scrollWidth : 0),
      viewport: window.innerWidth,
      clientWidth: de.clientWidth,
    };
  });
}

/** `?` opens the shortcuts dialog listing every shortcut in order; Escape closes it. */
export async function expectShortcutsListed(page) {
  await page.keyboard.press('?');
  const help = byTestId(page, 'shortcuts-dialog');
  await help.waitFor();
  const keys = await byTestId(help, 'shortcut').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  assertEqual(keys, ['q', 'n', '/', 'j', 'k', 'x', 'e', '#', 'z', '?'], 'the shortcuts listed');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
}
