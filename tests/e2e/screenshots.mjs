#!/usr/bin/env node
// The pictures of docs/user-guide.md, taken from the real app with Debian's
// chromium: a fresh database, the platform binary, a demo account with a few
// projects and tasks (dates relative to today), then one PNG per screen.
//
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node screenshots.mjs
//
// Same variables as run.mjs (TODO_PLATFORM_BIN, CHROMIUM_PATH, TEST_PG_BIN,
// E2E_BASE_URL to use a system that is already running), plus
// SCREENSHOTS_DIR (default ../../docs/user-guide); the platform's log goes to
// $TEST_OUTPUT_DIR/screenshots. Every wait is a condition
// with a deadline, as in the tests. Exit code 0 when every picture was taken.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiClient, byTestId, signInUI, waitListLoaded, ZONE } from './lib/app.mjs';
import { eventually } from './lib/harness.mjs';
import { createDatabase, startPlatform } from './lib/platform.mjs';
import { localDatePlusDays, zonedToUtc } from './lib/time.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.resolve(process.env.SCREENSHOTS_DIR ?? path.join(root, 'docs/user-guide'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const baseUrl = process.env.E2E_BASE_URL;
const adminUrl = process.env.TEST_DATABASE_URL;

function fail(message) {
  console.error(`screenshots: ${message}`);
  process.exit(2);
}
if (!baseUrl && !adminUrl) fail('set TEST_DATABASE_URL (or E2E_BASE_URL), as for run.mjs');
const bin = path.resolve(here, process.env.TODO_PLATFORM_BIN ?? '../../build/dev/bin/todo-platform');
if (!baseUrl && !fs.existsSync(bin)) fail(`no platform binary at ${bin} (build it, or set TODO_PLATFORM_BIN)`);
const webRoot = path.resolve(root, 'web/dist');
if (!fs.existsSync(path.join(webRoot, 'index.html'))) fail(`no built web app at ${webRoot} (cd web && npm ci && npm run build)`);
if (!fs.existsSync(chromiumPath)) fail(`no chromium at ${chromiumPath}`);
fs.mkdirSync(outDir, { recursive: true });

const iso = (ms) => new Date(ms).toISOString();
const dayAt = (days, hhmm) => iso(zonedToUtc(`${localDatePlusDays(days, ZONE)}T${hhmm}`, ZONE));

let db = null;
let platform = null;
let browser = null;
async function cleanup() {
  if (browser) await browser.close().catch(() => undefined);
  browser = null;
  if (platform) await platform.stop().catch(() => undefined);
  platform = null;
  if (db) await db.drop().catch((e) => console.error(`screenshots: could not drop ${db.name}: ${e.message}`));
  db = null;
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().finally(() => process.exit(130)));

/** A demo account: three projects and a week of tasks around today. */
async function seed(api) {
  const ada = await api.signUp('ada', 'Ada Lovelace');
  const base = `/api/${ada.user.id}`;
  const call = (status, method, p, body) => api.expectStatus(status, method, `${base}${p}`, { token: ada.token, body });
  const home = await call(201, 'POST', '/projects', { name: 'Home', color: 'green' });
  const work = await call(201, 'POST', '/projects', { name: 'Work', color: 'blue' });
  const bills = await call(201, 'POST', '/projects', { name: 'Bills', color: 'orange' });
  const task = (body) => call(201, 'POST', '/tasks', { timezone: ZONE, ...body });
  await task({ title: 'Renew the car insurance', priority: 'high', due_date: dayAt(-1, '17:00'), project_id: bills.id, tags: ['car'] });
  await task({ title: 'Call the dentist', due_date: dayAt(0, '15:30'), reminder_at: dayAt(0, '15:00'), project_id: home.id, tags: ['health'] });
  await task({ title: 'Prepare the sprint review', priority: 'high', due_date: dayAt(1, '10:00'), project_id: work.id, tags: ['team'] });
  await task({ title: 'Water the plants', due_date: dayAt(2, '08:00'), recurrence: 'FREQ=WEEKLY', project_id: home.id });
  await task({ title: 'Send the quarterly report', due_date: dayAt(4, '12:00'), project_id: work.id });
  await task({ title: 'Renew the passport', priority: 'low', due_date: dayAt(25, '09:00') });
  await task({ title: 'Read “The Pragmatic Programmer”', priority: 'low', tags: ['books'] });
  await task({ title: 'Buy a birthday present for Grace', tags: ['family'] });
  const done = await task({ title: 'Book the train tickets', project_id: work.id });
  await call(200, 'PATCH', `/tasks/${done.id}/complete`, { completed: true });
  const old = await task({ title: 'Old shopping list', project_id: home.id });
  await call(204, 'DELETE', `/tasks/${old.id}`);
  return { ada, home, work, bills };
}

const taken = [];
async function shot(page, name, what) {
  // the page has settled: no skeleton rows, fonts loaded, two frames painted
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  taken.push(`${name}.png — ${what}`);
}

/** Closes the toasts, so they do not sit in the next picture. */
async function dismissToasts(page) {
  await eventually(
    async () => {
      const close = page.locator('[data-testid="toast"] [aria-label="Dismiss"]');
      if ((await close.count()) === 0) return true;
      await close.first().click();
      return false;
    },
    { message: 'no toasts' },
  );
}

