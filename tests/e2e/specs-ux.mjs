// Browser tests of the UX and accessibility fixes: tag suggestions, the
// default view, sort directions, stat cards, 412 merges, toasts, offline vs
// 503, dates, accessibility (axe), reminder actions, keyboard shortcuts and
// a strict Content-Security-Policy. Same harness and rules as specs.mjs:
// every wait is a condition with a deadline, never a sleep or a timing
// threshold.

import { assert, assertEqual, eventually } from './lib/harness.mjs';
import { axeVersion, describeViolations, scanBothSchemes } from './lib/a11y.mjs';
import {
  byTestId,
  captureFrames,
  expectShortcutsListed,
  fillTaskForm,
  horizontalOverflow,
  openNewTaskForm,
  rowByTitle,
  saveNewTask,
  signInUI,
  textsOf,
  waitForFrame,
  waitListLoaded,
  waitLive,
  ZONE,
} from './lib/app.mjs';
import { localDatePlusDays, zonedToUtc } from './lib/time.mjs';

const iso = (ms) => new Date(ms).toISOString();
const STATS = ['total', 'pending', 'completed', 'overdue'];

/** The localStorage key through which browser tests (navigator.webdriver) may replace the snooze choices. */
const SNOOZE_KEY = 'todo-platform.test.snooze-choices';

const rowById = (page, id) => page.locator(`[data-testid="task-row"][data-task-id="${id}"]`);
const titles = (page) => textsOf(byTestId(page, 'task-title'));
const statCard = (page, key) => byTestId(page, `stat-${key}`).locator('xpath=ancestor::button[1]');

async function pressedStats(page) {
  const out = [];
  for (const k of STATS) if ((await statCard(page, k).getAttribute('aria-pressed')) === 'true') out.push(k);
  return out;
}

async function statNumber(page, key) {
  return Number((await byTestId(page, `stat-${key}`).textContent()).trim());
}

async function expectTitles(page, expected, message) {
  await eventually(async () => JSON.stringify(await titles(page)) === JSON.stringify(expected), {
    message: `${message}: rows ${JSON.stringify(expected)}`,
  });
}

