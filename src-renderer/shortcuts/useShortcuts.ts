import { useEffect, useRef } from 'react';
import { actionFor, type KeyHost, type KeyPlace, type ShortcutAction } from './keyMap';

/** Where a key press happened, for the key map: a session's screen with the keyboard, a text field, or elsewhere. */
export function placeOf(target: EventTarget | null): KeyPlace {
  if (!(target instanceof HTMLElement)) return 'page';
  if (target.closest('[data-keyboard="remote"]')) return 'session';
  // A watcher's read-only screen: what they type goes nowhere, and must not trigger `/` or `?` either.
  if (target.closest('.session-screen')) return 'typing';
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return 'typing';
  if (target instanceof HTMLInputElement)
    return ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type) ? 'page' : 'typing';
  return 'page';
}

/**
 * Runs the app's shortcuts while `enabled` (no dialog open): `run` gets each action of the key
 * map and returns whether it did something (then the key's default is prevented).
 */
export function useShortcuts(host: KeyHost, enabled: boolean, run: (action: ShortcutAction) => boolean): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  }, [run]);
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const action = actionFor(event, host, placeOf(event.target));
      if (action && latest.current(action)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, enabled]);
}
