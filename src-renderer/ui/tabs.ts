/** The app's pages, in the header's main navigation. */
export type PageKind =
  'home' | 'resources' | 'requests' | 'vault' | 'computers' | 'live' | 'recordings' | 'admin' | 'settings';

/**
 * What the main area shows: a page, or a session tab by its key (after Teleport Connect's
 * documents: one union, told apart by `kind`).
 */
export type Tab = { kind: PageKind } | { kind: 'session'; key: string };

/** True when both name the same page, or the same session tab. */
export function sameTab(a: Tab, b: Tab): boolean {
  return a.kind === b.kind && (a.kind !== 'session' || (b.kind === 'session' && a.key === b.key));
}

/** True when `tab` is the page `kind`. */
export function isPage(tab: Tab, kind: PageKind): boolean {
  return tab.kind === kind;
}

/** True when `tab` is the session tab `key`. */
export function isSession(tab: Tab, key: string): boolean {
  return tab.kind === 'session' && tab.key === key;
}