/** Where the centre of `locator` is, what element is on top there (null when it is the element itself or inside it). */
async function coveredBy(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top && (el === top || el.contains(top)) ? null : top ? `${top.tagName.toLowerCase()}.${top.className}` : 'nothing';
  });
}

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export const uxTests = [
  {
    name: '9. tag filter: suggestions close after a choice, on a press outside and never cover "Clear filters"',
    async fn(t) {
      const account = await t.api.signUp('tagger');
      await t.api.createTask(account, { title: 'Fix the shelf', tags: ['home'] });
      await t.api.createTask(account, { title: 'Read a novel', tags: ['books'] });
      const page = await t.newPage();
      await signInUI(page, account);
      await expectTitles(page, ['Read a novel', 'Fix the shelf'], 'at load');

      await byTestId(page, 'filters-toggle').click();
      const input = byTestId(page, 'filter-tag');
      const suggestions = page.getByRole('listbox', { name: 'Tag suggestions' });
      const chips = () => textsOf(byTestId(page, 'filter-tag-chip'));
      const clear = byTestId(page, 'filters-clear');

      // The reported path: type "home", Enter, click "Clear filters".
      await input.fill('home');
      await suggestions.waitFor();
      await input.press('Enter');
      await eventually(async () => (await chips()).length === 1, { message: 'the #home chip' });
      await expectTitles(page, ['Fix the shelf'], 'filtered by #home');
      await suggestions.waitFor({ state: 'hidden' }); // closed after the choice, focus still in the field
      assertEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'filter-tag', 'focus stays in the tag field');
      assertEqual(await coveredBy(clear), null, '"Clear filters" is not covered by anything');
      await clear.click();
      await eventually(async () => (await chips()).length === 0, { message: 'no tag filter after "Clear filters"' });
      await expectTitles(page, ['Read a novel', 'Fix the shelf'], 'after "Clear filters" (no #books filter, no empty list)');

      // Open by typing: the list sits in the layout, pushing "Clear filters" down.
      await input.fill('b');
      await suggestions.waitFor();
      const listBox = await suggestions.boundingBox();
      const clearBox = await clear.boundingBox();
      assert(!overlaps(listBox, clearBox), `the suggestions (${JSON.stringify(listBox)}) do not overlap "Clear filters" (${JSON.stringify(clearBox)})`);
      assertEqual(await coveredBy(clear), null, '"Clear filters" is reachable while the suggestions are open');
      // a click on "Clear filters" now reaches the button, not a suggestion
      await clear.click();
      await suggestions.waitFor({ state: 'hidden' });
      assertEqual(await chips(), [], 'chips after clicking "Clear filters" with the list open');
      assertEqual(await input.inputValue(), '', 'the half-typed tag is cleared too');

      // A press outside closes it.
      await input.fill('bo');
      await suggestions.waitFor();
      await byTestId(page, 'filters-panel').click({ position: { x: 6, y: 6 } });
      await suggestions.waitFor({ state: 'hidden' });
      assertEqual(await chips(), [], 'a press outside adds no filter');

      // Leaving with Tab closes it; Escape closes it and keeps the panel open.
      await input.fill('bo');
      await suggestions.waitFor();
      await input.press('Tab');
      await suggestions.waitFor({ state: 'hidden' });
      await input.fill('bo');
      await suggestions.waitFor();
      await input.press('Escape');
      await suggestions.waitFor({ state: 'hidden' });
      assert(await byTestId(page, 'filters-panel').isVisible(), 'Escape closed only the suggestions');

      // Choosing with the mouse adds it and closes the list.
      await input.fill('');
      await input.fill('bo');
      await page.getByRole('option', { name: '#books' }).click();
      await suggestions.waitFor({ state: 'hidden' });
      assertEqual(await chips(), ['#books'], 'chips after clicking a suggestion');
      await expectTitles(page, ['Read a novel'], 'filtered by #books');
    },
  },

  {
    name: '10. the default list shows pending tasks; the Completed tab shows when each was completed',
    async fn(t) {
      const account = await t.api.signUp('herbal');
      const due = Date.now() + 3600_000;
      const task = await t.api.createTask(account, { title: 'Water the herbs', recurrence: 'FREQ=DAILY', due_date: iso(due), timezone: ZONE });
      const page = await t.newPage();
      await signInUI(page, account);
      const row = rowById(page, task.id);
      await row.waitFor();
      assert((await byTestId(row, 'task-due').textContent()).includes('in 1 hr'), 'a pending row says how far its due time is');

      await byTestId(row, 'task-checkbox').click();
      // the completed task leaves the default view; its next occurrence takes its place
      await row.waitFor({ state: 'detached' });
      assertEqual(await byTestId(page, 'filter-status-pending').isChecked(), true, 'the default tab is "Pending"');
      const next = rowByTitle(page, 'Water the herbs');
      await next.waitFor();
      assert((await next.getAttribute('data-task-id')) !== task.id, 'the row left is the next occurrence');
      assertEqual(await page.locator('[data-testid="task-row"][data-completed="true"]').count(), 0, 'completed rows in the default view');
      assertEqual(await rowByTitle(page, 'Water the herbs').count(), 1, 'rows titled "Water the herbs" in the default view');

      await byTestId(page, 'filter-status-completed').check();
      await row.waitFor();
      assertEqual(new URL(page.url()).search, '?status=completed', 'the Completed tab is in the URL');
      const stored = await t.api.expectStatus(200, 'GET', `/api/${account.user.id}/tasks/${task.id}`, { token: account.token });
      const doneAt = byTestId(row, 'task-completed-at');
      assertEqual(await doneAt.locator('time').getAttribute('datetime'), stored.completed_at, 'the completion time shown is the stored one');
      const text = (await doneAt.textContent()).trim();
      assert(/^Completed [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M$/.test(text), `completion date and time: "${text}"`);
      assertEqual(await byTestId(row, 'task-due-relative').count(), 0, 'no "in 1 hr" on a completed task');
      await page.reload();
      await row.waitFor();
      assertEqual(await byTestId(page, 'filter-status-completed').isChecked(), true, 'a reload stays on the Completed tab');
    },
  },

  {
    name: '11. each sort field starts in its natural direction',
    async fn(t) {
      const account = await t.api.signUp('sorter');
      const day = (n, hh) => iso(zonedToUtc(`${localDatePlusDays(n, ZONE)}T${hh}:00`, ZONE));
      // created in this order: Apples, Bills, Cats
      await t.api.createTask(account, { title: 'Apples', priority: 'low', due_date: day(3, '09:00'), timezone: ZONE });
      await t.api.createTask(account, { title: 'Bills', priority: 'high', due_date: day(1, '09:00'), timezone: ZONE });
      await t.api.createTask(account, { title: 'Cats', priority: 'medium', due_date: day(2, '09:00'), timezone: ZONE });
      const page = await t.newPage();
      await signInUI(page, account);
      const order = byTestId(page, 'sort-order');
      const field = byTestId(page, 'sort-field');
      await expectTitles(page, ['Cats', 'Bills', 'Apples'], 'created, newest first');
      assertEqual(await order.getAttribute('data-order'), 'desc', 'created starts descending');

      await field.selectOption('due_date');
      await expectTitles(page, ['Bills', 'Cats', 'Apples'], 'due date: soonest first');
      assertEqual(await order.getAttribute('data-order'), 'asc', 'due date starts ascending');

      // the reported bug: Due ↑, then Priority listed low first
      await field.selectOption('priority');
      await expectTitles(page, ['Bills', 'Cats', 'Apples'], 'priority: high first');
      assertEqual(await order.getAttribute('data-order'), 'desc', 'priority starts high first (descending)');
      assertEqual((await order.textContent()).trim(), 'High first', 'the order button says the direction in words');
      assertEqual(new URL(page.url()).search, '?sort=priority', 'a natural direction stays out of the URL');

      await order.click();
      await expectTitles(page, ['Apples', 'Cats', 'Bills'], 'priority flipped: low first');
      assertEqual((await order.textContent()).trim(), 'Low first', 'flipped priority order in words');

      await field.selectOption('title');
      await expectTitles(page, ['Apples', 'Bills', 'Cats'], 'title: A to Z (not carried over)');
      assertEqual(await order.getAttribute('data-order'), 'asc', 'title starts ascending');
      await field.selectOption('updated_at');
      assertEqual(await order.getAttribute('data-order'), 'desc', 'updated starts newest first');
      await field.selectOption('created_at');
      await expectTitles(page, ['Cats', 'Bills', 'Apples'], 'back to created, newest first');
      assertEqual(await order.getAttribute('data-order'), 'desc', 'created starts newest first again');
    },
  },

  {
    name: '12. the stat cards reflect the filters and clicking one shows exactly what it counts',
    async fn(t) {
      const account = await t.api.signUp('cards');
      await t.api.createTask(account, { title: 'Mow the lawn', tags: ['home'] });
      await t.api.createTask(account, { title: 'Write the report', tags: ['work'] });
      await t.api.createTask(account, { title: 'Pay the fine', tags: ['home'], due_date: iso(Date.now() - 3600_000) });
      const done = await t.api.createTask(account, { title: 'Fix the bike', tags: ['home'] });
      await t.api.expectStatus(200, 'PATCH', `/api/${account.user.id}/tasks/${done.id}/complete`, { token: account.token, body: { completed: true } });
      const page = await t.newPage();
      await signInUI(page, account);
      await eventually(async () => (await statNumber(page, 'total')) === 4, { message: 'stats loaded' });
      // The cards count every task: they are views of "All tasks" (the Inbox presses none)
      assertEqual(await pressedStats(page), [], 'pressed cards in the Inbox');
      await byTestId(page, 'nav-all').click();
      await byTestId(page, 'filter-status-pending').check(); // the default already
      await expectTitles(page, ['Pay the fine', 'Write the report', 'Mow the lawn'], 'default view');
      assertEqual(await pressedStats(page), ['pending'], 'the card of the default view');

      // a tag narrows the list: no card claims to be the list any more
      await byTestId(page, 'filters-toggle').click();
      await byTestId(page, 'filter-tag').fill('home');
      await byTestId(page, 'filter-tag').press('Enter');
      await expectTitles(page, ['Pay the fine', 'Mow the lawn'], 'pending #home');
      assertEqual(await pressedStats(page), [], 'pressed cards while a tag narrows the list');

      // "Total" shows every task: the tag (and a search) are cleared
      await byTestId(page, 'search').fill('the');
      await statCard(page, 'total').click();
      await expectTitles(page, ['Fix the bike', 'Pay the fine', 'Write the report', 'Mow the lawn'], 'after "Total"');
      assertEqual(await pressedStats(page), ['total'], 'pressed after "Total"');
      assertEqual(await byTestId(page, 'filter-tag-chip').count(), 0, 'tag filter after "Total"');
      assertEqual(await byTestId(page, 'search').inputValue(), '', 'search after "Total"');
      assertEqual(await byTestId(page, 'filter-status-all').isChecked(), true, 'status tab after "Total"');
      assertEqual((await byTestId(page, 'filters-toggle').textContent()).trim(), 'Filters', 'no active filter count');
      assertEqual(await byTestId(page, 'task-row').count(), await statNumber(page, 'total'), 'rows = the Total number');

      await statCard(page, 'overdue').click();
      await expectTitles(page, ['Pay the fine'], 'after "Overdue"');
      assertEqual(await pressedStats(page), ['overdue'], 'pressed after "Overdue"');
      assertEqual(await byTestId(page, 'filter-overdue').isChecked(), true, 'the panel shows the overdue filter');
      assertEqual(await byTestId(page, 'task-row').count(), await statNumber(page, 'overdue'), 'rows = the Overdue number');

      await statCard(page, 'completed').click();
      await expectTitles(page, ['Fix the bike'], 'after "Completed"');
      assertEqual(await pressedStats(page), ['completed'], 'pressed after "Completed"');
      assertEqual(await byTestId(page, 'filter-overdue').isChecked(), false, 'overdue filter cleared by "Completed"');

      // the status tabs drive the cards too
      await byTestId(page, 'filter-status-pending').check();
      await expectTitles(page, ['Pay the fine', 'Write the report', 'Mow the lawn'], 'the Pending tab');
      assertEqual(await pressedStats(page), ['pending'], 'pressed on the Pending tab');
      assertEqual(await byTestId(page, 'task-row').count(), await statNumber(page, 'pending'), 'rows = the Pending number');
      await byTestId(page, 'filter-priority-high').check();
      assertEqual(await pressedStats(page), [], 'pressed cards with a priority filter');
    },
  },

  {
    name: '13. a save refused with 412 merges field by field and asks only about a field changed on both sides',
    async fn(t) {
      const account = await t.api.signUp('merger');
      const task = await t.api.createTask(account, { title: 'Call the plumber', description: 'Kitchen sink', priority: 'medium' });
      const a = await t.newPage();
      const b = await t.newPage();
      await signInUI(a, account);
      await signInUI(b, account);
      const patches = [];
      a.on('response', (r) => {
        if (r.request().method() === 'PATCH' && new URL(r.url()).pathname.endsWith(`/tasks/${task.id}`)) patches.push(r.status());
      });
      const openEdit = async (page) => {
        await byTestId(rowById(page, task.id), 'task-edit').click();
        await byTestId(page, 'task-dialog').waitFor();
      };
      const saveIn = async (page) => {
        const [resp] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.endsWith(`/tasks/${task.id}`)),
          byTestId(page, 'task-form-save').click(),
        ]);
        return resp.status();
      };
      const server = () => t.api.expectStatus(200, 'GET', `/api/${account.user.id}/tasks/${task.id}`, { token: account.token });

      // A edits the title while B changes the priority and saves first.
      await openEdit(a);
      await byTestId(a, 'task-form-title').fill('Call the plumber today');
      await openEdit(b);
      await byTestId(b, 'task-form-priority').selectOption('high');
      assertEqual(await saveIn(b), 200, "B's save");
      await byTestId(b, 'task-dialog').waitFor({ state: 'hidden' });
      await byTestId(a, 'task-form-save').click();
      // no question: A's title goes over B's version, B's priority stays
      await byTestId(a, 'task-dialog').waitFor({ state: 'hidden' });
      assertEqual(patches, [412, 200], "A's PATCHes (refused, then the merge)");
      let now = await server();
      assertEqual([now.title, now.priority, now.description], ['Call the plumber today', 'high', 'Kitchen sink'], 'server after the merge');
      await a.locator('[data-testid="toast"]').filter({ hasText: 'priority' }).waitFor();
      await eventually(async () => (await byTestId(rowById(b, task.id), 'task-title').textContent()) === 'Call the plumber today', { message: 'B shows the merged title live' });

      // Both change the title; B also the description: only the title is asked.
      patches.length = 0;
      await openEdit(a);
      await byTestId(a, 'task-form-title').fill('Call Mario');
      await openEdit(b);
      await byTestId(b, 'task-form-title').fill('Call Luigi');
      await byTestId(b, 'task-form-description').fill('Bathroom too');
      assertEqual(await saveIn(b), 200, "B's second save");
      await byTestId(b, 'task-dialog').waitFor({ state: 'hidden' });
      await byTestId(a, 'task-form-save').click();
      const conflicts = byTestId(a, 'task-form-conflicts');
      await conflicts.waitFor();
      assertEqual(patches, [412], "A's PATCHes before the question");
      const fields = await byTestId(conflicts, 'task-form-conflict').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
      assertEqual(fields, ['title'], 'fields put to the user');
      assert(await byTestId(a, 'task-form-notice').isVisible(), 'the form says what happened');
      assertEqual(await byTestId(a, 'task-form-description').inputValue(), 'Bathroom too', "B's description is in A's form (not dropped)");
      assertEqual(await byTestId(a, 'task-form-title').inputValue(), 'Call Mario', "A's title is kept by default");
      await byTestId(conflicts, 'conflict-use-theirs').check();
      assertEqual(await byTestId(a, 'task-form-title').inputValue(), 'Call Luigi', 'choosing the other version shows it');
      await byTestId(conflicts, 'conflict-keep-mine').check();
      assertEqual(await byTestId(a, 'task-form-title').inputValue(), 'Call Mario', 'and back to mine');
      assertEqual(await saveIn(a), 200, "A's save after choosing");
      await byTestId(a, 'task-dialog').waitFor({ state: 'hidden' });
      now = await server();
      assertEqual([now.title, now.description, now.priority], ['Call Mario', 'Bathroom too', 'high'], 'server after the decided merge');
    },
  },

  {
    name: '14. toasts never cover the list\'s buttons and stay reachable (desktop and 375 px)',
    async fn(t) {
      const account = await t.api.signUp('toaster');
      for (let i = 1; i <= 18; i++) await t.api.createTask(account, { title: `Errand ${String(i).padStart(2, '0')}`, tags: ['errands'] });

      // One synchronous snapshot in the page (toasts come and go): scrolled to
      // the bottom, the visible part of every list control (clipped to the
      // scrolling area) against every toast, and what is on top at the centre
      // of the bottom row's buttons and of each toast's Dismiss.
      const snapshot = (page) =>
        page.evaluate(() => {
          const scroller = document.querySelector('.shell-main');
          for (const el of [scroller, document.scrollingElement]) if (el) el.scrollTop = el.scrollHeight;
          const rect = (el) => el.getBoundingClientRect();
          const vr = scroller ? rect(scroller) : { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
          const view = { top: Math.max(0, vr.top), left: Math.max(0, vr.left), bottom: Math.min(innerHeight, vr.bottom), right: Math.min(innerWidth, vr.right) };
          const clip = (b) => {
            const c = { top: Math.max(b.top, view.top), left: Math.max(b.left, view.left), bottom: Math.min(b.bottom, view.bottom), right: Math.min(b.right, view.right) };
            return c.bottom > c.top && c.right > c.left ? c : null;
          };
          const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const name = (el) => (el ? `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.className}]` : 'nothing');
          const onTop = (el) => {
            const b = rect(el);
            const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            return top && el.contains(top) ? null : name(top);
          };
          const toasts = [...document.querySelectorAll('[data-testid="toast"]')];
          const toastBoxes = toasts.map((t) => rect(t));
          const selector = ['task-checkbox', 'task-title', 'task-edit', 'task-delete', 'task-tag'].map((id) => `[data-testid="task-row"] [data-testid="${id}"]`).join(',');
          const visible = [...document.querySelectorAll(selector)].map((el) => ({ id: el.getAttribute('data-testid'), box: clip(rect(el)) })).filter((c) => c.box);
          const rows = document.querySelectorAll('[data-testid="task-row"]');
          const last = rows[rows.length - 1];
          return {
            toasts: toasts.length,
            visibleControls: visible.length,
            covered: visible.filter((c) => toastBoxes.some((t) => meets(c.box, t))).map((c) => `${c.id} ${JSON.stringify(c.box)}`),
            bottomRow: ['task-edit', 'task-delete', 'task-checkbox'].map((id) => [id, onTop(last.querySelector(`[data-testid="${id}"]`))]),
            dismiss: toasts.map((t) => onTop(t.querySelector('[aria-label="Dismiss"]'))),
            document: { height: document.scrollingElement.scrollHeight, viewport: innerHeight },
          };
        });

      const check = async (page, label) => {
        const s = await snapshot(page);
        assert(s.toasts >= 1, `${label}: toasts are showing (${s.toasts})`);
        assert(s.visibleControls > 0, `${label}: list controls are on screen`);
        assertEqual(s.covered, [], `${label}: list controls covered by a toast`);
        for (const [id, top] of s.bottomRow) assertEqual(top, null, `${label}: what covers the bottom row's ${id}`);
        assertEqual(s.dismiss.filter(Boolean), [], `${label}: what covers a toast's Dismiss`);
        // the page scrolls in its own area; the document never does (that would carry the toasts along)
        assert(s.document.height <= s.document.viewport + 1, `${label}: the document does not scroll (${JSON.stringify(s.document)})`);
        // and the bottom row's buttons work
        const last = byTestId(page, 'task-row').last();
        await byTestId(last, 'task-delete').click();
        await byTestId(page, 'confirm-dialog').waitFor();
        await byTestId(page, 'cancel-delete').click();
        await byTestId(page, 'confirm-dialog').waitFor({ state: 'hidden' });
      };

      for (const [label, options, deletions] of [
        ['desktop 1280×720', { viewport: { width: 1280, height: 720 } }, 3],
        ['phone 375×740', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }, 2],
      ]) {
        const page = await t.newPage(options);
        await signInUI(page, account);
        await eventually(async () => (await byTestId(page, 'task-row').count()) >= 10, { message: `${label}: rows` });
        // Deleting the bottom rows brings up one toast each.
        for (let i = 0; i < deletions; i++) {
          const last = byTestId(page, 'task-row').last();
          const id = await last.getAttribute('data-task-id');
          await byTestId(last, 'task-delete').click();
          await byTestId(page, 'confirm-delete').click();
          await rowById(page, id).waitFor({ state: 'detached' });
        }
        await byTestId(page, 'toast').first().waitFor();
        await check(page, label);
      }
    },
  },

  {
    name: '15. offline is told apart from a 503, and the live badge follows the WebSocket',
    async fn(t) {
      const account = await t.api.signUp('offline');
      await t.api.createTask(account, { title: 'Buy stamps' });
      const page = await t.newPage();
      await signInUI(page, account);
      await rowByTitle(page, 'Buy stamps').waitFor();
      const live = byTestId(page, 'live-status');

      await page.context().setOffline(true);
      // something that needs the network
      await byTestId(page, 'search').fill('stamps');
      const offline = byTestId(page, 'offline-banner');
      await offline.waitFor();
      assert(/offline/i.test(await offline.textContent()), `the banner says offline: "${await offline.textContent()}"`);
      assertEqual(await byTestId(page, 'service-unavailable').count(), 0, '"Service unavailable" banners while offline');
      await eventually(async () => (await live.getAttribute('data-state')) === 'offline', { message: 'the live badge says offline' });

      await page.context().setOffline(false);
      await offline.waitFor({ state: 'detached' });
      await eventually(async () => (await live.getAttribute('data-state')) === 'live', { message: 'live again after the network is back' });
      await rowByTitle(page, 'Buy stamps').waitFor();

      // A 503 (the database is down): "Service unavailable", while the socket stays open.
      const listRoute = (url) => /\/api\/[^/]+\/tasks$/.test(url.pathname);
      await page.route(listRoute, (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({
              status: 503,
              headers: { 'content-type': 'application/json', 'retry-after': '1' },
              body: JSON.stringify({ error: { code: 'unavailable', message: 'the database is unreachable', details: [], request_id: 'e2e' } }),
            })
          : route.continue(),
      );
      await byTestId(page, 'search').fill('stamp');
      const unavailable = byTestId(page, 'service-unavailable');
      await unavailable.waitFor();
      assert(/service unavailable/i.test(await unavailable.textContent()), 'the 503 banner says "Service unavailable"');
      assertEqual(await offline.count(), 0, 'offline banners during a 503');
      assertEqual(await live.getAttribute('data-state'), 'live', 'the live badge stays live: the WebSocket is open');
      await page.unroute(listRoute);
      await unavailable.waitFor({ state: 'detached' });
      await rowByTitle(page, 'Buy stamps').waitFor();
    },
  },

  {
    name: '16. one date format everywhere: the year only when it is not this one, inputs echo it',
    async fn(t) {
      const account = await t.api.signUp('dates');
      const yearOf = (ms) => Number(new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric' }).format(ms));
      const thisYear = yearOf(Date.now());
      const soonLocal = `${localDatePlusDays(3, ZONE)}T09:00`;
      const farLocal = `${localDatePlusDays(400, ZONE)}T18:30`;
      const soon = await t.api.createTask(account, { title: 'Dentist', due_date: iso(zonedToUtc(soonLocal, ZONE)), timezone: ZONE });
      const far = await t.api.createTask(account, { title: 'Renew passport', due_date: iso(zonedToUtc(farLocal, ZONE)), timezone: ZONE });
      const page = await t.newPage();
      await signInUI(page, account);
      const dueText = async (id) => (await byTestId(rowById(page, id), 'task-due').locator('time').textContent()).trim();
      await rowById(page, far.id).waitFor();

      const soonText = await dueText(soon.id);
      const farText = await dueText(far.id);
      const shape = /^[A-Z][a-z]{2} \d{1,2}(, \d{4})?, \d{1,2}:\d{2}\s[AP]M$/;
      assert(shape.test(soonText) && shape.test(farText), `dates read like "Dec 6, 9:00 AM": "${soonText}", "${farText}"`);
      const soonYear = Number(soonLocal.slice(0, 4));
      assertEqual(soonText.includes(String(soonYear)), soonYear !== thisYear, `the year on "${soonText}" (this year ${thisYear})`);
      assert(farText.includes(String(yearOf(zonedToUtc(farLocal, ZONE)))), `another year is shown: "${farText}"`);

      // The form echoes its native inputs in the same format.
      await byTestId(rowById(page, soon.id), 'task-edit').click();
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-due').inputValue(), soonLocal, 'the due input holds the due time');
      const hintId = (await byTestId(page, 'task-form-due').getAttribute('aria-describedby')).split(' ')[0];
      const hint = (await page.locator(`[id="${hintId}"]`).textContent()).trim();
      assert(hint.startsWith(soonText), `the due field's description "${hint}" starts with the list's "${soonText}"`);
      await byTestId(page, 'task-form-reminder').selectOption('custom');
      await byTestId(page, 'task-form-reminder-custom').fill(soonLocal.replace('T09:00', 'T08:30'));
      assertEqual((await byTestId(page, 'task-form-reminder-echo').textContent()).trim(), soonText.replace('9:00', '8:30'), 'the custom reminder echo');
      await byTestId(page, 'task-form-cancel').click();
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });

      // The due-range filter too.
      await byTestId(page, 'filters-toggle').click();
      await byTestId(page, 'filter-due-from').fill(soonLocal.slice(0, 10));
      assertEqual((await byTestId(page, 'filter-due-from-echo').textContent()).trim(), soonText.replace(/, \d{1,2}:\d{2}\s[AP]M$/, ''), 'the "from" date echo');
    },
  },

  {
    name: '17. accessibility (axe, light and dark): sign-in, sign-up and every view of the list',
    async fn(t) {
      const log = [];
      const account = await t.api.signUp('axel');
      const now = Date.now();
      await t.api.createTask(account, { title: 'Pay the overdue bill', priority: 'high', tags: ['bills', 'home'], due_date: iso(now - 86400_000), timezone: ZONE });
      await t.api.createTask(account, {
        title: 'Water the plants',
        description: 'Balcony and kitchen',
        priority: 'medium',
        tags: ['home'],
        due_date: iso(now + 2 * 86400_000),
        reminder_at: iso(now - 60_000), // fires at once: "sent"
        recurrence: 'FREQ=WEEKLY',
        timezone: ZONE,
      });
      const low = await t.api.createTask(account, { title: 'Read a novel', priority: 'low', tags: ['books'], due_date: iso(now + 400 * 86400_000), timezone: ZONE });
      await t.api.expectStatus(200, 'PATCH', `/api/${account.user.id}/tasks/${low.id}/complete`, { token: account.token, body: { completed: true } });
      await t.api.createTask(account, { title: 'Plan the trip', priority: 'low', tags: ['travel'], timezone: ZONE });

      const page = await t.newPage();
      await page.goto('/sign-in');
      await byTestId(page, 'signin-form').waitFor();
      await scanBothSchemes(page, 'sign-in', log);
      await byTestId(page, 'signin-email').fill(account.email);
      await byTestId(page, 'signin-password').fill('wrong password');
      await byTestId(page, 'signin-submit').click();
      await byTestId(page, 'auth-error').waitFor();
      await scanBothSchemes(page, 'sign-in, wrong password', log);
      await byTestId(page, 'goto-signup').click();
      await byTestId(page, 'signup-form').waitFor();
      await scanBothSchemes(page, 'sign-up', log);
      await byTestId(page, 'signup-submit').click();
      await page.locator('.field-error').first().waitFor();
      await scanBothSchemes(page, 'sign-up, validation errors', log);

      await signInUI(page, account);
      await eventually(async () => (await byTestId(page, 'task-row').count()) === 3, { message: 'three pending rows' });
      await eventually(async () => (await page.locator('[data-testid="task-reminder-indicator"][data-sent="true"]').count()) === 1, { message: 'the sent reminder' });
      await scanBothSchemes(page, 'tasks (default: pending)', log);
      await byTestId(page, 'filters-toggle').click();
      await byTestId(page, 'filter-tag').fill('b');
      await page.getByRole('listbox', { name: 'Tag suggestions' }).waitFor();
      await byTestId(page, 'filter-due-from').fill(localDatePlusDays(-3, ZONE));
      await scanBothSchemes(page, 'filters panel, tag suggestions open', log);
      await byTestId(page, 'filters-clear').click();
      await byTestId(page, 'filter-status-all').check();
      await eventually(async () => (await byTestId(page, 'task-row').count()) === 4, { message: 'all four rows' });
      await byTestId(page, 'sort-field').selectOption('priority');
      await scanBothSchemes(page, 'tasks (All, by priority, completed row)', log);
      await byTestId(page, 'filter-status-completed').check();
      await eventually(async () => (await byTestId(page, 'task-row').count()) === 1, { message: 'the completed row' });
      await scanBothSchemes(page, 'tasks (Completed)', log);
      await statCard(page, 'overdue').click();
      await eventually(async () => (await byTestId(page, 'task-row').count()) === 1, { message: 'the overdue row' });
      await scanBothSchemes(page, 'tasks (Overdue card)', log);
      await byTestId(page, 'search').fill('no such task');
      await byTestId(page, 'empty-state').waitFor();
      await scanBothSchemes(page, 'empty state (filtered)', log);

      for (const e of log) t.note(`axe ${e.scheme.padEnd(5)} ${e.view}: ${e.blocking.length} serious/critical, ${e.other.length} other`);
      const lines = describeViolations(log);
      for (const line of lines) t.note(line);
      const blocking = log.filter((e) => e.blocking.length);
      assert(blocking.length === 0, `serious or critical axe violations (axe ${axeVersion()}):\n      ${describeViolations(blocking).join('\n      ')}`);
    },
  },

  {
    name: '18. accessibility (axe, light and dark): dialogs, notifications, toasts, banners, the phone layout',
    async fn(t) {
      const log = [];
      const account = await t.api.signUp('axelle');
      const task = await t.api.createTask(account, { title: 'Call the plumber', priority: 'high', tags: ['home'], due_date: iso(Date.now() + 3600_000), timezone: ZONE });
      const page = await t.newPage();
      await signInUI(page, account);
      await rowById(page, task.id).waitFor();

      // the new-task form with every optional part open, and its errors
      await openNewTaskForm(page);
      await fillTaskForm(page, { title: '   ', due: `${localDatePlusDays(2, ZONE)}T09:00`, reminder: 'custom', reminderCustom: `${localDatePlusDays(2, ZONE)}T10:00`, recurrence: 'custom', tags: ['home'] });
      await byTestId(page, 'task-form-recurrence-end').fill(localDatePlusDays(30, ZONE));
      await byTestId(page, 'task-form-save').click();
      await byTestId(page, 'field-error-title').waitFor();
      await scanBothSchemes(page, 'new task form, errors shown', log);
      await byTestId(page, 'task-form-cancel').click();

      // the edit form after a 412 with a field changed on both sides
      await byTestId(rowById(page, task.id), 'task-edit').click();
      await byTestId(page, 'task-form-title').fill('Call the plumber now');
      await t.api.expectStatus(200, 'PATCH', `/api/${account.user.id}/tasks/${task.id}`, { token: account.token, body: { title: 'Call Mario' } });
      await byTestId(page, 'task-form-save').click();
      await byTestId(page, 'task-form-conflicts').waitFor();
      await scanBothSchemes(page, 'edit form, conflict after 412', log);
      await byTestId(page, 'task-form-cancel').click();

      await byTestId(rowById(page, task.id), 'task-delete').click();
      await byTestId(page, 'confirm-dialog').waitFor();
      await scanBothSchemes(page, 'delete confirmation', log);
      await byTestId(page, 'cancel-delete').click();

      await page.keyboard.press('?');
      await byTestId(page, 'shortcuts-dialog').waitFor();
      await scanBothSchemes(page, 'keyboard shortcuts', log);
      await page.keyboard.press('Escape');
      await byTestId(page, 'shortcuts-dialog').waitFor({ state: 'hidden' });

      // a reminder: its toast (with Snooze open), then the bell panel
      await t.api.expectStatus(200, 'PATCH', `/api/${account.user.id}/tasks/${task.id}`, { token: account.token, body: { reminder_at: iso(Date.now() + 1000) } });
      const toast = page.locator('[data-testid="toast"][data-kind="notification"]');
      await toast.waitFor({ timeout: 10_000 });
      await byTestId(toast, 'reminder-snooze').click();
      await byTestId(toast, 'snooze-option').first().waitFor();
      await scanBothSchemes(page, 'reminder toast, snooze choices open', log);
      await byTestId(page, 'bell').click();
      await byTestId(page, 'notification-item').first().waitFor();
      await eventually(async () => (await byTestId(page, 'notification-item').first().locator('[data-testid="reminder-done"]').count()) === 1, { message: 'the item offers its actions' });
      await scanBothSchemes(page, 'notifications panel', log);
      await page.keyboard.press('Escape');

      await page.context().setOffline(true);
      await byTestId(page, 'offline-banner').waitFor();
      await scanBothSchemes(page, 'offline banner', log);
      await page.context().setOffline(false);
      await byTestId(page, 'offline-banner').waitFor({ state: 'detached' });

      const phone = await t.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      await signInUI(phone, account);
      await rowById(phone, task.id).waitFor();
      await scanBothSchemes(phone, 'phone 375 px: list', log);
      await byTestId(phone, 'new-task').tap();
      await byTestId(phone, 'task-dialog').waitFor();
      await scanBothSchemes(phone, 'phone 375 px: task form', log);

      for (const e of log) t.note(`axe ${e.scheme.padEnd(5)} ${e.view}: ${e.blocking.length} serious/critical, ${e.other.length} other`);
      for (const line of describeViolations(log)) t.note(line);
      const blocking = log.filter((e) => e.blocking.length);
      assert(blocking.length === 0, `serious or critical axe violations (axe ${axeVersion()}):\n      ${describeViolations(blocking).join('\n      ')}`);
    },
  },

  {
    name: '19. a reminder offers Done, Snooze and Open (toast, bell, system notification); a snoozed one fires again',
    async fn(t) {
      const account = await t.api.signUp('snoozer');
      const ctx = await t.newContext();
      await ctx.grantPermissions(['notifications'], { origin: t.baseURL });
      const page = await ctx.newPage();
      const frames = captureFrames(page);
      await signInUI(page, account);
      await waitListLoaded(page);
      // Test-only snooze durations: read only under automation (navigator.webdriver), see web/README.md.
      await page.evaluate(
        ([key, value]) => localStorage.setItem(key, value),
        [SNOOZE_KEY, JSON.stringify([{ id: '3s', label: '3 seconds', seconds: 3 }, { id: '2d', label: '2 days', seconds: 2 * 86400 }])],
      );
      const title = 'Call the plumber';
      const remindAt = Date.now() + 2000;
      const task = await t.api.createTask(account, { title, due_date: iso(remindAt + 5 * 60_000), reminder_at: iso(remindAt), timezone: ZONE });
      const url = `/api/${account.user.id}`;
      const reminders = page.locator('[data-testid="toast"][data-kind="notification"]').filter({ hasText: title });

      // 1. the toast: what and when, in few words
      const toast = reminders.first();
      await toast.waitFor({ timeout: 10_000 });
      const text = (await byTestId(toast, 'toast-message').textContent()).trim();
      assert(/^Call the plumber — in 5 min\.?$/.test(text), `the reminder says what and when: "${text}"`);
      for (const id of ['reminder-done', 'reminder-snooze', 'reminder-open']) assert(await byTestId(toast, id).isVisible(), `the toast offers ${id}`);
      // the system notification carries Done and Snooze (its body opens the task)
      const shown = await eventually(
        async () => {
          const list = await page.evaluate(async () => {
            const reg = await navigator.serviceWorker.getRegistration();
            return reg ? (await reg.getNotifications()).map((n) => ({ body: n.body, actions: n.actions.map((a) => a.action), taskId: n.data?.taskId })) : [];
          });
          return list.length ? list : null;
        },
        { message: 'a system notification' },
      );
      assertEqual(shown[0], { body: text, actions: ['done', 'snooze'], taskId: task.id }, 'the system notification');

      // 2. Snooze from the toast: a choice past the due time is offered, disabled
      await byTestId(toast, 'reminder-snooze').click();
      const option = (id) => toast.locator(`[data-testid="snooze-option"][data-choice="${id}"]`);
      assert(await option('2d').isDisabled(), 'snoozing past the due time is not offered');
      const [patch] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `${url}/tasks/${task.id}`),
        option('3s').click(),
      ]);
      const body = patch.request().postDataJSON();
      assertEqual(Object.keys(body), ['reminder_at'], 'a snooze PATCHes reminder_at only');
      const after = await patch.json();
      assertEqual(after.reminder_sent, false, 'the moved reminder is re-armed');
      assert(Date.parse(after.reminder_at) > remindAt, `reminder_at moved later: ${after.reminder_at}`);
      await toast.waitFor({ state: 'detached' }); // acted on: gone
      await page.locator('[data-testid="toast"]').filter({ hasText: 'Snoozed until' }).waitFor();

      // 3. it fires again
      await waitForFrame(frames, (f) => f.type === 'notification.created' && f.notification?.task_id === task.id && Date.parse(f.notification.created_at) >= Date.parse(after.reminder_at), 'the snoozed reminder', 10_000);
      await reminders.first().waitFor();
      const notifs = await t.api.expectStatus(200, 'GET', `${url}/notifications`, { token: account.token });
      assertEqual(notifs.items.filter((n) => n.task_id === task.id).length, 2, 'reminders for the task on the server');
      await eventually(async () => (await byTestId(page, 'bell-count').getAttribute('data-count')) === '1', { message: 'one unread (the snoozed one was marked read)' });

      // 4. Done from the bell
      await byTestId(page, 'bell').click();
      const items = byTestId(page, 'notification-item');
      await eventually(async () => (await items.count()) === 2, { message: 'two notifications listed' });
      assert((await items.first().textContent()).includes(`${title} — `), 'the bell item says what and when');
      await byTestId(items.first(), 'reminder-done').click();
      await eventually(async () => (await t.api.expectStatus(200, 'GET', `${url}/tasks/${task.id}`, { token: account.token })).completed, { message: 'completed from the bell' });
      await rowById(page, task.id).waitFor({ state: 'detached' });
      await eventually(async () => (await byTestId(page, 'bell-count').getAttribute('data-count')) === '0', { message: 'no unread left' });

      // 5. Open from the older item
      await byTestId(items.nth(1), 'reminder-open').click();
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-title').inputValue(), title, 'Open opens the task');
      await byTestId(page, 'task-form-cancel').click();
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });

      // 6. a system notification's button: the worker posts the choice to this tab, which snoozes
      await t.api.expectStatus(200, 'PATCH', `${url}/tasks/${task.id}/complete`, { token: account.token, body: { completed: false } });
      const before = Date.now();
      await page.evaluate(
        ([taskId, notificationId]) =>
          navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: 'todo-notification-action', action: 'snooze', taskId, notificationId } })),
        [task.id, notifs.items[0].id],
      );
      await eventually(
        async () => Date.parse((await t.api.expectStatus(200, 'GET', `${url}/tasks/${task.id}`, { token: account.token })).reminder_at) >= before + 2000,
        { message: 'snoozed by the first choice (3 s here) from the system notification' },
      );
    },
  },

  {
    name: '20. keyboard shortcuts, keyboard only: n, /, j, k, x, e, #, ? (q and z: test 26)',
    async fn(t) {
      const account = await t.api.signUp('keys');
      for (const title of ['First', 'Second', 'Third']) await t.api.createTask(account, { title });
      const page = await t.newPage();
      await signInUI(page, account);
      await expectTitles(page, ['Third', 'Second', 'First'], 'newest first');
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      const selected = () =>
        page.evaluate(() => document.activeElement?.closest('[data-testid="task-row"]')?.querySelector('[data-testid="task-title"]')?.textContent ?? null);
      const server = (id) => t.api.call('GET', `/api/${account.user.id}/tasks/${id}`, { token: account.token });
      const idOf = async (title) => rowByTitle(page, title).getAttribute('data-task-id');

      await page.keyboard.press('j');
      assertEqual(await selected(), 'Third', 'j selects the first task');
      assertEqual(await rowByTitle(page, 'Third').getAttribute('data-selected'), 'true', 'the row shows it is selected');
      await page.keyboard.press('j');
      assertEqual(await selected(), 'Second', 'j moves down');
      await page.keyboard.press('k');
      assertEqual(await selected(), 'Third', 'k moves up');
      await page.keyboard.press('j');

      // x completes the selection; it leaves the pending list and the next task is selected
      const secondId = await idOf('Second');
      await page.keyboard.press('x');
      await eventually(async () => (await server(secondId)).json?.completed === true, { message: 'x completed "Second"' });
      await rowById(page, secondId).waitFor({ state: 'detached' });
      await eventually(async () => (await selected()) === 'First', { message: 'the selection moves to the next task' });

      // e edits it
      const firstId = await idOf('First');
      await page.keyboard.press('e');
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-title').inputValue(), 'First', 'e opens the selected task');
      await page.keyboard.press('End');
      await page.keyboard.type(' edited');
      await page.keyboard.press('Enter');
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });
      await eventually(async () => (await server(firstId)).json?.title === 'First edited', { message: 'saved with Enter' });
      await eventually(async () => (await selected()) === 'First edited', { message: 'focus is back on the row' });

      // # deletes it, after a confirmation (Cancel has focus)
      await page.keyboard.press('#');
      await byTestId(page, 'confirm-dialog').waitFor();
      assertEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'cancel-delete', 'Cancel is focused');
      await page.keyboard.press('Tab');
      assertEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'confirm-delete', 'Tab reaches Delete');
      await page.keyboard.press('Enter');
      await eventually(async () => (await server(firstId)).status === 404, { message: '# deleted the task' });
      await eventually(async () => (await selected()) === 'Third', { message: 'the remaining task is selected' });

      // n opens a new task, Escape closes it
      await page.keyboard.press('n');
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-title').inputValue(), '', 'n opens an empty form');
      await page.keyboard.press('Escape');
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });

      // / goes to the search; typing there is not a shortcut
      await page.keyboard.press('/');
      assertEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'search', '/ focuses the search');
      await page.keyboard.type('x');
      assertEqual(await byTestId(page, 'search').inputValue(), 'x', 'x typed into the search');
      assertEqual((await server(await idOf('Third'))).json?.completed, false, 'typing x completed nothing');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Tab');

      // ? lists them all
      await expectShortcutsListed(page);
    },
  },

  {
    name: '21. the app works under a strict Content-Security-Policy, ships no inline code and no source maps',
    async fn(t) {
      const CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
      const html = await t.api.call('GET', '/');
      assertEqual(html.status, 200, 'GET /');
      const inline = html.text.match(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=/gi);
      assertEqual(inline, null, 'inline scripts or styles in index.html');
      const scripts = [...html.text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
      assert(scripts.length > 0, 'index.html loads its script from a file');
      for (const src of scripts) {
        const js = await t.api.call('GET', src);
        assert(!/sourceMappingURL/.test(js.text), `${src} points to no source map`);
        assert((await t.api.call('GET', `${src}.map`)).status === 404, `${src}.map is not served`);
      }

      // The server sends the policy with the page, and the hardening headers beside it.
      assertEqual(html.headers.get('content-security-policy'), CSP, 'the policy the server sends');
      assertEqual(html.headers.get('x-frame-options'), 'DENY', 'X-Frame-Options');
      assertEqual(html.headers.get('referrer-policy'), 'no-referrer', 'Referrer-Policy');
      assertEqual(html.headers.get('x-content-type-options'), 'nosniff', 'nosniff');

      const account = await t.api.signUp('csp');
      const ctx = await t.newContext();
      await ctx.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const page = await ctx.newPage();
      await signInUI(page, account); // the sign-in page, then the app, live over ws:
      await waitListLoaded(page);
      const served = await page.evaluate(async () => (await fetch('/', { cache: 'no-store' })).headers.get('content-security-policy'));
      assertEqual(served, CSP, 'the page was served with the policy');
      await openNewTaskForm(page);
      await fillTaskForm(page, { title: 'Under CSP', tags: ['secure'], due: `${localDatePlusDays(1, ZONE)}T09:00`, reminder: '1h', recurrence: 'custom' });
      await saveNewTask(page);
      await rowByTitle(page, 'Under CSP').waitFor();
      await byTestId(page, 'bell').click();
      await byTestId(page, 'notification-panel').waitFor();
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await byTestId(page, 'shortcuts-dialog').waitFor();
      await page.keyboard.press('Escape');
      const o = await horizontalOverflow(page);
      assert(o.scrollWidth <= o.viewport, 'the layout (styles from the stylesheet) is intact');
      assertEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations');
      assertEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.app-header')).position), 'sticky', 'the stylesheet applied');
    },
  },
];
