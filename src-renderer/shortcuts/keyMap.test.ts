import { describe, expect, it } from 'vitest';
import { actionFor, isReleaseChord, shortcutList, type KeyPress } from './keyMap';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('actionFor', () => {
  it('takes the usual chords in the desktop app', () => {
    expect(actionFor(press('Tab', { ctrlKey: true }), 'desktop', 'page')).toEqual({ kind: 'next-tab' });
    expect(actionFor(press('Tab', { ctrlKey: true, shiftKey: true }), 'desktop', 'page')).toEqual({
      kind: 'previous-tab',
    });
    expect(actionFor(press('3', { ctrlKey: true }), 'desktop', 'page')).toEqual({ kind: 'tab', index: 2 });
    expect(actionFor(press('w', { ctrlKey: true }), 'desktop', 'page')).toEqual({ kind: 'close-tab' });
    expect(actionFor(press('W', { metaKey: true }), 'desktop', 'page')).toEqual({ kind: 'close-tab' });
  });

  it('takes Alt chords in the browser host and leaves Chromium its Ctrl ones', () => {
    expect(actionFor(press('PageDown', { altKey: true }), 'browser', 'page')).toEqual({ kind: 'next-tab' });
    expect(actionFor(press('PageUp', { altKey: true }), 'browser', 'page')).toEqual({ kind: 'previous-tab' });
    expect(actionFor(press('9', { altKey: true }), 'browser', 'page')).toEqual({ kind: 'tab', index: 8 });
    expect(actionFor(press('w', { altKey: true }), 'browser', 'page')).toEqual({ kind: 'close-tab' });
    expect(actionFor(press('w', { ctrlKey: true }), 'browser', 'page')).toBeNull();
    expect(actionFor(press('Tab', { ctrlKey: true }), 'browser', 'page')).toBeNull();
    expect(actionFor(press('1', { ctrlKey: true }), 'browser', 'page')).toBeNull();
    expect(actionFor(press('w', { altKey: true }), 'desktop', 'page')).toBeNull();
  });

  it('locks the vault and opens the palette with the same chords in both hosts', () => {
    for (const host of ['desktop', 'browser'] as const) {
      expect(actionFor(press('L', { ctrlKey: true, shiftKey: true }), host, 'page')).toEqual({ kind: 'lock-vault' });
      expect(actionFor(press('k', { ctrlKey: true }), host, 'typing')).toEqual({ kind: 'palette' });
    }
  });

  it('opens the list with ? and searches with /, but not while typing', () => {
    expect(actionFor(press('?', { shiftKey: true }), 'browser', 'page')).toEqual({ kind: 'help' });
    expect(actionFor(press('/'), 'desktop', 'page')).toEqual({ kind: 'search-resources' });
    expect(actionFor(press('?', { shiftKey: true }), 'browser', 'typing')).toBeNull();
    expect(actionFor(press('/'), 'desktop', 'typing')).toBeNull();
    expect(actionFor(press('?', { ctrlKey: true, shiftKey: true }), 'desktop', 'page')).toBeNull();
  });

  it('takes nothing while a session has the keyboard', () => {
    for (const host of ['desktop', 'browser'] as const)
      for (const p of [
        press('Tab', { ctrlKey: true }),
        press('1', { altKey: true }),
        press('w', { ctrlKey: true }),
        press('l', { ctrlKey: true, shiftKey: true }),
        press('k', { ctrlKey: true }),
        press('?', { shiftKey: true }),
        press('/'),
      ])
        expect(actionFor(p, host, 'session')).toBeNull();
  });

  it('leaves other keys alone', () => {
    expect(actionFor(press('a'), 'desktop', 'page')).toBeNull();
    expect(actionFor(press('0', { ctrlKey: true }), 'desktop', 'page')).toBeNull();
    expect(actionFor(press('0', { altKey: true }), 'browser', 'page')).toBeNull();
  });
});

describe('isReleaseChord', () => {
  it('is Ctrl+Alt+Shift completed by any of the three', () => {
    const all = { ctrlKey: true, altKey: true, shiftKey: true };
    expect(isReleaseChord(press('Shift', all))).toBe(true);
    expect(isReleaseChord(press('Control', all))).toBe(true);
    expect(isReleaseChord(press('Alt', all))).toBe(true);
    expect(isReleaseChord(press('Delete', all))).toBe(false);
    expect(isReleaseChord(press('Shift', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});

describe('shortcutList', () => {
  it('lists the chords of the host it is shown in', () => {
    const desktop = shortcutList('desktop').map((s) => s.keys);
    const browser = shortcutList('browser').map((s) => s.keys);
    expect(desktop).toContain('Ctrl+W');
    expect(desktop).not.toContain('Alt+W');
    expect(browser).toContain('Alt+W');
    expect(browser).not.toContain('Ctrl+W');
    for (const list of [desktop, browser])
      expect(list).toEqual(expect.arrayContaining(['Ctrl+Shift+L', '?', 'Ctrl+K']));
  });
});
