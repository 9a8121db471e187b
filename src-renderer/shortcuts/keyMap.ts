/**
 * The app's keyboard shortcuts, as data: which chord does what in which host, and the list the
 * `?` dialog shows. The desktop app takes the usual chords; the browser host uses ones Chromium
 * leaves to the page (it keeps Ctrl+W, Ctrl+Tab and Ctrl+1…9 for its own tabs).
 */
export type KeyHost = 'desktop' | 'browser';

export type ShortcutAction =
  | { kind: 'next-tab' }
  | { kind: 'previous-tab' }
  | { kind: 'tab'; index: number }
  | { kind: 'close-tab' }
  | { kind: 'lock-vault' }
  | { kind: 'search-resources' }
  | { kind: 'palette' }
  | { kind: 'help' };

/** Where the key was pressed: a session's screen (it has the keyboard), a text field, or elsewhere. */
export type KeyPlace = 'session' | 'typing' | 'page';

/** The parts of a KeyboardEvent the map reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** The one chord that takes the keyboard back from a session's screen (every other key goes to the remote computer). */
export const releaseChord = 'Ctrl+Alt+Shift';

/** True for the key press that completes Ctrl+Alt+Shift (in any order). */
export function isReleaseChord(press: KeyPress): boolean {
  return press.ctrlKey && press.altKey && press.shiftKey && ['Control', 'Alt', 'Shift'].includes(press.key);
}

/** The action a key press asks for, or null (then the key is left alone). */
export function actionFor(press: KeyPress, host: KeyHost, place: KeyPlace): ShortcutAction | null {
  if (place === 'session') return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  const ctrl = press.ctrlKey || press.metaKey;
  if (ctrl && press.shiftKey && !press.altKey && key === 'l') return { kind: 'lock-vault' };
  if (ctrl && !press.shiftKey && !press.altKey && key === 'k') return { kind: 'palette' };
  const tabs = host === 'desktop' ? desktopTabAction(press, key, ctrl) : browserTabAction(press, key);
  if (tabs) return tabs;
  if (place === 'typing' || ctrl || press.altKey) return null;
  if (key === '?') return { kind: 'help' };
  if (key === '/') return { kind: 'search-resources' };
  return null;
}

/** Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+1…9, Ctrl+W. */
function desktopTabAction(press: KeyPress, key: string, ctrl: boolean): ShortcutAction | null {
  if (!ctrl || press.altKey) return null;
  if (key === 'Tab') return { kind: press.shiftKey ? 'previous-tab' : 'next-tab' };
  if (press.shiftKey) return null;
  if (key === 'w') return { kind: 'close-tab' };
  if (/^[1-9]$/.test(key)) return { kind: 'tab', index: Number(key) - 1 };
  return null;
}

/** Alt+PageDown, Alt+PageUp, Alt+1…9, Alt+W (Chromium keeps the Ctrl ones). */
function browserTabAction(press: KeyPress, key: string): ShortcutAction | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  if (key === 'PageDown') return { kind: 'next-tab' };
  if (key === 'PageUp') return { kind: 'previous-tab' };
  if (key === 'w') return { kind: 'close-tab' };
  // Alt+digit: `key` is the digit on most layouts.
  if (/^[1-9]$/.test(key)) return { kind: 'tab', index: Number(key) - 1 };
  return null;
}

/** The shortcuts that apply in `host`, for the `?` dialog and the README. */
export function shortcutList(host: KeyHost): { keys: string; what: string }[] {
  const tabKeys =
    host === 'desktop'
      ? { next: 'Ctrl+Tab', previous: 'Ctrl+Shift+Tab', nth: 'Ctrl+1 … Ctrl+9', close: 'Ctrl+W' }
      : { next: 'Alt+Page Down', previous: 'Alt+Page Up', nth: 'Alt+1 … Alt+9', close: 'Alt+W' };
  return [
    { keys: tabKeys.next, what: 'Next tab (the page, then each session tab)' },
    { keys: tabKeys.previous, what: 'Previous tab' },
    { keys: tabKeys.nth, what: 'Session tab 1 to 9' },
    { keys: tabKeys.close, what: 'Close the session tab (asks first while the session is live)' },
    { keys: 'Ctrl+Shift+L', what: 'Lock the vault' },
    { keys: '/', what: 'Search My Resources' },
    { keys: 'Ctrl+K', what: 'Command palette: connect to a computer, go to a page' },
    { keys: '?', what: 'This list' },
    {
      keys: releaseChord,
      what: "Give the keyboard back from a session's screen (every other key goes to the remote computer)",
    },
  ];
}
