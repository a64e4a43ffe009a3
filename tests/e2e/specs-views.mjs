// Browser tests of issue #17's views, quick add, projects, trash and undo
// (DESIGN §3.8). Same harness and rules as specs.mjs: every wait is a
// condition with a deadline, never a sleep or a timing threshold. Each test
// keeps screenshots of what it checked ($TEST_OUTPUT_DIR/e2e/2x-*.png).

import { assert, assertEqual, eventually } from './lib/harness.mjs';
import { axeVersion, describeViolations, scanBothSchemes } from './lib/a11y.mjs';
import { byTestId, captureFrames, expectShortcutsListed, horizontalOverflow, rowByTitle, signInUI, textsOf, waitForFrame, waitListLoaded, ZONE } from './lib/app.mjs';
import { localDatePlusDays, zonedToUtc } from './lib/time.mjs';

const iso = (ms) => new Date(ms).toISOString();
/** The instant of "HH:mm" on the local day `days` from today in Berlin. */
const dayAt = (days, hhmm) => iso(zonedToUtc(`${localDatePlusDays(days, ZONE)}T${hhmm}`, ZONE));

const rowById = (page, id) => page.locator(`[data-testid="task-row"][data-task-id="${id}"]`);
const titles = (scope) => textsOf(byTestId(scope, 'task-title'));
const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const group = (page, key) => page.locator(`[data-testid="task-group"][data-group="${key}"]`);
const projectNav = (page, id) => page.locator(`[data-testid="project-nav"][data-project-id="${id}"]`);

function api(t, account) {
  const base = `/api/${account.user.id}`;
  const opts = (body) => ({ token: account.token, body });
  return {
    base,
    task: (body) => t.api.expectStatus(201, 'POST', `${base}/tasks`, opts(body)),
    getTask: (id) => t.api.call('GET', `${base}/tasks/${id}`, opts()),
    complete: (id) => t.api.expectStatus(200, 'PATCH', `${base}/tasks/${id}/complete`, opts({ completed: true })),
    trash: (id) => t.api.expectStatus(204, 'DELETE', `${base}/tasks/${id}`, opts()),
    listTrash: () => t.api.expectStatus(200, 'GET', `${base}/tasks?status=deleted&limit=200`, opts()),
    list: (query) => t.api.expectStatus(200, 'GET', `${base}/tasks?${query}`, opts()),
    project: (body) => t.api.expectStatus(201, 'POST', `${base}/projects`, opts(body)),
    projects: async () => (await t.api.expectStatus(200, 'GET', `${base}/projects`, opts())).items,
  };
}

async function expectTitles(scope, expected, message) {
  await eventually(async () => JSON.stringify(await titles(scope)) === JSON.stringify(expected), { message: `${message}: ${JSON.stringify(expected)}` });
}

async function viewTitle(page) {
  return (await byTestId(page, 'view-title').textContent()).trim();
}

/** Goes to a view through the sidebar and waits until its list is loaded. */
async function go(page, testId, title) {
  await byTestId(page, testId).click();
  await eventually(async () => (await viewTitle(page)) === title, { message: `the view "${title}"` });
  await waitListLoaded(page);
}

async function projectNames(page) {
  return textsOf(byTestId(page, 'project-nav-name'));
}

async function navCount(page, kind) {
  const el = byTestId(page, `nav-count-${kind}`);
  return (await el.count()) ? (await el.textContent()).trim() : '';
}

/** Types into quick add and waits for the server's preview of exactly that text. */
async function quickType(page, text) {
  const input = byTestId(page, 'quick-add-input');
  await input.fill(text);
  const preview = page.locator('[data-testid="quick-add-preview"][data-state="ready"]');
  await eventually(async () => (await preview.count()) === 1 && (await byTestId(preview, 'quick-add-highlight').textContent()).replace(/^Recognised: /, '') === text, {
    message: `the preview of "${text}"`,
  });
  return preview;
}

async function marks(preview) {
  return byTestId(preview, 'quick-add-match').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.textContent]));
}

async function fields(preview) {
  return Object.fromEntries(
    await byTestId(preview, 'quick-add-field').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), e.querySelector('.qf-value')?.textContent ?? ''])),
  );
}

