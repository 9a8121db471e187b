import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { Settings } from '@shared/common/api/settings';
import { CommandPalette } from '../palette/CommandPalette';
import { usePaletteItems, type PaletteActions } from '../palette/usePaletteItems';
import type { Tab } from '../ui/tabs';
import type { KeyHost, ShortcutAction } from './keyMap';
import { CloseSessionDialog, ShortcutsDialog } from './ShortcutsDialog';
import { useShortcuts } from './useShortcuts';

type Open = { kind: 'none' } | { kind: 'help' } | { kind: 'palette' } | { kind: 'close'; key: string; name: string };

export interface ShellKeysProps {
  host: KeyHost;
  tab: Tab;
  onNavigate: (tab: Tab) => void;
  /** The session tabs, in the header's order; `live` while the session runs (closing it ends it). */
  sessionTabs: { key: string; name: string; live: boolean }[];
  onCloseTab: (key: string) => void;
  /** Locks the vault, when it is unlocked; else null. */
  onLock: (() => void) | null;
  /** Opens My Resources' list (leaving a connect flow), when there is one to search; else null. */
  onSearch: (() => void) | null;
  info: AppInfo | null;
  auth: AuthState | null;
  settings: Settings | null;
  palette: PaletteActions;
}

/** Focuses the element `selector` finds once it is rendered (tried for about half a second). */
function focusWhenShown(selector: string, tries = 30): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element) element.focus();
  else if (tries > 0) requestAnimationFrame(() => focusWhenShown(selector, tries - 1));
}

/** The app's keyboard shortcuts, and what they open: the `?` list, the command palette, the question before closing a live session. */
export function ShellKeys(props: ShellKeysProps) {
  const { host, tab, onNavigate, sessionTabs, onCloseTab, onLock, onSearch } = props;
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = useCallback(() => setOpen({ kind: 'none' }), []);
  // The page Ctrl+Tab comes back to from the session tabs.
  const lastPage = useRef<Tab>({ kind: 'home' });
  // A tab switched to by keyboard keeps the keyboard in the app (its toolbar), so the next chord
  // works too; a click on the screen (or Tab to it) gives it to the remote computer.
  const keyboardSwitch = useRef(false);
  useEffect(() => {
    if (tab.kind !== 'session') lastPage.current = tab;
    else if (keyboardSwitch.current)
      document.querySelector<HTMLElement>('section.session:not([hidden]) .session-toolbar button')?.focus();
    keyboardSwitch.current = false;
  }, [tab]);
  const go = (target: Tab) => {
    keyboardSwitch.current = true;
    onNavigate(target);
  };

  const run = (action: ShortcutAction): boolean => {
    const ring: Tab[] = [lastPage.current, ...sessionTabs.map((s) => ({ kind: 'session' as const, key: s.key }))];
    const here = tab.kind === 'session' ? ring.findIndex((t) => t.kind === 'session' && t.key === tab.key) : 0;
    switch (action.kind) {
      case 'next-tab':
      case 'previous-tab': {
        if (ring.length < 2) return false;
        const step = action.kind === 'next-tab' ? 1 : -1;
        go(ring[(Math.max(here, 0) + step + ring.length) % ring.length] ?? lastPage.current);
        return true;
      }
      case 'tab': {
        const target = sessionTabs[action.index];
        if (target) go({ kind: 'session', key: target.key });
        return Boolean(target);
      }
      case 'close-tab': {
        const current = tab.kind === 'session' ? sessionTabs.find((s) => s.key === tab.key) : undefined;
        if (!current) return false;
        if (current.live) setOpen({ kind: 'close', key: current.key, name: current.name });
        else onCloseTab(current.key);
        return true;
      }
      case 'lock-vault':
        onLock?.();
        return onLock !== null;
      case 'search-resources':
        if (!onSearch) return false;
        onSearch();
        focusWhenShown('.resources input[type="search"]');
        return true;
      case 'palette':
      case 'help':
        setOpen({ kind: action.kind });
        return true;
    }
  };
  useShortcuts(host, open.kind === 'none', run);
  const { items, loading } = usePaletteItems(
    open.kind === 'palette',
    props.info,
    props.auth,
    props.settings,
    props.palette,
  );

  if (open.kind === 'help') return <ShortcutsDialog host={host} onClose={close} />;
  if (open.kind === 'palette') return <CommandPalette items={items} loading={loading} onClose={close} />;
  if (open.kind === 'close')
    return (
      <CloseSessionDialog
        name={open.name}
        onCancel={close}
        onEnd={() => {
          close();
          onCloseTab(open.key);
        }}
      />
    );
  return null;
}
