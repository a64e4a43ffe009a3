// The task page's single-key shortcuts: one list for the handler and for
// the "?" help dialog.

export type ShortcutAction = 'quick' | 'new' | 'search' | 'next' | 'previous' | 'complete' | 'edit' | 'delete' | 'undo' | 'help';

export const SHORTCUTS: ReadonlyArray<{ key: string; action: ShortcutAction; description: string }> = [
  { key: 'q', action: 'quick', description: 'Quick add (type the task in one line)' },
  { key: 'n', action: 'new', description: 'New task (the full form)' },
  { key: '/', action: 'search', description: 'Search tasks' },
  { key: 'j', action: 'next', description: 'Select the next task' },
  { key: 'k', action: 'previous', description: 'Select the previous task' },
  { key: 'x', action: 'complete', description: 'Complete (or reopen) the selected task' },
  { key: 'e', action: 'edit', description: 'Edit the selected task' },
  { key: '#', action: 'delete', description: 'Delete the selected task (asks first; it goes to the trash)' },
  { key: 'z', action: 'undo', description: 'Undo the last delete or complete (while its toast shows)' },
  { key: '?', action: 'help', description: 'Show these shortcuts' },
];

/** Input types where typed characters are text (a checkbox or a button is not). */
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'password', 'number', 'tel', 'url', 'date', 'datetime-local', 'time', 'month', 'week']);

export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** Typing into this element: shortcuts stay out of the way. */
export function isTextEntry(el: KeyTarget | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUTS.has((el.type || 'text').toLowerCase());
  return false;
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  defaultPrevented?: boolean;
}

/** The action for a key press, or null (modifiers other than Shift, or typing). */
export function shortcutFor(e: KeyLike, target: KeyTarget | null): ShortcutAction | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTextEntry(target)) return null;
  return SHORTCUTS.find((s) => s.key === e.key)?.action ?? null;
}

/** Index after moving `delta` rows from `current` (-1 = none selected) in a list of `length`. */
export function moveSelection(current: number, delta: 1 | -1, length: number): number {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}
