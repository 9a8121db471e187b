import type { VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { CreateVault } from './CreateVault';
import { UnlockedVault } from './UnlockedVault';
import { UnlockForm } from './UnlockForm';
import { useApi } from '../bridge/apiContext';

/** The vault: create, unlock, the personal credentials, lock controls, and what is going on (offline, queued, conflicts). */
export function VaultPage({ vault, onSignIn }: { vault: VaultState; onSignIn: () => void }) {
  const api = useApi();
  return (
    <div className="vault">
      {vault.offline && vault.status !== 'unavailable' && (
        <Banner tone="info" title="Offline">
          The control plane does not answer. You are working on the copy of your vault kept on this device
          {vault.pendingChanges > 0
            ? `; ${vault.pendingChanges} change${vault.pendingChanges === 1 ? '' : 's'} will be sent when it is back.`
            : '.'}
        </Banner>
      )}
      {vault.message && (
        <Banner tone="info" title="Vault">
          {vault.message}
        </Banner>
      )}
      {vault.conflicts.length > 0 && (
        <Banner tone="error" title="Edits met edits made on another device">
          <ul>
            {vault.conflicts.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <button type="button" className="button secondary" onClick={() => void api.vault.dismissConflicts({})}>
            Got it
          </button>
        </Banner>
      )}
      {vault.status === 'unavailable' && (
        <section className="card">
          <h1>Vault</h1>
          <p>
            {vault.offline
              ? 'The control plane does not answer and this device has no copy of a vault to unlock.'
              : 'Sign in to create or unlock your vault of personal credentials.'}
          </p>
          <button type="button" className="button primary" onClick={onSignIn}>
            Go to sign-in
          </button>
        </section>
      )}
      {vault.status === 'none' && <CreateVault vault={vault} />}
      {vault.status === 'locked' && <UnlockForm key={vault.owner?.username ?? ''} vault={vault} />}
      {vault.status === 'unlocked' && <UnlockedVault vault={vault} />}
    </div>
  );
}
