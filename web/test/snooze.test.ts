import { describe, expect, it } from 'vitest';
import { DEFAULT_SNOOZE, reminderText, snoozeChoices, snoozeOptions, SNOOZE_OVERRIDE_KEY, titleFromMessage } from '../src/lib/snooze';

const NOW = Date.parse('2026-12-03T10:00:00.000Z'); // 11:00 in Berlin

describe('snooze choices', () => {
  it('offers 10 min, 1 hour and tomorrow morning (09:00 in the browser’s zone)', () => {
    expect(DEFAULT_SNOOZE.map((c) => c.id)).toEqual(['10m', '1h', 'tomorrow']);
    const at = DEFAULT_SNOOZE.map((c) => new Date(c.at(NOW, 'Europe/Berlin')).toISOString());
    expect(at).toEqual(['2026-12-03T10:10:00.000Z', '2026-12-03T11:00:00.000Z', '2026-12-04T08:00:00.000Z']);
  });

  it('disables a choice that would move the reminder past the due time (the API refuses that)', () => {
    const task = { due_date: '2026-12-03T10:30:00.000Z' };
    const opts = snoozeOptions(task, NOW, 'Europe/Berlin', DEFAULT_SNOOZE);
    expect(opts.map((o) => [o.choice.id, o.allowed])).toEqual([
      ['10m', true],
      ['1h', false],
      ['tomorrow', false],
    ]);
    expect(snoozeOptions({ due_date: null }, NOW, 'UTC', DEFAULT_SNOOZE).every((o) => o.allowed)).toBe(true);
  });

  it('lets browser tests (and only them) replace the durations through localStorage', () => {
    const list = JSON.stringify([{ id: '5s', label: '5 s', seconds: 5 }, { id: 'bad' }]);
    const store = (v: string | null) => (k: string) => (k === SNOOZE_OVERRIDE_KEY ? v : null);
    const test = snoozeChoices({ webdriver: true, read: store(list) });
    expect(test.map((c) => [c.id, c.label, c.at(NOW, 'UTC') - NOW])).toEqual([['5s', '5 s', 5000]]);
    // a normal browser ignores the key
    expect(snoozeChoices({ webdriver: false, read: store(list) })).toBe(DEFAULT_SNOOZE);
    expect(snoozeChoices({ webdriver: true, read: store(null) })).toBe(DEFAULT_SNOOZE);
    expect(snoozeChoices({ webdriver: true, read: store('not json') })).toBe(DEFAULT_SNOOZE);
  });
});

describe('reminder wording', () => {
  it('says what and when in few words', () => {
    const n = { message: 'Reminder: “Call the plumber” is due Thu 03 Dec 2026 11:05 (Europe/Berlin)' };
    expect(reminderText(n, { title: 'Call the plumber', due_date: '2026-12-03T10:05:00.000Z' }, NOW, 'en-US')).toBe('Call the plumber — in 5 min.');
    expect(reminderText(n, { title: 'Call the plumber', due_date: null }, NOW, 'en-US')).toBe('Call the plumber');
    // the task is not known (deleted): the title comes from the server's message
    expect(reminderText(n, null, NOW, 'en-US')).toBe('Call the plumber');
  });

  it('finds the title in the server message', () => {
    expect(titleFromMessage('Reminder: “Pay rent” is due Tue 01 Dec 2026 09:00 (Europe/Berlin)')).toBe('Pay rent');
    expect(titleFromMessage('Reminder: “Pay rent”')).toBe('Pay rent');
    expect(titleFromMessage('Something else')).toBe('Something else');
  });
});
