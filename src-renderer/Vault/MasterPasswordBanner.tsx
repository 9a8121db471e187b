import { useState } from 'react';
import { Banner } from '../ui/Banner';

/** Where a dismissed master-password banner is remembered on this device. */
const dismissedKey = 'openpsm.masterPasswordBanner.dismissed';

function wasDismissed(): boolean {
  try {
    return window.localStorage.getItem(dismissedKey) === '1';
  } catch {
    return false;
  }
}

/**
 * The offer to create a master password (no vault yet), on Home and Vault only. On Vault the
 * form is right below, so it has no button to get there. Not now hides it on this device.
 */
export function MasterPasswordBanner({ onVault, onCreate }: { onVault: boolean; onCreate: () => void }) {
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (dismissed) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(dismissedKey, '1');
    } catch {
      // No storage: hidden until the next launch.
    }
    setDismissed(true);
  };
  return (
    <Banner tone="info" title="Create your master password">
      <span data-testid="master-password-banner">
        Your personal credentials are kept in a vault that only your master password opens.
      </span>{' '}
      {!onVault && (
        <button type="button" className="button secondary" onClick={onCreate}>
          Create master password
        </button>
      )}{' '}
      <button type="button" className="button secondary" onClick={dismiss}>
        Not now
      </button>
    </Banner>
  );
}
