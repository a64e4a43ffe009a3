// The browser end-to-end tests. Each test gets `t` from the harness:
// t.newPage()/t.newContext() (closed after the test), t.api (HTTP client for
// seeding and server-side checks), t.shot(page, name) (screenshots under
// $TEST_OUTPUT_DIR/e2e), t.note(line) (printed under the test's result).

import fs from 'node:fs';
import path from 'node:path';
import { assert, assertAtMost, assertEqual, eventually } from './lib/harness.mjs';
import {
  assertNotReloaded,
  byTestId,
  captureFrames,
  clickedAt,
  fillTaskForm,
  horizontalOverflow,
  markDocument,
  openNewTaskForm,
  PASSWORD,
  recordClick,
  rowByTitle,
  saveNewTask,
  SESSION_KEY,
  signInUI,
  textsOf,
  uniqueEmail,
  waitForFrame,
  waitListLoaded,
  waitLive,
  watchedAt,
  watchRow,
  ZONE,
} from './lib/app.mjs';
import { addLocalDays, localDatePlusDays, wallClock, zonedToUtc } from './lib/time.mjs';

/** The product requirement: a change shows in the user's other browser within a second. */

const iso = (ms) => new Date(ms).toISOString();

async function expectRowCount(page, title, n, message) {
  await eventually(async () => (await rowByTitle(page, title).count()) === n, { message: message ?? `${n} row(s) titled "${title}"` });
}

