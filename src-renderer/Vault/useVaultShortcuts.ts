import { useEffect } from 'react';
import { useApi } from '../bridge/apiContext';

/** How often activity is reported to main at most: often enough for the shortest idle lock. */
const activityEveryMs = 1000;

/**
 * While the vault is unlocked, any key, click or scroll in the app tells main the user is here,
 * so the idle lock counts again. (Ctrl+Shift+L, which locks it, is in src-renderer/shortcuts.)
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
    window.addEventListener('keydown', active);
    window.addEventListener('pointerdown', active);
    window.addEventListener('wheel', active, { passive: true });
    return () => {
      window.removeEventListener('keydown', active);
      window.removeEventListener('pointerdown', active);
      window.removeEventListener('wheel', active);
    };
  }, [api, unlocked]);
}