async function title(page, expected) {
  await eventually(async () => (await byTestId(page, 'view-title').textContent()).trim() === expected, { message: `the view "${expected}"` });
  await waitListLoaded(page);
  await eventually(async () => (await page.locator('.skeleton').count()) === 0, { message: 'loaded' });
}

let ok = false;
try {
  let url = baseUrl;
  if (!url) {
    db = await createDatabase(adminUrl);
    const logDir = path.join(process.env.TEST_OUTPUT_DIR ?? path.join(root, 'test-output'), 'screenshots');
    fs.mkdirSync(logDir, { recursive: true });
    platform = startPlatform({ bin, databaseUrl: db.url, webRoot, logFile: path.join(logDir, 'platform.log') });
    ({ url } = await platform.ready);
  }
  const api = apiClient(url);
  const { ada, home, bills } = await seed(api);
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true });
  const ctx = await browser.newContext({ baseURL: url, locale: 'en-US', timezoneId: ZONE, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', colorScheme: 'light' });
  ctx.setDefaultTimeout(10_000);
  const page = await ctx.newPage();
  await signInUI(page, ada);
  await title(page, 'Inbox');
  await eventually(async () => (await byTestId(page, 'project-nav').count()) === 3, { message: 'the projects' });
  await shot(page, 'inbox', 'the Inbox, the sidebar with counts');

  await byTestId(page, 'quick-add-input').fill('Pay rent every month on the 1st 9am #bills p1 remind me 1h before');
  await page.locator('[data-testid="quick-add-preview"][data-state="ready"]').waitFor();
  await shot(page, 'quick-add', 'quick add showing what it recognised');
  await byTestId(page, 'quick-add-input').press('Enter');
  await page.locator('[data-testid="toast"]').filter({ hasText: 'Added “Pay rent” to Bills' }).waitFor();
  await dismissToasts(page);

  await byTestId(page, 'nav-today').click();
  await title(page, 'Today');
  await shot(page, 'today', 'Today: overdue and due today');

  await byTestId(page, 'nav-upcoming').click();
  await title(page, 'Upcoming');
  await shot(page, 'upcoming', 'Upcoming: the next 7 days, then later');

  await page.locator(`[data-testid="project-nav"][data-project-id="${bills.id}"]`).click();
  await title(page, 'Bills');
  await shot(page, 'project', 'a project with its actions');

  await byTestId(page, 'add-project').click();
  await byTestId(page, 'project-form-name').fill('Garden');
  await byTestId(page, 'project-color-teal').check();
  await shot(page, 'project-dialog', 'a new project: name and colour');
  await byTestId(page, 'project-form-cancel').click();
  await byTestId(page, 'project-dialog').waitFor({ state: 'hidden' });

  await byTestId(page, 'project-delete').click();
  await byTestId(page, 'delete-project-dialog').waitFor();
  await byTestId(page, 'delete-project-move').waitFor();
  await shot(page, 'delete-project', 'deleting a project: its tasks go to the Inbox or the Trash');
  await byTestId(page, 'cancel-delete-project').click();

  await page.locator(`[data-testid="project-nav"][data-project-id="${home.id}"]`).click();
  await title(page, 'Home');
  await byTestId(page, 'new-task').click();
  await byTestId(page, 'task-form-title').fill('Fix the garden gate');
  await byTestId(page, 'task-form-project').focus();
  await shot(page, 'task-form', 'the task form with the project picker');
  await byTestId(page, 'task-form-cancel').click();
  await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });

  const row = page.locator('[data-testid="task-row"]').filter({ hasText: 'Water the plants' });
  await byTestId(row, 'task-delete').click();
  await byTestId(page, 'confirm-delete').click();
  await byTestId(page, 'undo-delete').waitFor();
  await shot(page, 'undo', 'the Undo toast after a delete');
  await byTestId(page, 'undo-delete').click();
  await row.waitFor();
  await dismissToasts(page);

  await byTestId(page, 'nav-completed').click();
  await title(page, 'Completed');
  await shot(page, 'completed', 'Completed, with the completion time');

  await byTestId(page, 'nav-trash').click();
  await title(page, 'Trash');
  await shot(page, 'trash', 'the Trash with Restore');

  await byTestId(page, 'nav-inbox').click();
  await title(page, 'Inbox');
  await page.keyboard.press('?');
  await byTestId(page, 'shortcuts-dialog').waitFor();
  await shot(page, 'shortcuts', 'the keyboard shortcuts');
  await page.keyboard.press('Escape');

  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await byTestId(page, 'nav-upcoming').click();
  await title(page, 'Upcoming');
  await shot(page, 'dark', 'the dark scheme (follows the system)');

  const phone = await browser.newContext({ baseURL: url, locale: 'en-US', timezoneId: ZONE, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, reducedMotion: 'reduce' });
  const p = await phone.newPage();
  await signInUI(p, ada);
  await title(p, 'Inbox');
  await byTestId(p, 'nav-toggle').tap();
  await byTestId(p, 'sidebar').waitFor();
  await shot(p, 'phone-menu', 'a phone: the views menu');
  await byTestId(p, 'nav-today').tap();
  await title(p, 'Today');
  await shot(p, 'phone-today', 'a phone: Today');
  await phone.close();
  ok = true;
} catch (e) {
  console.error(`screenshots: ${e.stack || e.message}`);
} finally {
  await cleanup();
}
for (const line of taken) console.log(`  ${line}`);
console.log(`screenshots: ${taken.length} in ${outDir}${ok ? '' : ' (stopped early)'}`);
process.exit(ok ? 0 : 1);