export const tests = [
  {
    name: '1. sign-up, then create a task with tags, due date and weekly recurrence through the form',
    async fn(t) {
      const page = await t.newPage();
      await page.goto('/');
      // Signed out: the app sends us to sign-in; from there to sign-up.
      await byTestId(page, 'signin-form').waitFor();
      assertEqual(new URL(page.url()).pathname, '/sign-in', 'signed-out visit to / lands on');
      await byTestId(page, 'goto-signup').click();
      await byTestId(page, 'signup-form').waitFor();
      assertEqual(new URL(page.url()).pathname, '/sign-up', 'sign-up link goes to');

      const email = uniqueEmail('ada');
      await byTestId(page, 'signup-name').fill('Ada Lovelace');
      await byTestId(page, 'signup-email').fill(email);
      await byTestId(page, 'signup-password').fill(PASSWORD);
      await t.shot(page, '01-sign-up');
      await byTestId(page, 'signup-submit').click();

      await byTestId(page, 'user-name').waitFor();
      assertEqual((await byTestId(page, 'user-name').textContent()).trim(), 'Ada Lovelace', 'header shows the new user');
      assertEqual(new URL(page.url()).pathname, '/', 'after sign-up the app is at');
      await waitLive(page);
      await byTestId(page, 'empty-state').waitFor();

      // Through the form: title, description, priority, tags, due, reminder, weekly.
      const dueLocal = `${localDatePlusDays(3, ZONE)}T09:00`;
      const dueIso = iso(zonedToUtc(dueLocal, ZONE));
      await openNewTaskForm(page);
      assertEqual(await byTestId(page, 'task-form-timezone').inputValue(), ZONE, 'the form defaults to the browser zone');
      await fillTaskForm(page, {
        title: 'Water the plants',
        description: 'Balcony and kitchen',
        priority: 'high',
        tags: ['Home', 'garden'],
        due: dueLocal,
        reminder: '1h',
        recurrence: 'WEEKLY',
      });
      const chips = (await textsOf(byTestId(page, 'task-form-tag-chip'))).map((s) => s.replace(/[#×✕]/g, '').trim());
      assertEqual(chips, ['home', 'garden'], 'tag chips in the form (lower-cased)');
      await t.shot(page, '02-task-form');
      const { task, request } = await saveNewTask(page);

      assertEqual(request.tags, ['home', 'garden'], 'POSTed tags');
      assertEqual(request.recurrence, 'FREQ=WEEKLY', 'POSTed recurrence');
      assertEqual(request.timezone, ZONE, 'POSTed time zone');
      assertEqual(request.due_date, dueIso, 'POSTed due date (09:00 Berlin as UTC)');
      assertEqual(request.reminder_at, iso(Date.parse(dueIso) - 3600_000), 'POSTed reminder (1 h before)');
      assertEqual(task.recurrence, 'FREQ=WEEKLY', 'stored recurrence');
      assertEqual(task.status, 'pending', 'stored status');

      const row = rowByTitle(page, 'Water the plants');
      await row.waitFor();
      const checkRow = async (label) => {
        assertEqual(await row.getAttribute('data-task-id'), task.id, `${label}: row's task id`);
        assertEqual(await row.getAttribute('data-priority'), 'high', `${label}: row priority`);
        assertEqual(await row.getAttribute('data-completed'), 'false', `${label}: row completed flag`);
        assertEqual(await textsOf(byTestId(row, 'task-tag')), ['#home', '#garden'], `${label}: row tags`);
        assertEqual((await byTestId(row, 'task-priority').textContent()).replace('Priority:', '').trim(), 'High', `${label}: priority badge`);
        const rec = byTestId(row, 'task-recurrence-indicator');
        assert(await rec.isVisible(), `${label}: recurrence indicator is visible`);
        assertEqual((await rec.textContent()).trim(), 'Weekly', `${label}: recurrence indicator text`);
        assertEqual(await byTestId(row, 'task-due').locator('time').getAttribute('datetime'), dueIso, `${label}: due date on the row`);
        const rem = byTestId(row, 'task-reminder-indicator');
        assertEqual(await rem.getAttribute('data-sent'), 'false', `${label}: reminder indicator not sent`);
        assert((await rem.textContent()).includes('1 hour before'), `${label}: reminder indicator says "1 hour before", got "${await rem.textContent()}"`);
      };
      await checkRow('after create');
      await eventually(async () => (await byTestId(page, 'stat-total').textContent()).trim() === '1', { message: 'stats total = 1' });

      // It was stored, not just drawn: a reload shows the same row.
      await page.reload();
      await row.waitFor();
      await checkRow('after reload');

      // A fuller list for the screenshot (created through the API, shown live).
      const account = { user: { id: task.user_id }, token: await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).token, SESSION_KEY) };
      await waitLive(page);
      const extra = [
        { title: 'Pay rent', priority: 'high', tags: ['home', 'bills'], due_date: iso(zonedToUtc(`${localDatePlusDays(6, ZONE)}T10:00`, ZONE)), recurrence: 'FREQ=MONTHLY', timezone: ZONE },
        { title: 'Book dentist appointment', priority: 'medium', tags: ['health'], due_date: iso(zonedToUtc(`${localDatePlusDays(1, ZONE)}T16:30`, ZONE)), reminder_at: iso(zonedToUtc(`${localDatePlusDays(1, ZONE)}T16:15`, ZONE)), timezone: ZONE },
        { title: 'Read “The Pragmatic Programmer”', priority: 'low', tags: ['books'], timezone: ZONE },
      ];
      for (const body of extra) await t.api.createTask(account, body);
      for (const body of extra) await rowByTitle(page, body.title).waitFor();
      // the stats follow live changes too (debounced refetch)
      await eventually(async () => (await byTestId(page, 'stat-total').textContent()).trim() === '4', { message: 'stats total = 4 after live creates' });
      assertEqual((await byTestId(page, 'stat-pending').textContent()).trim(), '4', 'stats pending');
      await t.shot(page, '03-task-list');
      // The README's picture is refreshed on request only, so a test run
      // never leaves the checkout modified.
      if (process.env.E2E_UPDATE_DOCS === '1') {
        fs.mkdirSync(path.dirname(t.docsScreenshot), { recursive: true });
        fs.copyFileSync(path.join(t.outDir, '03-task-list.png'), t.docsScreenshot);
      }
    },
  },

  {
    name: '2. a second browser of the same user sees create, complete and delete live',
    async fn(t) {
      const account = await t.api.signUp('grace');
      const a = await t.newPage();
      const b = await t.newPage();
      await signInUI(a, account);
      await signInUI(b, account);
      for (const [p, label] of [[a, 'A'], [b, 'B']]) {
        const st = byTestId(p, 'live-status');
        assertEqual(await st.getAttribute('data-state'), 'live', `context ${label} connection indicator`);
        assert((await st.textContent()).includes('Live'), `context ${label} indicator says Live`);
        await waitListLoaded(p);
        // The default view lists pending tasks only; "All" keeps a completed task in view.
        await byTestId(p, 'filter-status-all').check();
        await waitListLoaded(p);
      }
      await markDocument(b);
      const title = 'Buy oat milk';

      // create in A → appears in B
      await watchRow(b, 'created', title, 'present');
      await openNewTaskForm(a);
      await fillTaskForm(a, { title, tags: ['shopping'] });
      await recordClick(a, 'save', 'task-form-save');
      await saveNewTask(a);
      const createdInB = await watchedAt(b, 'created');
      const createLatency = createdInB - (await clickedAt(a, 'save'));
      // Arrival and order are asserted; how fast is measured (bench/), and
      // only reported here.
      t.note(`create: click in A → row in B ${createLatency} ms`);
      assert(createLatency >= 0, 'the row appeared in B after the click in A, not before');
      const rowB = rowByTitle(b, title);
      assertEqual(await textsOf(byTestId(rowB, 'task-tag')), ['#shopping'], 'B shows the tags');

      // complete in A → completed in B
      await watchRow(b, 'completed', title, 'completed');
      await recordClick(a, 'check', 'task-checkbox');
      await byTestId(rowByTitle(a, title), 'task-checkbox').check();
      const completeLatency = (await watchedAt(b, 'completed')) - (await clickedAt(a, 'check'));
      t.note(`complete: click in A → completed in B ${completeLatency} ms`);
      assert(completeLatency >= 0, 'B showed the completion after the click in A');
      assert(await byTestId(rowB, 'task-checkbox').isChecked(), 'B shows the checkbox checked');

      // delete in A (confirmed) → gone in B
      await watchRow(b, 'deleted', title, 'absent');
      await byTestId(rowByTitle(a, title), 'task-delete').click();
      await byTestId(a, 'confirm-dialog').waitFor();
      await recordClick(a, 'confirm', 'confirm-delete');
      await byTestId(a, 'confirm-delete').click();
      const deleteLatency = (await watchedAt(b, 'deleted')) - (await clickedAt(a, 'confirm'));
      t.note(`delete: confirm in A → row gone in B ${deleteLatency} ms`);
      assert(deleteLatency >= 0, 'the row left B after the confirmation in A');
      await expectRowCount(a, title, 0);

      await assertNotReloaded(b, 'context B');
      assertEqual(await byTestId(b, 'live-status').getAttribute('data-state'), 'live', 'B still live at the end');
    },
  },

  {
    name: '3. completing a weekly task shows its next occurrence live, a week later',
    async fn(t) {
      const account = await t.api.signUp('linus');
      const page = await t.newPage();
      const frames = captureFrames(page);
      await signInUI(page, account);
      await waitListLoaded(page);

      const title = 'Take out the recycling';
      const dueLocal = `${localDatePlusDays(1, ZONE)}T07:30`;
      await openNewTaskForm(page);
      await fillTaskForm(page, { title, due: dueLocal, recurrence: 'WEEKLY', tags: ['chores'], reminder: '1h' });
      const { task } = await saveNewTask(page);
      await expectRowCount(page, title, 1);
      await markDocument(page);

      await recordClick(page, 'complete', 'task-checkbox');
      // by id: the title will soon name the next occurrence as well
      await page.locator(`[data-testid="task-row"][data-task-id="${task.id}"] [data-testid="task-checkbox"]`).click();
      const completedAt = await clickedAt(page, 'complete');

      // the default view lists pending tasks: the completed one leaves, its next occurrence arrives
      const nextDueIso = iso(zonedToUtc(addLocalDays(dueLocal, 7), ZONE));
      const done = page.locator(`[data-testid="task-row"][data-task-id="${task.id}"]`);
      await done.waitFor({ state: 'detached' });
      const next = rowByTitle(page, title).and(page.locator('[data-completed="false"]'));
      await next.waitFor();
      await expectRowCount(page, title, 1, `only the next occurrence titled "${title}" in the default (pending) view`);
      assertEqual(await byTestId(next, 'task-due').locator('time').getAttribute('datetime'), nextDueIso, 'next occurrence due (same wall-clock time, 7 days later)');
      assertEqual((await byTestId(next, 'task-recurrence-indicator').textContent()).trim(), 'Weekly', 'next occurrence repeats weekly');
      assertEqual(await textsOf(byTestId(next, 'task-tag')), ['#chores'], 'next occurrence keeps the tags');
      const nextReminder = byTestId(next, 'task-reminder-indicator');
      assert((await nextReminder.textContent()).includes('1 hour before'), `next occurrence keeps the reminder offset: "${await nextReminder.textContent()}"`);
      assertEqual(await nextReminder.getAttribute('data-sent'), 'false', 'next occurrence reminder not sent');
      const nextId = await next.getAttribute('data-task-id');
      assert(nextId && nextId !== task.id, 'the next occurrence is a new task');
      // the Completed tab has the original
      await byTestId(page, 'filter-status-completed').check();
      await done.waitFor();
      assertEqual(await done.getAttribute('data-completed'), 'true', 'the original row is completed');
      await byTestId(page, 'filter-status-pending').check();
      await next.waitFor();

      // it came over the WebSocket (not only the app's 1.5 s fallback refetch)
      const f = await waitForFrame(frames, (fr) => fr.type === 'task.created' && fr.task?.parent_task_id === task.id, 'a task.created frame for the next occurrence');
      assertEqual(f.frame.task.id, nextId, 'the live frame is the shown next occurrence');
      t.note(`next occurrence frame arrived ${f.at - completedAt} ms after the click`);
      await assertNotReloaded(page, 'the page');

      // exactly one next occurrence on the server
      const { items } = await t.api.listTasks(account);
      assertEqual(items.filter((x) => x.title === title).length, 2, 'tasks with that title on the server');
    },
  },

  {
    name: '4. a reminder 2 s ahead shows a toast, counts on the bell, is listed, and mark-all-read clears it',
    async fn(t) {
      const account = await t.api.signUp('margaret');
      const page = await t.newPage();
      const frames = captureFrames(page);
      await signInUI(page, account);
      await waitListLoaded(page);
      assertEqual(await byTestId(page, 'bell-count').getAttribute('data-count'), '0', 'bell count before');

      const title = 'Call the plumber';
      const dueLocal = `${localDatePlusDays(1, ZONE)}T12:00`;
      await openNewTaskForm(page);
      await fillTaskForm(page, { title, due: dueLocal, reminder: 'custom' });
      // The custom reminder is a datetime-local input; its value may carry
      // seconds, which the form keeps. Aim 2 s ahead (rounded up to the
      // whole second the input holds), then save at once.
      const aimed = Math.ceil((Date.now() + 2000) / 1000) * 1000;
      // Chromium normalises "hh:mm:00" to "hh:mm", which Playwright's fill()
      // would report as a malformed value: drop zero seconds ourselves.
      const custom = wallClock(aimed, ZONE, { seconds: true }).replace(/:00$/, '');
      await byTestId(page, 'task-form-reminder-custom').fill(custom);
      const { task, request } = await saveNewTask(page);
      const reminderAt = Date.parse(task.reminder_at);
      assertEqual(request.reminder_at, iso(aimed), 'POSTed reminder_at (the custom time, to the second)');
      const lead = reminderAt - Date.parse(task.created_at);
      assert(lead > 0, `the reminder was still ahead when the task was created (lead ${lead} ms)`);
      t.note(`reminder set via the form's custom field (with seconds), ${lead} ms ahead of creation`);
      const row = rowByTitle(page, title);
      assertEqual(await byTestId(row, 'task-reminder-indicator').getAttribute('data-sent'), 'false', 'indicator before it fires');

      const toast = page.locator('[data-testid="toast"][data-kind="notification"]').filter({ hasText: title });
      await toast.waitFor({ timeout: 8000 });
      const nf = await waitForFrame(frames, (f) => f.type === 'notification.created' && f.notification?.task_id === task.id, 'the notification.created frame');
      t.note(`notification frame reached the browser ${nf.at - reminderAt} ms after reminder_at`);
      await eventually(async () => (await byTestId(page, 'bell-count').getAttribute('data-count')) === '1', { message: 'bell count 1' });
      assertEqual((await byTestId(page, 'bell-count').textContent()).trim(), '1', 'bell count text');
      await eventually(async () => (await byTestId(row, 'task-reminder-indicator').getAttribute('data-sent')) === 'true', {
        message: 'the row marks the reminder as sent',
      });

      await byTestId(page, 'bell').click();
      const panel = byTestId(page, 'notification-panel');
      await panel.waitFor();
      const item = byTestId(panel, 'notification-item');
      await eventually(async () => (await item.count()) === 1, { message: 'one notification in the panel' });
      assert((await item.textContent()).includes(title), `the notification names the task: "${await item.textContent()}"`);
      assertEqual(await item.getAttribute('data-read'), 'false', 'notification unread');
      await t.shot(page, '04-notifications');

      await byTestId(panel, 'notifications-mark-all-read').click();
      await eventually(async () => (await byTestId(page, 'bell-count').getAttribute('data-count')) === '0', { message: 'bell count back to 0' });
      assert(!(await byTestId(page, 'bell-count').isVisible()), 'the count badge is hidden at 0');
      await eventually(async () => (await item.getAttribute('data-read')) === 'true', { message: 'notification shown as read' });
      const server = await t.api.expectStatus(200, 'GET', `/api/${account.user.id}/notifications?unread=true`, { token: account.token });
      assertEqual(server.unread_count, 0, 'unread count on the server');
    },
  },

  {
    name: "5. user B sees none of user A's tasks, at load or live",
    async fn(t) {
      const alice = await t.api.signUp('alice');
      const bob = await t.api.signUp('bob');
      await t.api.createTask(alice, { title: 'Alice: secret plan', tags: ['private'] });

      const a = await t.newPage();
      const b = await t.newPage();
      const framesA = captureFrames(a);
      const framesB = captureFrames(b);
      await signInUI(a, alice);
      await signInUI(b, bob);
      await rowByTitle(a, 'Alice: secret plan').waitFor();
      await byTestId(b, 'empty-state').waitFor();
      await eventually(async () => (await byTestId(b, 'stat-total').textContent()).trim() === '0', { message: "B's total at load = 0" });

      // A creates a task; A's own live connection receiving its frame proves it propagated.
      const aliceTitle = 'Alice: birthday present for Bob';
      await openNewTaskForm(a);
      await fillTaskForm(a, { title: aliceTitle, tags: ['private'] });
      const { task: aliceTask } = await saveNewTask(a);
      await rowByTitle(a, aliceTitle).waitFor();
      await waitForFrame(framesA, (f) => f.type === 'task.created' && f.task?.id === aliceTask.id, "A's live frame for its new task");

      // B's own change, published after A's, reaching B proves B's socket is
      // live and already past A's event.
      const bobTask = await t.api.createTask(bob, { title: 'Bob: own task' });
      await waitForFrame(framesB, (f) => f.type === 'task.created' && f.task?.id === bobTask.id, "B's live frame for its own task");
      await rowByTitle(b, 'Bob: own task').waitFor();

      assertEqual(await byTestId(b, 'task-row').count(), 1, "B's rows (only its own)");
      assertEqual(await rowByTitle(b, aliceTitle).count(), 0, "B shows A's new task");
      assertEqual(await rowByTitle(b, 'Alice: secret plan').count(), 0, "B shows A's old task");
      const leaked = framesB.filter(({ frame }) => JSON.stringify(frame).includes(alice.user.id));
      assertEqual(leaked.length, 0, "frames on B's socket that mention A");
      const hello = framesB.find(({ frame }) => frame.type === 'hello');
      assert(hello && hello.frame.user_id === bob.user.id, "B's socket greeted B");
      await eventually(async () => (await byTestId(b, 'stat-total').textContent()).trim() === '1', { message: "B's total = 1" });

      // and after a reload of B
      await b.reload();
      await rowByTitle(b, 'Bob: own task').waitFor();
      assertEqual(await byTestId(b, 'task-row').count(), 1, "B's rows after reload");

      // the API refuses B on A's data
      const forbidden = await t.api.call('GET', `/api/${alice.user.id}/tasks`, { token: bob.token });
      assertEqual(forbidden.status, 403, "B listing A's tasks");
      const notFound = await t.api.call('GET', `/api/${bob.user.id}/tasks/${aliceTask.id}`, { token: bob.token });
      assertEqual(notFound.status, 404, "B reading A's task id under its own path");
    },
  },

  {
    name: '6. sign out, reload stays signed out, sign in again; reload while signed in stays signed in',
    async fn(t) {
      const account = await t.api.signUp('barbara');
      await t.api.createTask(account, { title: 'Renew passport', priority: 'high' });
      const page = await t.newPage();
      await signInUI(page, account);
      await rowByTitle(page, 'Renew passport').waitFor();

      await page.reload();
      await byTestId(page, 'user-name').waitFor();
      await rowByTitle(page, 'Renew passport').waitFor();
      await waitLive(page);

      await byTestId(page, 'sign-out').click();
      await byTestId(page, 'signin-form').waitFor();
      assertEqual(new URL(page.url()).pathname, '/sign-in', 'after sign-out the app is at');
      assertEqual(await page.evaluate((k) => localStorage.getItem(k), SESSION_KEY), null, 'stored session after sign-out');

      await page.reload();
      await byTestId(page, 'signin-form').waitFor();
      assertEqual(await byTestId(page, 'user-name').count(), 0, 'no signed-in header after reload');
      await page.goto('/');
      await byTestId(page, 'signin-form').waitFor();
      assertEqual(new URL(page.url()).pathname, '/sign-in', 'signed-out visit to / lands on');

      // wrong password first: stays on sign-in with a message
      await byTestId(page, 'signin-email').fill(account.email);
      await byTestId(page, 'signin-password').fill('not the password');
      await byTestId(page, 'signin-submit').click();
      await byTestId(page, 'auth-error').waitFor();
      assertEqual((await byTestId(page, 'auth-error').textContent()).trim(), 'Wrong email or password.', 'wrong-password message');

      await byTestId(page, 'signin-password').fill(account.password);
      await byTestId(page, 'signin-submit').click();
      await rowByTitle(page, 'Renew passport').waitFor();
      assertEqual(new URL(page.url()).pathname, '/', 'after sign-in the app is at');
      await waitLive(page);
    },
  },

  {
    name: '7. validation errors are shown next to their field',
    async fn(t) {
      const account = await t.api.signUp('edsger');
      const page = await t.newPage();
      await signInUI(page, account);
      await waitListLoaded(page);
      const posts = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && /\/tasks$/.test(new URL(r.url()).pathname)) posts.push(r);
      });

      const fieldOf = (testId) => byTestId(page, testId).locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " field ")][1]');
      const assertNextTo = async (inputTestId, errorTestId, what) => {
        const err = byTestId(fieldOf(inputTestId), errorTestId);
        assert(await err.isVisible(), `${what}: ${errorTestId} is shown inside the field of ${inputTestId}`);
        const text = (await err.textContent()).trim();
        const errId = await err.getAttribute('id');
        const describedBy = (await byTestId(page, inputTestId).getAttribute('aria-describedby')) ?? '';
        assert(describedBy.split(' ').includes(errId), `${what}: ${inputTestId} is aria-describedby its error (${describedBy} / ${errId})`);
        assertEqual(await byTestId(page, inputTestId).getAttribute('aria-invalid'), 'true', `${what}: ${inputTestId} aria-invalid`);
        return text;
      };

      // empty title
      await openNewTaskForm(page);
      await byTestId(page, 'task-form-title').fill('   ');
      await byTestId(page, 'task-form-save').click();
      const titleErr = await assertNextTo('task-form-title', 'field-error-title', 'empty title');
      assertEqual(titleErr, 'Give the task a title.', 'title error text');
      assertEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'task-form-title', 'focus moves to the invalid title');
      // typing clears it
      await byTestId(page, 'task-form-title').fill('Write the report');
      await byTestId(page, 'field-error-title').waitFor({ state: 'detached' });

      // reminder after the due time
      const day = localDatePlusDays(2, ZONE);
      await fillTaskForm(page, { due: `${day}T09:00`, reminder: 'custom', reminderCustom: `${day}T10:00` });
      await byTestId(page, 'task-form-save').click();
      const remErr = await assertNextTo('task-form-reminder', 'field-error-reminder_at', 'reminder after due');
      assertEqual(remErr, 'The reminder must not be after the due time.', 'reminder error text');

      // a repeating task without a due date
      await byTestId(page, 'task-form-due-clear').click();
      await fillTaskForm(page, { reminder: 'none', recurrence: 'DAILY' });
      await byTestId(page, 'task-form-save').click();
      const recErr = await assertNextTo('task-form-recurrence', 'field-error-recurrence', 'repeat without due date');
      assertEqual(recErr, 'A repeating task needs a due date.', 'recurrence error text');
      await t.shot(page, '07-validation');
      assertEqual(posts.length, 0, 'POSTs sent while the form was invalid');

      // corrected: it saves
      await fillTaskForm(page, { due: `${day}T09:00`, reminder: 'custom', reminderCustom: `${day}T08:30` });
      const { task } = await saveNewTask(page);
      assertEqual(task.reminder_at, iso(zonedToUtc(`${day}T08:30`, ZONE)), 'saved reminder');
      await rowByTitle(page, 'Write the report').waitFor();

      // the server's 422 for what the form lets through also lands next to a field
      const r = await t.api.call('POST', `/api/${account.user.id}/tasks`, { token: account.token, body: { title: 'x', tags: ['Not valid!'] } });
      assertEqual(r.status, 422, 'server answer to an invalid tag');
      assertEqual(r.json?.error?.details?.[0]?.field?.startsWith('tags'), true, 'the 422 names the tags field');
    },
  },

  {
    name: '8. keyboard-only task creation; at 375 px no horizontal scrolling and the list and "New task" work',
    async fn(t) {
      const account = await t.api.signUp('alan');
      await t.api.createTask(account, {
        title: 'A rather long task title that has to wrap nicely on a small phone screen without overflowing',
        priority: 'high',
        tags: ['errands', 'very-long-tag-name-number-one', 'another-long-tag-name', 'x'],
        due_date: iso(zonedToUtc(`${localDatePlusDays(2, ZONE)}T18:00`, ZONE)),
        reminder_at: iso(zonedToUtc(`${localDatePlusDays(2, ZONE)}T17:00`, ZONE)),
        recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
        timezone: ZONE,
      });

      // --- keyboard only (desktop)
      const page = await t.newPage();
      await signInUI(page, account);
      await waitListLoaded(page);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
      await page.locator('body').focus().catch(() => undefined);
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      const tabTo = async (testId, max = 40) => {
        for (let i = 0; i < max; i++) {
          if ((await focused()) === testId) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`Tab never reached ${testId} (stuck at ${await focused()})`);
      };
      await tabTo('new-task');
      await page.keyboard.press('Enter');
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await focused(), 'task-form-title', 'focus starts in the title');
      await page.keyboard.type('Keyboard only task');
      await page.keyboard.press('Tab');
      assertEqual(await focused(), 'task-form-description', 'Tab → description');
      await page.keyboard.type('Typed without a mouse');
      await page.keyboard.press('Tab');
      assertEqual(await focused(), 'task-form-priority', 'Tab → priority');
      await page.keyboard.press('ArrowDown'); // medium → low
      assertEqual(await byTestId(page, 'task-form-priority').inputValue(), 'low', 'priority chosen with the arrow key');
      await page.keyboard.press('Tab');
      assertEqual(await focused(), 'task-form-tags', 'Tab → tags');
      await page.keyboard.type('kbd');
      await page.keyboard.press('Enter');
      assertEqual((await textsOf(byTestId(page, 'task-form-tag-chip'))).length, 1, 'one tag chip added with Enter');
      await tabTo('task-form-save');
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && /\/tasks$/.test(new URL(r.url()).pathname)),
        page.keyboard.press('Enter'),
      ]);
      assertEqual(resp.status(), 201, 'create answered');
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });
      const row = rowByTitle(page, 'Keyboard only task');
      await row.waitFor();
      assertEqual(await row.getAttribute('data-priority'), 'low', 'keyboard task priority');
      assertEqual(await textsOf(byTestId(row, 'task-tag')), ['#kbd'], 'keyboard task tags');
      assertEqual(await focused(), 'new-task', 'focus returns to "New task" after the dialog closes');
      // complete it with the keyboard too ("n" shortcut is covered by the form; here Space on the checkbox)
      await tabTo('task-checkbox');
      const focusedRowId = await page.evaluate(() => document.activeElement?.closest('[data-testid="task-row"]')?.getAttribute('data-task-id'));
      assertEqual(focusedRowId, await row.getAttribute('data-task-id'), 'the first checkbox reached is the new task (newest first)');
      const keyboardTaskId = await row.getAttribute('data-task-id');
      await page.keyboard.press('Space');
      // completed: it leaves the default (pending) view
      await row.waitFor({ state: 'detached' });
      const stored = await t.api.expectStatus(200, 'GET', `/api/${account.user.id}/tasks/${keyboardTaskId}`, { token: account.token });
      assertEqual(stored.completed, true, 'completed with Space (server)');

      // --- phone, 375 px wide
      const phone = await t.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await phone.goto('/sign-in');
      await byTestId(phone, 'signin-form').waitFor();
      let o = await horizontalOverflow(phone);
      assertAtMost(o.scrollWidth, o.viewport, 'sign-in page width at 375 px (scrollWidth vs viewport)');
      await signInUI(phone, account);
      await byTestId(phone, 'task-row').first().waitFor();
      o = await horizontalOverflow(phone);
      assertEqual(o.viewport, 375, 'viewport width');
      assertAtMost(o.scrollWidth, o.viewport, 'task list width at 375 px (scrollWidth vs viewport)');
      for (const r of await byTestId(phone, 'task-row').all()) {
        const box = await r.boundingBox();
        assert(box && box.x >= 0 && box.x + box.width <= 375.5, `a row fits in 375 px: ${JSON.stringify(box)}`);
      }
      const newBtn = byTestId(phone, 'new-task');
      const nb = await newBtn.boundingBox();
      assert(nb && nb.x >= 0 && nb.x + nb.width <= 375.5 && nb.y >= 0, `"New task" is on screen: ${JSON.stringify(nb)}`);
      await t.shot(phone, '05-phone-375');

      await newBtn.tap();
      await byTestId(phone, 'task-dialog').waitFor();
      await fillTaskForm(phone, { title: 'Added on the phone', tags: ['mobile'], due: `${localDatePlusDays(1, ZONE)}T08:00` });
      o = await horizontalOverflow(phone);
      assertAtMost(o.scrollWidth, o.viewport, 'width with the form open at 375 px');
      const dlg = await byTestId(phone, 'task-dialog').boundingBox();
      assert(dlg && dlg.x >= 0 && dlg.x + dlg.width <= 375.5, `the form fits the phone: ${JSON.stringify(dlg)}`);
      await t.shot(phone, '06-phone-375-form');
      await saveNewTask(phone);
      const phoneRow = rowByTitle(phone, 'Added on the phone');
      await phoneRow.waitFor();
      const phoneTaskId = await phoneRow.getAttribute('data-task-id');
      await byTestId(phoneRow, 'task-checkbox').tap();
      await phoneRow.waitFor({ state: 'detached' });
      const phoneTask = await t.api.expectStatus(200, 'GET', `/api/${account.user.id}/tasks/${phoneTaskId}`, { token: account.token });
      assertEqual(phoneTask.completed, true, 'completed by a tap on the phone (server)');
      o = await horizontalOverflow(phone);
      assertAtMost(o.scrollWidth, o.viewport, 'task list width at 375 px after adding a task');
      // the desktop context saw it live as well (on the Completed tab now)
      await byTestId(page, 'filter-status-completed').check();
      await rowByTitle(page, 'Added on the phone').waitFor();
    },
  },
];
