import { useEffect } from 'react';
import { useApi } from '../bridge/apiContext';

/** How often activity is reported to main at most: often enough for the shortest idle lock. */
const activityEveryMs = 1000;

/**
 * While the vault is unlocked: Ctrl+Shift+L (⌘⇧L on a Mac) locks it, and any key, click or
 * scroll in the app tells main the user is here, so the idle lock counts again.
 */
export function useVaultShortcuts(unlocked: boolean): void {
  const api = useApi();
  useEffect(() => {
    if (!unlocked) return;
    let last = 0;
    const active = () => {
      const now = Date.now();
      if (now - last < activityEveryMs) return;
      last = now;
      void api.vault.activity({}).catch(() => undefined);
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void api.vault.lock({});
        return;
      }
      active();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', active);
    window.addEventListener('wheel', active, { passive: true });
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', active);
      window.removeEventListener('wheel', active);
    };
  }, [api, unlocked]);
}
