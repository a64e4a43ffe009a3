import { describe, expect, it } from 'vitest';
import { isTextEntry, moveSelection, shortcutFor, SHORTCUTS } from '../src/lib/shortcuts';

describe('keyboard shortcuts', () => {
  it('maps q n / j k x e # z ? to their actions', () => {
    const body = { tagName: 'BODY' };
    const got = ['q', 'n', '/', 'j', 'k', 'x', 'e', '#', 'z', '?', 'Q', 'Enter'].map((key) => shortcutFor({ key }, body));
    expect(got).toEqual(['quick', 'new', 'search', 'next', 'previous', 'complete', 'edit', 'delete', 'undo', 'help', null, null]);
    expect(SHORTCUTS.map((s) => s.key)).toEqual(['q', 'n', '/', 'j', 'k', 'x', 'e', '#', 'z', '?']);
  });

  it('does not take q while typing (the quick add field itself is a text field)', () => {
    expect(shortcutFor({ key: 'q' }, { tagName: 'INPUT', type: 'text' })).toBeNull();
    expect(shortcutFor({ key: 'z', metaKey: true }, { tagName: 'BODY' })).toBeNull();
  });

  it('stays out of the way while typing or with modifiers, but not on a focused checkbox or button', () => {
    expect(shortcutFor({ key: 'x' }, { tagName: 'INPUT', type: 'text' })).toBeNull();
    expect(shortcutFor({ key: 'x' }, { tagName: 'INPUT', type: 'search' })).toBeNull();
    expect(shortcutFor({ key: 'x' }, { tagName: 'TEXTAREA' })).toBeNull();
    expect(shortcutFor({ key: 'x' }, { tagName: 'SELECT' })).toBeNull();
    expect(shortcutFor({ key: 'x' }, { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(shortcutFor({ key: 'x', ctrlKey: true }, { tagName: 'BODY' })).toBeNull();
    expect(shortcutFor({ key: 'x', defaultPrevented: true }, { tagName: 'BODY' })).toBeNull();
    expect(shortcutFor({ key: 'x' }, { tagName: 'INPUT', type: 'checkbox' })).toBe('complete');
    expect(shortcutFor({ key: 'j' }, { tagName: 'BUTTON' })).toBe('next');
    expect(isTextEntry({ tagName: 'INPUT' })).toBe(true);
  });

  it('moves the selection within the list', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(-1, 1, 0)).toBe(-1);
  });
});