export const viewTests = [
  {
    name: '22. views: Inbox by default, Today (overdue + today), Upcoming by day, a project, Completed with its time, Trash with restore; sidebar counts',
    async fn(t) {
      const account = await t.api.signUp('viewer');
      const a = api(t, account);
      const home = await a.project({ name: 'Home', color: 'green' });
      const work = await a.project({ name: 'Work', color: 'blue' });
      const overdue = await a.task({ title: 'Pay the parking fine', due_date: dayAt(-2, '09:00'), timezone: ZONE });
      const today = await a.task({ title: 'Call the dentist', due_date: dayAt(0, '23:00'), timezone: ZONE, project_id: home.id });
      const tomorrow = await a.task({ title: 'Water the plants', due_date: dayAt(1, '08:00'), timezone: ZONE, project_id: home.id });
      const inThree = await a.task({ title: 'Team review', due_date: dayAt(3, '14:00'), timezone: ZONE, project_id: work.id, priority: 'high' });
      const later = await a.task({ title: 'Renew the passport', due_date: dayAt(20, '10:00'), timezone: ZONE });
      const undated = await a.task({ title: 'Read a novel' });
      const done = await a.task({ title: 'Book the flights', project_id: work.id });
      await a.complete(done.id);
      const trashed = await a.task({ title: 'Old shopping list', project_id: home.id });
      await a.trash(trashed.id);

      const page = await t.newPage();
      await signInUI(page, account);
      // the default view is the Inbox: pending tasks in no project, not everything
      assertEqual(new URL(page.url()).pathname, '/', 'the app opens at');
      assertEqual(await viewTitle(page), 'Inbox', 'the default view');
      assertEqual(await byTestId(page, 'nav-inbox').getAttribute('aria-current'), 'page', 'the sidebar marks the Inbox');
      await expectTitles(page, ['Read a novel', 'Renew the passport', 'Pay the parking fine'], 'the Inbox (newest first, no project tasks)');
      // sidebar counts: inbox 3 pending, today 2 (overdue + today), Home 2 pending, Work 1, completed 1
      await eventually(async () => (await navCount(page, 'inbox')) === '3' && (await navCount(page, 'today')) === '2' && (await navCount(page, 'completed')) === '1', {
        message: 'the sidebar counts (inbox 3, today 2, completed 1)',
      });
      assertEqual(await projectNames(page), ['Home', 'Work'], 'the projects in their order');
      assertEqual((await byTestId(projectNav(page, home.id), 'project-nav-count').textContent()).trim(), '2', 'Home’s pending count');
      assertEqual((await byTestId(projectNav(page, work.id), 'project-nav-count').textContent()).trim(), '1', 'Work’s pending count');
      assertEqual(await projectNav(page, home.id).getAttribute('data-color'), 'green', 'Home’s colour');
      await t.shot(page, '22-inbox');

      // Today: overdue first, then today; the project shows on the row
      await go(page, 'nav-today', 'Today');
      assertEqual(new URL(page.url()).pathname, '/today', 'Today’s path');
      assertEqual(await page.title(), 'Today · Todo Platform', 'the document title names the view');
      await expectTitles(group(page, 'overdue'), ['Pay the parking fine'], 'the Overdue group');
      await expectTitles(group(page, 'today'), ['Call the dentist'], 'the Today group');
      assertEqual(await byTestId(page, 'task-row').count(), 2, 'rows in Today');
      assertEqual((await byTestId(rowById(page, today.id), 'task-project').textContent()).trim(), 'Project: Home', 'the project chip on a Today row');
      assertEqual(await byTestId(page, 'filter-status').count(), 0, 'no status tabs in Today (pending only)');
      await t.shot(page, '22-today');

      // Upcoming: seven days from today (empty ones too), then Later
      await go(page, 'nav-upcoming', 'Upcoming');
      const keys = await byTestId(page, 'task-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
      assertEqual(keys, [...Array.from({ length: 7 }, (_, i) => localDatePlusDays(i, ZONE)), 'later'], 'the Upcoming groups');
      const labels = (await textsOf(page.locator('[data-testid="task-group-title"] .group-label'))).slice(0, 2);
      assertEqual(labels, ['Today', 'Tomorrow'], 'the first two day names');
      await expectTitles(group(page, localDatePlusDays(0, ZONE)), ['Call the dentist'], 'Upcoming today');
      await expectTitles(group(page, localDatePlusDays(1, ZONE)), ['Water the plants'], 'Upcoming tomorrow');
      await expectTitles(group(page, localDatePlusDays(3, ZONE)), ['Team review'], 'Upcoming in 3 days');
      await expectTitles(group(page, 'later'), ['Renew the passport'], 'Upcoming later');
      assertEqual(await rowById(page, overdue.id).count(), 0, 'the overdue task is not upcoming');
      assertEqual(await rowById(page, undated.id).count(), 0, 'a task without a due date is not upcoming');
      await t.shot(page, '22-upcoming');

      // a project
      await projectNav(page, work.id).click();
      await eventually(async () => (await viewTitle(page)) === 'Work', { message: 'the Work view' });
      assertEqual(new URL(page.url()).pathname, `/projects/${work.id}`, 'a project’s path');
      await expectTitles(page, ['Team review'], 'Work’s pending tasks');
      assertEqual(await byTestId(page, 'task-project').count(), 0, 'no project chip inside the project itself');
      await byTestId(page, 'filter-status-completed').check();
      await expectTitles(page, ['Book the flights'], 'Work’s completed tasks');
      await t.shot(page, '22-project');

      // Completed: with the stored completion time
      await go(page, 'nav-completed', 'Completed');
      await expectTitles(page, ['Book the flights'], 'Completed');
      const stored = (await a.getTask(done.id)).json;
      const doneAt = byTestId(rowById(page, done.id), 'task-completed-at');
      assertEqual(await doneAt.locator('time').getAttribute('datetime'), stored.completed_at, 'the completion time shown is the stored one');
      assert(/^Completed [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}\s[AP]M$/.test((await doneAt.textContent()).trim()), `completion time: "${await doneAt.textContent()}"`);

      // All tasks: everything pending, with the projects named
      await go(page, 'nav-all', 'All tasks');
      // (waitListLoaded can see the previous view's list: wait for this one's rows)
      await eventually(async () => (await byTestId(page, 'task-row').count()) === 6, { message: 'the 6 pending rows in All tasks' });
      assertEqual((await byTestId(rowById(page, inThree.id), 'task-project').textContent()).trim(), 'Project: Work', 'the chip in All tasks');

      // Trash: the deleted task, with when; Restore brings it back to its project
      await go(page, 'nav-trash', 'Trash');
      await expectTitles(page, ['Old shopping list'], 'the Trash');
      const trashRow = rowById(page, trashed.id);
      assert((await byTestId(trashRow, 'task-deleted-at').textContent()).startsWith('Deleted '), 'the row says when it was deleted');
      assertEqual(await byTestId(trashRow, 'task-checkbox').count(), 0, 'no checkbox in the trash');
      assertEqual(await byTestId(page, 'quick-add').count(), 0, 'no quick add in the trash');
      await t.shot(page, '22-trash');
      const [restore] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks/${trashed.id}/restore`),
        byTestId(trashRow, 'task-restore').click(),
      ]);
      assertEqual(restore.status(), 200, 'restore answered');
      await trashRow.waitFor({ state: 'detached' });
      await page.locator('[data-testid="toast"]').filter({ hasText: 'Restored “Old shopping list” to Home' }).waitFor();
      const back = (await a.getTask(trashed.id)).json;
      assertEqual([back.deleted_at, back.project_id], [null, home.id], 'restored, in its project again');
      await byTestId(page, 'empty-state').waitFor();
      assertEqual(await byTestId(page, 'empty-state').getAttribute('data-kind'), 'trash', 'the empty trash');
      await eventually(async () => (await byTestId(projectNav(page, home.id), 'project-nav-count').textContent()).trim() === '3', { message: 'Home counts the restored task' });

      // a reload keeps the view; Back returns to the one before
      await projectNav(page, home.id).click();
      await eventually(async () => (await viewTitle(page)) === 'Home', { message: 'the Home view' });
      await expectTitles(page, ['Old shopping list', 'Water the plants', 'Call the dentist'], 'Home after the restore');
      await page.reload();
      await eventually(async () => (await viewTitle(page)) === 'Home', { message: 'Home after a reload' });
      await page.goBack();
      await eventually(async () => (await viewTitle(page)) === 'Trash', { message: 'Back goes to the Trash' });
      await page.goto('/no-such-view');
      await eventually(async () => new URL(page.url()).pathname === '/' && (await viewTitle(page)) === 'Inbox', { message: 'an unknown path lands in the Inbox' });
    },
  },

  {
    name: '23. quick add: the live preview shows what the server recognised (UTF-8 offsets highlighted right), Enter creates it, 422 is explained',
    async fn(t) {
      const account = await t.api.signUp('quick');
      const a = api(t, account);
      const bills = await a.project({ name: 'Bills', color: 'orange' });
      const page = await t.newPage();
      const requests = [];
      page.on('request', (r) => {
        const p = new URL(r.url()).pathname;
        if (r.method() === 'POST' && p.startsWith(`${a.base}/tasks`)) requests.push(p.slice(a.base.length));
      });
      await signInUI(page, account);
      await waitListLoaded(page);

      // the example, with the preview before saving
      const text = 'Pay rent every month on the 1st 9am #bills p1 remind me 1h before';
      const preview = await quickType(page, text);
      assertEqual(
        await marks(preview),
        [
          ['recurrence', 'every month on the 1st 9am'],
          ['project', '#bills'],
          ['priority', 'p1'],
          ['reminder', 'remind me 1h before'],
        ],
        'the highlighted phrases',
      );
      const f = await fields(preview);
      assertEqual([f.title, f.priority, f.project, f.reminder], ['Pay rent', 'High', 'Bills', '1 hour before'], 'the fields in words');
      assert(/^Monthly/.test(f.recurrence), `the recurrence in words: "${f.recurrence}"`);
      assert(/9:00\sAM/.test(f.due_date), `the first due date at 9:00: "${f.due_date}"`);
      assert(!requests.includes('/tasks/quick') && requests.includes('/tasks/quick/preview'), `only previews before Enter: ${JSON.stringify(requests)}`);
      await t.shot(page, '23-quick-add-preview');

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks/quick`),
        byTestId(page, 'quick-add-input').press('Enter'),
      ]);
      assertEqual(created.status(), 201, 'quick add answered');
      const sent = created.request().postDataJSON();
      assertEqual(sent, { text, timezone: ZONE }, 'the body: the text and the browser’s zone');
      assert(created.request().headers()['idempotency-key'], 'an Idempotency-Key');
      const task = await created.json();
      assertEqual(
        [task.title, task.priority, task.project_id, task.recurrence, Date.parse(task.due_date) - Date.parse(task.reminder_at)],
        ['Pay rent', 'high', bills.id, 'FREQ=MONTHLY;BYMONTHDAY=1', 3600_000],
        'the created task',
      );
      assertEqual(await byTestId(page, 'quick-add-input').inputValue(), '', 'the field is empty again');
      assertEqual(await byTestId(page, 'quick-add-preview').count(), 0, 'no preview left');
      const toast = page.locator('[data-testid="toast"]').filter({ hasText: 'Added “Pay rent” to Bills' });
      await toast.waitFor();
      // the modal stays for the details: Edit from the toast
      await byTestId(toast, 'quick-add-edit').click();
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-title').inputValue(), 'Pay rent', 'the form opened on the new task');
      assertEqual(await byTestId(page, 'task-form-project').inputValue(), bills.id, 'the project picker shows Bills');
      assertEqual(await byTestId(page, 'task-form-recurrence').inputValue(), 'raw', 'the monthly rule is kept as it is');
      await byTestId(page, 'task-form-cancel').click();
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });
      // in Bills, not in the Inbox
      assertEqual(await rowById(page, task.id).count(), 0, 'not in the Inbox');
      await projectNav(page, bills.id).click();
      await rowById(page, task.id).waitFor();

      // Non-ASCII before the phrases: the byte offsets still cut at the right characters
      const unicode = 'Café mit Zoë 🎉 tomorrow 5pm @fun p2';
      const p2 = await quickType(page, unicode);
      assertEqual(
        await marks(p2),
        [
          ['due_date', 'tomorrow 5pm'],
          ['tag', '@fun'],
          ['priority', 'p2'],
        ],
        'highlights after é, ë and an emoji',
      );
      assertEqual((await fields(p2)).title, 'Café mit Zoë 🎉', 'the title');
      // in a project view a task without #project goes to that project
      assertEqual((await fields(p2)).project, 'Bills (this project)', 'the preview says where it goes');
      const [second] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks/quick`),
        byTestId(page, 'quick-add-submit').click(),
      ]);
      const secondTask = await second.json();
      await rowById(page, secondTask.id).waitFor();
      await eventually(async () => (await a.getTask(secondTask.id)).json?.project_id === bills.id, { message: 'filed in Bills' });
      assertEqual((await a.getTask(secondTask.id)).json.tags, ['fun'], 'the tag');

      // Nothing left for a title: the preview says so, Enter shows the server's reason and creates nothing
      const before = requests.filter((r) => r === '/tasks/quick').length;
      await byTestId(page, 'quick-add-input').fill('tomorrow 5pm');
      await page.locator('[data-testid="quick-add-preview"][data-state="invalid"]').waitFor();
      const problem = (await byTestId(page, 'quick-add-problem').textContent()).trim();
      assert(problem.length > 0, 'the preview explains the problem');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks/quick`),
        byTestId(page, 'quick-add-input').press('Enter'),
      ]);
      assertEqual(refused.status(), 422, 'the server refuses it');
      const error = byTestId(page, 'quick-add-error');
      await error.waitFor();
      assertEqual(await byTestId(page, 'quick-add-input').getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
      assert((await byTestId(page, 'quick-add-input').getAttribute('aria-describedby')).split(' ').includes(await error.getAttribute('id')), 'and described by the error');
      assertEqual(requests.filter((r) => r === '/tasks/quick').length, before + 1, 'one refused request');
      assertEqual((await a.list(`project=${bills.id}&limit=200`)).items.length, 2, 'nothing more was created');
      await t.shot(page, '23-quick-add-error');
    },
  },

  {
    name: '24. projects live across two browsers: create, rename and colour, reorder, counts, delete (tasks to the inbox or the trash)',
    async fn(t) {
      const account = await t.api.signUp('projector');
      const a = api(t, account);
      const errand = await a.task({ title: 'Buy paint' });
      const pa = await t.newPage();
      const pb = await t.newPage();
      const framesB = captureFrames(pb);
      await signInUI(pa, account);
      await signInUI(pb, account);
      await waitListLoaded(pa);
      await waitListLoaded(pb);

      // A creates a project through the dialog; B's sidebar shows it without a reload
      await byTestId(pa, 'add-project').click();
      await byTestId(pa, 'project-dialog').waitFor();
      await byTestId(pa, 'project-form-name').fill('Garden');
      await byTestId(pa, 'project-color-teal').check();
      await t.shot(pa, '24-project-dialog');
      await byTestId(pa, 'project-form-save').click();
      await byTestId(pa, 'project-dialog').waitFor({ state: 'hidden' });
      await eventually(async () => (await viewTitle(pa)) === 'Garden', { message: 'A is in the new project' });
      const garden = (await a.projects()).find((p) => p.name === 'Garden');
      assertEqual(garden?.color, 'teal', 'stored colour');
      await projectNav(pb, garden.id).waitFor();
      assertEqual(await projectNav(pb, garden.id).getAttribute('data-color'), 'teal', 'B shows the colour');
      await waitForFrame(framesB, (f) => f.type === 'project.created' && f.project?.id === garden.id, 'a project.created frame in B');

      // a duplicate name is refused next to the field (case-insensitively)
      await byTestId(pa, 'add-project').click();
      await byTestId(pa, 'project-form-name').fill('garden');
      await byTestId(pa, 'project-form-save').click();
      await byTestId(pa, 'field-error-project-name').waitFor();
      await byTestId(pa, 'project-form-name').fill('Kitchen');
      await byTestId(pa, 'project-form-save').click();
      await byTestId(pa, 'project-dialog').waitFor({ state: 'hidden' });
      await eventually(async () => JSON.stringify(await projectNames(pb)) === JSON.stringify(['Garden', 'Kitchen']), { message: 'B lists both projects' });
      const kitchen = (await a.projects()).find((p) => p.name === 'Kitchen');

      // rename and recolour in A → B
      await byTestId(pa, 'project-edit').click();
      await byTestId(pa, 'project-form-name').fill('Kitchen & pantry');
      await byTestId(pa, 'project-color-pink').check();
      await byTestId(pa, 'project-form-save').click();
      await byTestId(pa, 'project-dialog').waitFor({ state: 'hidden' });
      await eventually(async () => (await byTestId(projectNav(pb, kitchen.id), 'project-nav-name').textContent()) === 'Kitchen & pantry' && (await projectNav(pb, kitchen.id).getAttribute('data-color')) === 'pink', {
        message: 'B shows the new name and colour',
      });

      // reorder: Kitchen up → first, in A and B
      await byTestId(pa, 'project-move-up').click();
      await eventually(async () => JSON.stringify((await a.projects()).map((p) => p.name)) === JSON.stringify(['Kitchen & pantry', 'Garden']), { message: 'server order' });
      await eventually(async () => JSON.stringify(await projectNames(pb)) === JSON.stringify(['Kitchen & pantry', 'Garden']), { message: 'B’s order' });
      assertEqual(await projectNames(pa), ['Kitchen & pantry', 'Garden'], 'A’s order');
      assertEqual(await byTestId(pa, 'project-move-up').getAttribute('aria-disabled'), 'true', 'the first project cannot move up');

      // A moves a task into Garden with the form's picker; B's count follows, B's Garden view lists it
      await projectNav(pb, garden.id).click();
      await eventually(async () => (await viewTitle(pb)) === 'Garden', { message: 'B views Garden' });
      await byTestId(pa, 'nav-inbox').click();
      await byTestId(rowById(pa, errand.id), 'task-edit').click();
      await byTestId(pa, 'task-dialog').waitFor();
      await byTestId(pa, 'task-form-project').selectOption(garden.id);
      await byTestId(pa, 'task-form-save').click();
      await byTestId(pa, 'task-dialog').waitFor({ state: 'hidden' });
      await rowById(pa, errand.id).waitFor({ state: 'detached' }); // left the Inbox
      await rowById(pb, errand.id).waitFor(); // arrived in B's Garden, live
      await eventually(async () => (await byTestId(projectNav(pb, garden.id), 'project-nav-count').count()) === 1 && (await byTestId(projectNav(pb, garden.id), 'project-nav-count').textContent()) === '1', {
        message: 'B counts 1 in Garden',
      });
      await t.shot(pb, '24-project-live-b');

      // A deletes Garden, moving its task to the inbox; B was looking at it
      await projectNav(pa, garden.id).click();
      await eventually(async () => (await viewTitle(pa)) === 'Garden', { message: 'A views Garden' });
      await byTestId(pa, 'project-delete').click();
      await byTestId(pa, 'delete-project-dialog').waitFor();
      assertEqual(await focusedTestId(pa), 'cancel-delete-project', 'Cancel is focused');
      assert(await byTestId(pa, 'delete-project-move').isChecked(), 'moving the tasks to the inbox is the default');
      await t.shot(pa, '24-delete-project');
      await byTestId(pa, 'confirm-delete-project').click();
      await eventually(async () => (await viewTitle(pa)) === 'Inbox', { message: 'A is back in the Inbox' });
      await rowById(pa, errand.id).waitFor();
      await projectNav(pb, garden.id).waitFor({ state: 'detached' });
      await eventually(async () => (await viewTitle(pb)) === 'Inbox', { message: 'B left the deleted project for the Inbox' });
      await pb.locator('[data-testid="toast"]').filter({ hasText: 'The project “Garden” was deleted' }).waitFor();
      await rowById(pb, errand.id).waitFor();
      assertEqual((await a.getTask(errand.id)).json.project_id, null, 'the task is in the inbox on the server');
      await waitForFrame(framesB, (f) => f.type === 'project.deleted' && f.project?.id === garden.id, 'a project.deleted frame in B');

      // delete with its tasks: they go to the trash
      const shelf = await a.task({ title: 'Fix the shelf', project_id: kitchen.id });
      await projectNav(pa, kitchen.id).click();
      await rowById(pa, shelf.id).waitFor();
      await byTestId(pa, 'project-delete').click();
      await byTestId(pa, 'delete-project-trash').check();
      await byTestId(pa, 'confirm-delete-project').click();
      await projectNav(pb, kitchen.id).waitFor({ state: 'detached' });
      assertEqual((await a.getTask(shelf.id)).status, 404, 'the task is gone from the lists');
      assert((await a.listTrash()).items.some((x) => x.id === shelf.id), 'and in the trash');
      await byTestId(pb, 'nav-trash').click();
      await rowById(pb, shelf.id).waitFor();
    },
  },

  {
    name: '25. undo: completing and deleting offer Undo (reopen / restore), also with z; another browser follows live',
    async fn(t) {
      const account = await t.api.signUp('undoer');
      const a = api(t, account);
      const milk = await a.task({ title: 'Buy milk' });
      const bread = await a.task({ title: 'Buy bread' });
      const page = await t.newPage();
      const other = await t.newPage();
      await signInUI(page, account);
      await signInUI(other, account);
      await rowById(page, bread.id).waitFor();
      await rowById(other, bread.id).waitFor();

      // complete → Undo reopens
      await byTestId(rowById(page, milk.id), 'task-checkbox').click(); // (not check(): the row leaves the list)
      await rowById(page, milk.id).waitFor({ state: 'detached' });
      const completeToast = page.locator('[data-testid="toast"]').filter({ hasText: 'Completed “Buy milk”' });
      await completeToast.waitFor();
      await t.shot(page, '25-undo-complete');
      await byTestId(completeToast, 'undo-complete').click();
      await rowById(page, milk.id).waitFor();
      await eventually(async () => (await a.getTask(milk.id)).json?.completed === false, { message: 'reopened on the server' });
      await rowById(other, milk.id).waitFor();

      // delete (after the confirmation) → Undo restores
      await byTestId(rowById(page, bread.id), 'task-delete').click();
      await byTestId(page, 'confirm-dialog').waitFor();
      assert((await byTestId(page, 'confirm-dialog').textContent()).includes('trash'), 'the confirmation says it goes to the trash');
      await byTestId(page, 'confirm-delete').click();
      await rowById(page, bread.id).waitFor({ state: 'detached' });
      await rowById(other, bread.id).waitFor({ state: 'detached' });
      const deleteToast = page.locator('[data-testid="toast"]').filter({ hasText: 'Moved “Buy bread” to the trash' });
      await deleteToast.waitFor();
      await t.shot(page, '25-undo-delete');
      const [restore] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks/${bread.id}/restore`),
        byTestId(deleteToast, 'undo-delete').click(),
      ]);
      assertEqual(restore.status(), 200, 'restore answered');
      await rowById(page, bread.id).waitFor();
      await rowById(other, bread.id).waitFor(); // task.restored, live
      assertEqual((await a.getTask(bread.id)).json?.deleted_at, null, 'restored on the server');

      // z: undo from the keyboard while the toast shows
      await rowById(page, bread.id).focus();
      await page.keyboard.press('x');
      await rowById(page, bread.id).waitFor({ state: 'detached' });
      await page.locator('[data-testid="toast"]').filter({ hasText: 'Completed “Buy bread”' }).waitFor();
      await page.keyboard.press('z');
      await rowById(page, bread.id).waitFor();
      await eventually(async () => (await a.getTask(bread.id)).json?.completed === false, { message: 'z reopened it' });
      await rowById(page, milk.id).focus();
      await page.keyboard.press('#');
      await byTestId(page, 'confirm-dialog').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await rowById(page, milk.id).waitFor({ state: 'detached' });
      await page.locator('[data-testid="toast"]').filter({ hasText: 'Moved “Buy milk” to the trash' }).waitFor();
      await page.keyboard.press('z');
      await rowById(page, milk.id).waitFor();
      await eventually(async () => (await a.getTask(milk.id)).status === 200, { message: 'z restored it' });
      // nothing to undo: z does nothing
      const before = await titles(page);
      await page.keyboard.press('z');
      assertEqual(await titles(page), before, 'a second z changes nothing');
    },
  },

  {
    name: '26. keyboard only: q and quick add, a new project, n with the project picker, the views, restore from the trash',
    async fn(t) {
      const account = await t.api.signUp('typist');
      const a = api(t, account);
      const errands = await a.project({ name: 'Errands', color: 'purple' });
      const page = await t.newPage();
      await signInUI(page, account);
      await waitListLoaded(page);
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      // Tab forward to a control; Shift+Tab back when it lies behind the focus
      const tabTo = async (testId, max = 45) => {
        for (const key of ['Tab', 'Shift+Tab']) {
          for (let i = 0; i < max; i++) {
            if ((await focusedTestId(page)) === testId) return;
            await page.keyboard.press(key);
          }
        }
        throw new Error(`Tab never reached ${testId} (stuck at ${await focusedTestId(page)})`);
      };

      // q: straight into quick add; typing there is text, not shortcuts
      await page.keyboard.press('q');
      assertEqual(await focusedTestId(page), 'quick-add-input', 'q focuses quick add');
      assertEqual(await byTestId(page, 'quick-add-input').inputValue(), '', 'the q itself is not typed');
      await page.keyboard.type('Post the parcel tomorrow 10am #errands p2');
      const preview = page.locator('[data-testid="quick-add-preview"][data-state="ready"]');
      await eventually(async () => (await preview.count()) === 1 && (await fields(preview)).project === 'Errands', { message: 'the preview names Errands' });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="toast"]').filter({ hasText: 'Added “Post the parcel” to Errands' }).waitFor();
      assertEqual(await focusedTestId(page), 'quick-add-input', 'focus stays in quick add for the next one');
      await page.keyboard.type('x');
      await page.keyboard.press('Escape');
      assertEqual(await byTestId(page, 'quick-add-input').inputValue(), '', 'Escape empties quick add');

      // a project: Tab to "Add project", Enter, type, arrows for the colour, Tab to Create, Enter
      await tabTo('add-project');
      await page.keyboard.press('Enter');
      await byTestId(page, 'project-dialog').waitFor();
      assertEqual(await focusedTestId(page), 'project-form-name', 'focus starts in the name');
      await page.keyboard.type('Garden');
      await page.keyboard.press('Tab');
      assertEqual(await focusedTestId(page), 'project-color-grey', 'Tab → the chosen colour');
      await page.keyboard.press('ArrowLeft');
      assertEqual(await focusedTestId(page), 'project-color-pink', 'an arrow key picks the next colour');
      assert(await byTestId(page, 'project-color-pink').isChecked(), 'pink is chosen');
      await tabTo('project-form-save');
      await page.keyboard.press('Enter');
      await byTestId(page, 'project-dialog').waitFor({ state: 'hidden' });
      await eventually(async () => (await viewTitle(page)) === 'Garden', { message: 'in the new project' });
      const garden = (await a.projects()).find((p) => p.name === 'Garden');
      assertEqual(garden?.color, 'pink', 'created pink');

      // n in a project: the picker starts on it; arrows choose another one
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      await page.keyboard.press('n');
      await byTestId(page, 'task-dialog').waitFor();
      assertEqual(await byTestId(page, 'task-form-project').inputValue(), garden.id, 'the picker starts on the current project');
      await page.keyboard.type('Plant tulips');
      await tabTo('task-form-project');
      await page.keyboard.press('ArrowUp'); // Garden → Errands (the projects in sidebar order)
      assertEqual(await byTestId(page, 'task-form-project').inputValue(), errands.id, 'ArrowUp picked Errands');
      await page.keyboard.press('ArrowUp'); // → Inbox
      assertEqual(await byTestId(page, 'task-form-project').inputValue(), '', 'ArrowUp again: the Inbox');
      await page.keyboard.press('ArrowDown');
      await tabTo('task-form-save');
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${a.base}/tasks`),
        page.keyboard.press('Enter'),
      ]);
      assertEqual(resp.request().postDataJSON().project_id, errands.id, 'POSTed into Errands');
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });

      // the views by keyboard: Tab to a link, Enter
      await tabTo('nav-upcoming');
      await page.keyboard.press('Enter');
      await eventually(async () => (await viewTitle(page)) === 'Upcoming', { message: 'Upcoming by keyboard' });
      await rowByTitle(page, 'Post the parcel').waitFor();
      // j / x work there too; z takes it back
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      await page.keyboard.press('j');
      await page.keyboard.press('x');
      await rowByTitle(page, 'Post the parcel').waitFor({ state: 'detached' });
      await page.keyboard.press('z');
      await rowByTitle(page, 'Post the parcel').waitFor();

      // delete by keyboard, then restore from the Trash by keyboard
      await page.keyboard.press('j');
      await page.keyboard.press('#');
      await byTestId(page, 'confirm-dialog').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await rowByTitle(page, 'Post the parcel').waitFor({ state: 'detached' });
      await tabTo('nav-trash');
      await page.keyboard.press('Enter');
      await eventually(async () => (await viewTitle(page)) === 'Trash', { message: 'the Trash by keyboard' });
      await rowByTitle(page, 'Post the parcel').waitFor();
      await tabTo('task-restore');
      await page.keyboard.press('Enter');
      await rowByTitle(page, 'Post the parcel').waitFor({ state: 'detached' });
      const parcel = (await a.list('project=' + errands.id + '&limit=50')).items.find((x) => x.title === 'Post the parcel');
      assert(parcel && parcel.deleted_at === null, 'restored by keyboard');

      // the shortcuts dialog lists q and z
      await expectShortcutsListed(page);
    },
  },

  {
    name: '27. at 375 px: the views menu, every new view and dialog without horizontal scrolling; quick add by tap',
    async fn(t) {
      const account = await t.api.signUp('phoner');
      const a = api(t, account);
      const project = await a.project({ name: 'A project with a fairly long name for a phone', color: 'indigo' });
      await a.task({ title: 'Overdue thing with a long title that wraps on a small screen', due_date: dayAt(-1, '09:00'), timezone: ZONE, project_id: project.id, tags: ['long-tag-name-here'] });
      await a.task({ title: 'Tomorrow thing', due_date: dayAt(1, '09:00'), timezone: ZONE });
      const gone = await a.task({ title: 'Deleted thing', project_id: project.id });
      await a.trash(gone.id);
      const phone = await t.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      await signInUI(phone, account);
      await waitListLoaded(phone);
      const fits = async (label) => {
        const o = await horizontalOverflow(phone);
        assert(o.scrollWidth <= o.viewport, `${label}: no horizontal scrolling (${o.scrollWidth} > ${o.viewport})`);
      };
      await fits('inbox');
      assert(!(await byTestId(phone, 'sidebar').isVisible()), 'the sidebar is folded on a phone');
      const toggle = byTestId(phone, 'nav-toggle');
      assertEqual(await toggle.getAttribute('aria-expanded'), 'false', 'the menu button says folded');
      const open = async (testId) => {
        await toggle.tap();
        await byTestId(phone, 'sidebar').waitFor();
        assertEqual(await toggle.getAttribute('aria-expanded'), 'true', 'the menu button says open');
        await fits('the views menu open');
        await byTestId(phone, testId).tap();
        await byTestId(phone, 'sidebar').waitFor({ state: 'hidden' });
        await waitListLoaded(phone);
      };
      await toggle.tap();
      await byTestId(phone, 'sidebar').waitFor();
      await t.shot(phone, '27-phone-menu');
      await toggle.tap();
      await byTestId(phone, 'sidebar').waitFor({ state: 'hidden' });
      for (const [testId, title] of [
        ['nav-today', 'Today'],
        ['nav-upcoming', 'Upcoming'],
        ['nav-completed', 'Completed'],
        ['nav-trash', 'Trash'],
        ['nav-all', 'All tasks'],
      ]) {
        await open(testId);
        await eventually(async () => (await viewTitle(phone)) === title, { message: title });
        await fits(title);
        if (title === 'Today') await t.shot(phone, '27-phone-today');
      }
      await toggle.tap();
      await projectNav(phone, project.id).tap();
      await eventually(async () => (await viewTitle(phone)) === project.name, { message: 'the project' });
      await waitListLoaded(phone);
      await fits('a project with its actions');
      for (const r of await byTestId(phone, 'task-row').all()) {
        const box = await r.boundingBox();
        assert(box && box.x >= 0 && box.x + box.width <= 375.5, `a row fits: ${JSON.stringify(box)}`);
      }
      await t.shot(phone, '27-phone-project');

      // quick add by tap, with the preview open
      await byTestId(phone, 'quick-add-input').tap();
      await phone.keyboard.type('Call the plumber tomorrow 8am p1');
      await phone.locator('[data-testid="quick-add-preview"][data-state="ready"]').waitFor();
      await fits('quick add with its preview');
      await t.shot(phone, '27-phone-quick-add');
      await byTestId(phone, 'quick-add-submit').tap();
      await rowByTitle(phone, 'Call the plumber').waitFor();

      // the dialogs
      await byTestId(phone, 'project-edit').tap();
      await byTestId(phone, 'project-dialog').waitFor();
      await fits('the project dialog');
      const dlg = await byTestId(phone, 'project-dialog').boundingBox();
      assert(dlg && dlg.x >= 0 && dlg.x + dlg.width <= 375.5, `the project dialog fits: ${JSON.stringify(dlg)}`);
      await byTestId(phone, 'project-form-cancel').tap();
      await byTestId(phone, 'project-delete').tap();
      await byTestId(phone, 'delete-project-dialog').waitFor();
      await fits('the delete-project dialog');
      await byTestId(phone, 'cancel-delete-project').tap();
      await byTestId(phone, 'new-task').tap();
      await byTestId(phone, 'task-form-project').waitFor();
      await fits('the task form with the project picker');
    },
  },

  {
    name: '28. accessibility (axe, light and dark): every new view, quick add, the project dialogs, undo toast, the phone menu and project',
    async fn(t) {
      const log = [];
      const account = await t.api.signUp('axes');
      const a = api(t, account);
      const home = await a.project({ name: 'Home', color: 'yellow' });
      await a.project({ name: 'Work', color: 'cyan' });
      await a.task({ title: 'Pay the overdue bill', due_date: dayAt(-1, '09:00'), timezone: ZONE, priority: 'high', project_id: home.id, tags: ['bills'] });
      await a.task({ title: 'Dentist', due_date: dayAt(0, '23:00'), timezone: ZONE });
      await a.task({ title: 'Weekly review', due_date: dayAt(2, '10:00'), timezone: ZONE, recurrence: 'FREQ=WEEKLY' });
      await a.task({ title: 'Renew passport', due_date: dayAt(40, '10:00'), timezone: ZONE });
      const done = await a.task({ title: 'Book flights', project_id: home.id });
      await a.complete(done.id);
      const gone = await a.task({ title: 'Old list' });
      await a.trash(gone.id);

      const page = await t.newPage();
      await signInUI(page, account);
      await waitListLoaded(page);
      await eventually(async () => (await byTestId(page, 'project-nav').count()) === 2, { message: 'the projects listed' });
      await scanBothSchemes(page, 'inbox with sidebar and quick add', log);
      await byTestId(page, 'quick-add-input').fill('Pay rent every month on the 1st 9am #home p1 remind me 1h before @bills');
      await page.locator('[data-testid="quick-add-preview"][data-state="ready"]').waitFor();
      await scanBothSchemes(page, 'quick add preview', log);
      await byTestId(page, 'quick-add-input').fill('tomorrow');
      await page.locator('[data-testid="quick-add-preview"][data-state="invalid"]').waitFor();
      await byTestId(page, 'quick-add-input').press('Enter');
      await byTestId(page, 'quick-add-error').waitFor();
      await scanBothSchemes(page, 'quick add error', log);
      await byTestId(page, 'quick-add-input').fill('');

      for (const [testId, title, label] of [
        ['nav-today', 'Today', 'Today (grouped)'],
        ['nav-upcoming', 'Upcoming', 'Upcoming (by day)'],
        ['nav-completed', 'Completed', 'Completed'],
        ['nav-trash', 'Trash', 'Trash'],
        ['nav-all', 'All tasks', 'All tasks'],
      ]) {
        await go(page, testId, title);
        await byTestId(page, 'task-row').first().waitFor();
        await scanBothSchemes(page, label, log);
      }
      await projectNav(page, home.id).click();
      await eventually(async () => (await viewTitle(page)) === 'Home', { message: 'Home' });
      await byTestId(page, 'task-row').first().waitFor();
      await scanBothSchemes(page, 'project view with its actions', log);

      await byTestId(page, 'project-edit').click();
      await byTestId(page, 'project-form-name').fill('');
      await byTestId(page, 'project-form-save').click();
      await byTestId(page, 'field-error-project-name').waitFor();
      await scanBothSchemes(page, 'project dialog, name error', log);
      await byTestId(page, 'project-form-cancel').click();
      await byTestId(page, 'project-delete').click();
      await byTestId(page, 'delete-project-dialog').waitFor();
      await scanBothSchemes(page, 'delete project dialog', log);
      await byTestId(page, 'cancel-delete-project').click();

      // the task form with the project picker, the undo toast
      await byTestId(page, 'new-task').click();
      await byTestId(page, 'task-form-project').waitFor();
      await scanBothSchemes(page, 'task form with project picker', log);
      await byTestId(page, 'task-form-cancel').click();
      await byTestId(page, 'task-dialog').waitFor({ state: 'hidden' });
      const row = byTestId(page, 'task-row').first();
      await byTestId(row, 'task-checkbox').click(); // (not check(): the row leaves the list)
      await byTestId(page, 'undo-complete').waitFor();
      await scanBothSchemes(page, 'undo toast', log);
      await byTestId(page, 'undo-complete').click();
      await byTestId(page, 'task-row').first().waitFor();

      await go(page, 'nav-inbox', 'Inbox');
      await page.keyboard.press('?');
      await byTestId(page, 'shortcuts-dialog').waitFor();
      await scanBothSchemes(page, 'shortcuts dialog (with q and z)', log);
      await page.keyboard.press('Escape');

      const phone = await t.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      await signInUI(phone, account);
      await waitListLoaded(phone);
      await byTestId(phone, 'nav-toggle').tap();
      await byTestId(phone, 'sidebar').waitFor();
      await scanBothSchemes(phone, 'phone 375 px: views menu open', log);
      await byTestId(phone, 'nav-today').tap();
      await byTestId(phone, 'task-row').first().waitFor();
      await scanBothSchemes(phone, 'phone 375 px: Today', log);
      await byTestId(phone, 'nav-toggle').tap();
      await projectNav(phone, home.id).tap();
      await byTestId(phone, 'project-edit').waitFor();
      await byTestId(phone, 'task-row').first().waitFor();
      await scanBothSchemes(phone, 'phone 375 px: project with icon actions', log);

      for (const e of log) t.note(`axe ${e.scheme.padEnd(5)} ${e.view}: ${e.blocking.length} serious/critical, ${e.other.length} other`);
      for (const line of describeViolations(log)) t.note(line);
      const blocking = log.filter((e) => e.blocking.length);
      assert(blocking.length === 0, `serious or critical axe violations (axe ${axeVersion()}):\n      ${describeViolations(blocking).join('\n      ')}`);
      const any = log.filter((e) => e.other.length);
      assert(any.length === 0, `axe violations of lower impact:\n      ${describeViolations(any).join('\n      ')}`);
    },
  },
];
